def key():
    return "k"


key() = "value"
