bp> replay cycle-a.bpl
