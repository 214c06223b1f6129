"""tf.logging"""
from ..platform.tf_logging import (  # noqa: F401
    DEBUG, ERROR, FATAL, INFO, WARN, WARNING, debug, error, fatal, flush, get_logger, get_verbosity, info, log,
    log_every_n, log_first_n, log_if, set_verbosity, vlog, warn, warning)
from ._missing import missing_names as _missing_names

__getattr__ = _missing_names("tf.logging")
