# a lesson without commands
# still none
