# expected-rule: security.subprocess-shell
import subprocess


def convert(src: str, dst: str) -> None:
    subprocess.run(f"convert {src} {dst}", shell=True, check=True)
