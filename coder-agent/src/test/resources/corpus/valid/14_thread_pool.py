import concurrent.futures
import hashlib
from pathlib import Path


def digest(path: Path, chunk: int = 1 << 16) -> tuple[Path, str]:
    h = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            h.update(block)
    return path, h.hexdigest()


def digest_tree(root: Path, workers: int = 4) -> dict[Path, str]:
    files = [p for p in root.rglob("*") if p.is_file()]
    out: dict[Path, str] = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(digest, f): f for f in files}
        for future in concurrent.futures.as_completed(futures):
            try:
                path, value = future.result()
            except OSError:
                continue
            out[path] = value
    return out
