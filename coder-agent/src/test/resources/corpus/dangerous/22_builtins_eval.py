# expected-rule: security.eval
import builtins


def evaluate(text):
    return builtins.eval(text)
