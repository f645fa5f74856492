def usage() -> str:
    return """Usage:
  tool [options] <file>

Options:
    -h  show help
        -v  verbose
"""


SQL = '''
    CREATE TABLE IF NOT EXISTS events (
        id INTEGER PRIMARY KEY,
        payload TEXT NOT NULL
    )
'''


def banner(name: str) -> str:
    width = 40
    return f"""
{'=' * width}
{name.center(width)}
{'=' * width}
"""
