bp> replay nest-2.bpl
