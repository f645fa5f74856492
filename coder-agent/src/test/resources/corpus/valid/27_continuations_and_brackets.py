TOTAL = 1 + \
    2 + \
    3

QUERY = (
    "SELECT id, name "
    "FROM users "
    "WHERE active = 1"
)


def configure(host="localhost",
              port=5432,
                  timeout=30):
    options = {
        "host": host,
            "port": port,
        "timeout": timeout,
    }
    if options["port"] > 0: return options
    return {}


values = [x * 2
          for x in range(10)
              if x % 3]
x = 1; y = 2; z = x + y
