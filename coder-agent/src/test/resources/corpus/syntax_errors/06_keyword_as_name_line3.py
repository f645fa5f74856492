def build():
    config = {}
    class = "primary"
    return config, class
