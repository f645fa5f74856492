import ast


def parse_literal(text: str):
    return ast.literal_eval(text)
