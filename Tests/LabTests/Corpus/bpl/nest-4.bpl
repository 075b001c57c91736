bp> replay nest-5.bpl
