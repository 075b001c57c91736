bp> replay nest-9.bpl
