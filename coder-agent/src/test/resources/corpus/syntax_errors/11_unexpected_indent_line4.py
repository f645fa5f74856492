import json

data = json.loads("{}")
    print(data)
