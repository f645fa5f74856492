settings = {
    "debug": True,
    "level": ,
}
