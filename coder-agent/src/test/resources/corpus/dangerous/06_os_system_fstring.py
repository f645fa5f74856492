# expected-rule: security.os-system
import os


def backup(directory: str) -> int:
    return os.system(f"tar czf /tmp/backup.tgz {directory}")
