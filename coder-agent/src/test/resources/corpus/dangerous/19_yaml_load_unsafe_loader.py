# expected-rule: security.yaml-load
import yaml

data = yaml.load(open("config.yml"), Loader=yaml.Loader)
