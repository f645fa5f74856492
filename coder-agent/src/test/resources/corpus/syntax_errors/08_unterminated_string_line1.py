GREETING = "hello
NAME = "world"
