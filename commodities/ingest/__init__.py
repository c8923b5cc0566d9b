"""Writing what the connectors fetch: one series at a time, all or nothing, every run recorded.

    run = refresh_series(connector_for("comtrade"), SeriesQuery("USA", "JPN", codes, years))
    run.status, run.rows_inserted, run.rows_updated, run.error

- Trade flows are written by `upsert_trade_flows`, an idempotent bulk upsert: on PostgreSQL
  the rows are copied into a temporary staging table and merged with one
  INSERT ... ON CONFLICT DO UPDATE; elsewhere (SQLite) by a portable path. A row already
  stored with the same figures is left as it is, so a second identical refresh writes nothing.
- A run is one transaction for its rows: a malformed answer, an unknown economy or HS code,
  or a lost lock leaves the table as it was, and the run is recorded as failed with the reason.
- Two runs of one series never overlap: a Redis lock with REDIS_URL, a process lock without.
- HS codes that are not in the nomenclature fail the run instead of being created: the table
  is loaded from the HS source (`import_hs`), and a code no one described would mislead.
"""

from .locks import LocalSeriesLock, RedisSeriesLock, SeriesBusy, series_lock
from .resolve import IngestError, TradeFlowRow, resolve_flows
from .runs import close_interrupted_runs, finish, last_refreshed, refresh_series, run_refresh
from .upsert import CHUNK_SIZE, UpsertResult, upsert_trade_flows

__all__ = [
    "CHUNK_SIZE",
    "IngestError",
    "LocalSeriesLock",
    "RedisSeriesLock",
    "SeriesBusy",
    "TradeFlowRow",
    "UpsertResult",
    "close_interrupted_runs",
    "finish",
    "last_refreshed",
    "refresh_series",
    "resolve_flows",
    "run_refresh",
    "series_lock",
    "upsert_trade_flows",
]
