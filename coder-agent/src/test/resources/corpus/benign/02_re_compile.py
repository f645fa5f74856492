import re

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


def is_email(value: str) -> bool:
    return EMAIL.match(value) is not None
