import pandas as pd

df = pd.DataFrame({"a": [1, 2], "b": [3, 4]})
df["c"] = df.eval("a + b")
result = df.query("c > 4")
