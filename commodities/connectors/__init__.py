"""Connectors: each turns one external source into records, behind one interface.

    connector = connector_for("comtrade")
    for record in connector.fetch(SeriesQuery("USA", "JPN", ("870323",), (2024,))):
        ...

Base URLs, keys, timeouts and retry delays are settings (see config/settings/base.py).
"""

from .base import (
    Connector,
    DocumentRecord,
    FetchError,
    FlowRecord,
    MalformedResponse,
    RefreshError,
    SeriesQuery,
)
from .census import CensusConnector
from .comtrade import ComtradeConnector
from .files import SAMPLE_PATH, FileConnector, FileQuery

CONNECTORS = {
    ComtradeConnector.source: ComtradeConnector.from_settings,
    CensusConnector.source: CensusConnector.from_settings,
    FileConnector.source: FileConnector,
}
TRADE_SOURCES = (ComtradeConnector.source, CensusConnector.source)


def connector_for(source: str) -> Connector:
    """A connector configured from the current settings."""
    try:
        return CONNECTORS[source]()
    except KeyError:
        raise RefreshError(
            f"unknown source {source!r}; expected one of {', '.join(CONNECTORS)}"
        ) from None


__all__ = [
    "CONNECTORS",
    "SAMPLE_PATH",
    "TRADE_SOURCES",
    "CensusConnector",
    "ComtradeConnector",
    "Connector",
    "DocumentRecord",
    "FetchError",
    "FileConnector",
    "FileQuery",
    "FlowRecord",
    "MalformedResponse",
    "RefreshError",
    "SeriesQuery",
    "connector_for",
]
