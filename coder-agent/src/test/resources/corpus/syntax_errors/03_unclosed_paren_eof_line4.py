import logging

logger = logging.getLogger(__name__)
logger.info("starting %s", "service"
