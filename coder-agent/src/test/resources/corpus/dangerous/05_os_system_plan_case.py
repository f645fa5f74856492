# expected-rule: security.os-system
import os
os.system('rm -rf /')
