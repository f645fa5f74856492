name = "x"
message = f"hello {name"
print(message)
