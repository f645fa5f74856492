import subprocess

subprocess.call(["make", "test"], shell=False)
subprocess.Popen(["sleep", "1"]).wait()
