import yaml
from yaml import CSafeLoader

a = yaml.load(open("a.yml"), Loader=yaml.SafeLoader)
b = yaml.load(open("b.yml"), CSafeLoader)
