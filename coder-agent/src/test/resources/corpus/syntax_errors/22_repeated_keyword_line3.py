import logging

logging.basicConfig(level=logging.INFO, format="%(message)s", level=logging.DEBUG)
