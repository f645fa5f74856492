# expected-rule: security.os-system
import os as operating_system

operating_system.system("clear")
