import logging
import logging.config
import sys

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)-8s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "plain",
        },
    },
    "root": {"level": "INFO", "handlers": ["console"]},
}


def configure(verbose: bool = False) -> logging.Logger:
    logging.config.dictConfig(LOGGING)
    logger = logging.getLogger("app")
    if verbose:
        logger.setLevel(logging.DEBUG)
    logger.debug("logging configured (python %s)", sys.version.split()[0])
    return logger
