# expected-rule: security.subprocess-shell
import subprocess

version = subprocess.getoutput("python --version")
