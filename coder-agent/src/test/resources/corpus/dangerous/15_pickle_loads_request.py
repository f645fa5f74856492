# expected-rule: security.pickle
import base64
import pickle


def restore_session(cookie: str):
    return pickle.loads(base64.b64decode(cookie))
