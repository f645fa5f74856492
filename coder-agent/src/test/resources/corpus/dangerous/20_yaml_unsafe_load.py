# expected-rule: security.yaml-load
import yaml

data = yaml.unsafe_load("!!python/object/apply:os.system ['id']")
