# expected-rule: security.subprocess-shell
import subprocess

proc = subprocess.Popen("ls -la | grep py", shell=True, stdout=subprocess.PIPE)
out, _ = proc.communicate()
