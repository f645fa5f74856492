# expected-rule: security.compile
def make_function(body: str):
    code = compile(body, "<generated>", "exec")
    namespace: dict = {}
    return code, namespace
