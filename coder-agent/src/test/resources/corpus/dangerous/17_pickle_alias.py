# expected-rule: security.pickle
import pickle as pkl

state = pkl.loads(b"...")
