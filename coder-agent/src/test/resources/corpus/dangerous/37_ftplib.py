# expected-rule: security.ftp
"""Uploads nightly exports."""
from ftplib import FTP


def upload(host: str) -> None:
    with FTP(host) as ftp:
        ftp.login()
