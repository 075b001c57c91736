bp> replay nest-3.bpl
