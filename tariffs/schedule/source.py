"""Read a schedule export from a file path or an http(s) URL, gzip-compressed or plain JSON."""

import gzip
import json
import os
import zlib
from urllib.parse import urlsplit, urlunsplit

import requests

from .errors import ScheduleImportError

URL_TIMEOUT_SECONDS = (10, 120)  # connect, read
GZIP_MAGIC = b"\x1f\x8b"
SOURCE_MAX_LENGTH = 500


def is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def source_label(source: str) -> str:
    """What a revision records as its source: the URL (without any user:password part), or
    the file's base name, never a local directory."""
    if is_url(source):
        parts = urlsplit(source)
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=host))[:SOURCE_MAX_LENGTH]
    return os.path.basename(os.fspath(source))[:SOURCE_MAX_LENGTH]


def read_bytes(source: str, timeout=URL_TIMEOUT_SECONDS) -> bytes:
    """The raw bytes of the file or of the URL's response body."""
    source = os.fspath(source)
    if is_url(source):
        return _fetch(source, timeout)
    try:
        with open(source, "rb") as file:
            return file.read()
    except OSError as error:
        raise ScheduleImportError(f"cannot open the file: {error.strerror or error}") from error


def _fetch(url: str, timeout) -> bytes:
    try:
        response = requests.get(url, timeout=timeout)
    except requests.RequestException as error:
        raise ScheduleImportError(f"cannot fetch the URL: {error}") from error
    with response:
        if response.status_code >= 400:
            raise ScheduleImportError(
                f"cannot fetch the URL: HTTP {response.status_code} {response.reason}"
            )
        return response.content


def decode(data: bytes):
    """The JSON value the bytes hold, unpacking them first when they start as gzip does."""
    if data[:2] == GZIP_MAGIC:
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise ScheduleImportError(f"not a readable gzip file: {error}") from error
    try:
        return json.loads(data)
    except UnicodeDecodeError as error:
        raise ScheduleImportError(f"not JSON: not UTF-8 text ({error.reason})") from error
    except json.JSONDecodeError as error:
        raise ScheduleImportError(
            f"not JSON: {error.msg} at line {error.lineno}, column {error.colno}"
        ) from error


def load_rows(source: str):
    """The JSON value of a schedule export at a path or URL (the caller checks its shape)."""
    return decode(read_bytes(source))
