print("bplab: the REPL is not built yet")
