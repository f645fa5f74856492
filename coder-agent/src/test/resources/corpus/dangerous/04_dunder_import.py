# expected-rule: security.dynamic-import
def load(module_name: str):
    module = __import__(module_name)
    return module.main
