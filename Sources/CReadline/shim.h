// GNU readline and its history library (GPL-3.0-or-later).
#include <stdio.h>
#include <readline/readline.h>
#include <readline/history.h>
