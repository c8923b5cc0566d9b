"""Each log line is printed once, with debug pages on (development) and off (production)."""

import contextlib
import logging
import uuid

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils.log import configure_logging


@contextlib.contextmanager
def logging_restored():
    """Puts every logger back as it was: the suite's own capture handlers included."""
    manager = logging.root.manager
    loggers = [logging.root] + [
        logger for logger in manager.loggerDict.values() if isinstance(logger, logging.Logger)
    ]
    saved = {
        logger: (
            logger.level,
            logger.handlers[:],
            logger.filters[:],
            logger.propagate,
            logger.disabled,
        )
        for logger in loggers
    }
    try:
        yield
    finally:
        for logger in manager.loggerDict.values():
            if isinstance(logger, logging.Logger) and logger not in saved:
                logger.setLevel(logging.NOTSET)
                logger.handlers = []
                logger.filters = []
                logger.propagate = True
                logger.disabled = False
        for logger, (level, handlers, filters, propagate, disabled) in saved.items():
            logger.setLevel(level)
            logger.handlers = handlers
            logger.filters = filters
            logger.propagate = propagate
            logger.disabled = disabled


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "no-debug"])
def test_each_log_line_is_printed_once(debug, capsys):
    markers = {
        name: f"marker-{uuid.uuid4().hex}" for name in ("request", "django", "app", "server")
    }
    with logging_restored(), override_settings(DEBUG=debug):
        # As Django sets up logging at start: its defaults first, then the project's LOGGING.
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
        logging.getLogger("django.request").warning("Not Found: /%s", markers["request"])
        logging.getLogger("django").info("%s", markers["django"])
        logging.getLogger("commodities.ingest").info("%s", markers["app"])
        logging.getLogger("django.server").info('"GET /%s HTTP/1.1" 200 0', markers["server"])
    printed = capsys.readouterr().err
    assert {name: printed.count(marker) for name, marker in markers.items()} == dict.fromkeys(
        markers, 1
    ), printed
