# expected-rule: security.subprocess-shell
from subprocess import call


def ping(host):
    return call("ping -c 1 " + host, shell=True)
