bp> replay nest-7.bpl
