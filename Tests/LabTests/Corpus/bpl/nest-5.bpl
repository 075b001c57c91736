bp> replay nest-6.bpl
