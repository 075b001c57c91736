bp> replay self-replay.bpl
