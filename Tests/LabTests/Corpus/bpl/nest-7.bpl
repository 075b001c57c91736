bp> replay nest-8.bpl
