# expected-rule: security.os-system
from os import system as run_command


def restart(service):
    run_command("systemctl restart " + service)
