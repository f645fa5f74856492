import sqlite3
from concurrent.futures import ThreadPoolExecutor


def count(db: str) -> int:
    conn = sqlite3.connect(db)
    cur = conn.execute("SELECT COUNT(*) FROM users WHERE active = ?", (1,))
    return cur.fetchone()[0]


with ThreadPoolExecutor() as executor:
    future = executor.submit(count, "app.db")
