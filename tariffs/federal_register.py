"""Federal Register documents API: recent presidential documents and notices about tariffs.

Each document becomes a pending update for an editor to review; nothing here touches a
measure. Pages are followed through `next_page_url` until it is null.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings

from commodities.connectors.base import (
    Connector,
    DocumentRecord,
    FieldReader,
    Heartbeat,
    MalformedResponse,
    no_heartbeat,
)
from commodities.connectors.http import HttpClient, logger

DOCUMENT_TYPES = ("PRESDOCU", "NOTICE")
FIELDS = ("document_number", "title", "type", "publication_date", "html_url", "abstract")


@dataclass(frozen=True)
class NoticeQuery:
    since: dt.date
    term: str = "tariff"
    types: tuple[str, ...] = DOCUMENT_TYPES

    def as_parameters(self) -> dict:
        return {"since": self.since.isoformat(), "term": self.term, "types": list(self.types)}


class FederalRegisterConnector(Connector):
    source = "federal_register"

    def __init__(self, base_url, per_page=100, max_pages=20):
        self.base_url = base_url.rstrip("/")
        self.per_page = per_page
        self.max_pages = max_pages

    @classmethod
    def from_settings(cls):
        return cls(
            base_url=settings.FEDERAL_REGISTER_BASE_URL,
            per_page=settings.FEDERAL_REGISTER_PER_PAGE,
            max_pages=settings.FEDERAL_REGISTER_MAX_PAGES,
        )

    def series(self, query: NoticeQuery) -> str:
        return f"federal_register:{query.term}"

    def fetch(self, query: NoticeQuery, heartbeat: Heartbeat = no_heartbeat) -> Iterator:
        with HttpClient.from_settings("Federal Register", heartbeat=heartbeat) as client:
            url = f"{self.base_url}/documents.json"
            params = [
                ("conditions[term]", query.term),
                *(("conditions[type][]", kind) for kind in query.types),
                ("conditions[publication_date][gte]", query.since.isoformat()),
                ("order", "newest"),
                ("per_page", str(self.per_page)),
                *(("fields[]", name) for name in FIELDS),
            ]
            for page in range(1, self.max_pages + 1):
                payload = client.get_json(url, params)
                where = f"Federal Register response, page {page}"
                yield from self.records(payload, where)
                heartbeat()
                next_url = payload.get("next_page_url")
                if not next_url:
                    return
                if not isinstance(next_url, str):
                    raise MalformedResponse(f"{where}: field 'next_page_url' should be a string")
                # Only the query of the next page is taken: the configured base URL stays the
                # one asked, whatever host the response names.
                params = parse_qsl(urlsplit(next_url).query, keep_blank_values=True)
            logger.warning(
                "Federal Register: stopped after %d pages; older documents are left for later",
                self.max_pages,
            )

    def records(self, payload, where) -> Iterator[DocumentRecord]:
        if not isinstance(payload, dict):
            raise MalformedResponse(f"{where}: expected a JSON object")
        if "count" not in payload:
            raise MalformedResponse(f"{where}: field 'count' is missing")
        # With no match the API leaves "results" out.
        results = payload.get("results", [])
        if not isinstance(results, list):
            raise MalformedResponse(f"{where}: field 'results' should be a list")
        for index, item in enumerate(results, start=1):
            yield parse_document(FieldReader(f"{where}, result {index}", item))


def parse_document(read: FieldReader) -> DocumentRecord:
    number = read.text("document_number").strip()
    if not number:
        raise MalformedResponse(f"{read.where}: field 'document_number' is empty")
    published = read.text("publication_date")
    try:
        publication_date = dt.date.fromisoformat(published)
    except ValueError:
        raise MalformedResponse(
            f"{read.where}: publication_date {published!r} is not a date (YYYY-MM-DD)"
        ) from None
    url = read.text("html_url")
    if not url.startswith(("https://", "http://")):
        raise MalformedResponse(f"{read.where}: html_url {url!r} is not a web address")
    return DocumentRecord(
        document_number=number,
        title=read.text("title"),
        document_type=read.text("type"),
        publication_date=publication_date,
        url=url,
        abstract=read.text("abstract", optional=True) or "",
    )
