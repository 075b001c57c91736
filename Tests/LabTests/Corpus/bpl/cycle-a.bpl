bp> replay cycle-b.bpl
