from itertools import groupby
from operator import itemgetter

orders = [
    {"customer": "ann", "total": 12.5, "items": ["a", "b"]},
    {"customer": "bob", "total": 3.0, "items": ["c"]},
    {"customer": "ann", "total": 7.25, "items": []},
]

by_customer = {
    name: [o["total"] for o in group]
    for name, group in groupby(sorted(orders, key=itemgetter("customer")), key=itemgetter("customer"))
}
all_items = {item for order in orders for item in order["items"]}
big = [o for o in orders if o["total"] > 5 if o["items"]]
totals = {k: sum(v) for k, v in by_customer.items()}
matrix = [[row * col for col in range(1, 4)] for row in range(1, 4)]
flat = [cell for row in matrix for cell in row]
first_empty = next((o for o in orders if not o["items"]), None)
