# expected-rule: security.yaml-load
import yaml


def read_config(path):
    with open(path) as handle:
        return yaml.load(handle)
