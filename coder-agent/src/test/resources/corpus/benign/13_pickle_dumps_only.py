import pickle
import marshal

blob = pickle.dumps({"a": 1})
code_blob = marshal.dumps(compile.__name__)
