eval_loss = 0.25
exec_time_ms = 12
system = "linux"
popen_count = 3
loads = [1, 2, 3]
print(eval_loss, exec_time_ms, system, popen_count, sum(loads))
