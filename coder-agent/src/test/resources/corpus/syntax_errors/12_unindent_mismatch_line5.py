def process(items):
    for item in items:
        if item:
            print(item)
      print("done")
