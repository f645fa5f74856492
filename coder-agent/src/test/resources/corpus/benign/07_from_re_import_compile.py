from re import compile

WORD = compile(r"\w+")
tokens = WORD.findall("hello world")
