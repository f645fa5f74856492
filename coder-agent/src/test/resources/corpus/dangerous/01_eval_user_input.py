# expected-rule: security.eval
def calculate(expression: str) -> float:
    """Evaluate an arithmetic expression typed by the user."""
    return eval(expression)
