# expected-rule: security.exec
import urllib.request


def run_plugin(url: str) -> None:
    source = urllib.request.urlopen(url).read().decode()
    exec(source, {})
