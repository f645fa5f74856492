import shlex
import subprocess


def git_log(repo: str, count: int = 5) -> str:
    cmd = ["git", "-C", repo, "log", f"-{count}", "--oneline"]
    return subprocess.run(cmd, check=True, capture_output=True, text=True).stdout


print(shlex.join(["ls", "-la"]))
