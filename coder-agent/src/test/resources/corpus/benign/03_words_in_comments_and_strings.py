# Never call eval() or exec() on user input, and never use os.system('rm -rf /').
HELP = "The exec command runs a task; eval(expression) is not supported; shell=True is banned."


def describe() -> str:
    """Explains why pickle.loads and yaml.load are avoided here."""
    return HELP
