bp> replay nest-4.bpl
