"""Tariff notices: Federal Register documents about tariffs become pending updates.

An editor links each to the measure it concerns, or dismisses it; no measure changes by itself.
"""

from collections.abc import Iterable

from commodities.connectors import Connector
from commodities.connectors.base import DocumentRecord
from commodities.ingest import IngestError, UpsertResult, run_refresh
from commodities.models import RefreshRun
from core.models import DataVersion

from .models import PendingUpdate


def store_pending_updates(
    records: Iterable[DocumentRecord], fetched_at, heartbeat=None
) -> UpsertResult:
    """Add the documents not seen before as new pending updates.

    A known document is left as it is: its review (linked, dismissed) is the editor's.
    A document listed twice (pages shift when one is published between two requests) counts
    once.
    """
    documents = {}
    for record in records:
        documents.setdefault(record.document_number, record)
    for record in documents.values():
        check_document(record)
    known = set(
        PendingUpdate.objects.filter(document_number__in=list(documents)).values_list(
            "document_number", flat=True
        )
    )
    new = [
        PendingUpdate(
            document_number=record.document_number,
            title=record.title,
            document_type=record.document_type,
            publication_date=record.publication_date,
            url=record.url,
            abstract=record.abstract,
            fetched_at=fetched_at,
        )
        for number, record in documents.items()
        if number not in known
    ]
    PendingUpdate.objects.bulk_create(new)
    if new:
        DataVersion.bump()
    return UpsertResult(inserted=len(new), updated=0, unchanged=len(documents) - len(new))


def check_document(record: DocumentRecord) -> None:
    for name in ("document_number", "document_type", "url"):
        limit = PendingUpdate._meta.get_field(name).max_length
        if len(getattr(record, name)) > limit:
            raise IngestError(
                f"document {record.document_number[:40]}: {name} is longer than {limit}"
            )


def refresh_notices(connector: Connector, query, *, task_id="") -> RefreshRun:
    """Fetch recent Federal Register documents; the new ones become pending updates."""
    return run_refresh(connector, query, store_pending_updates, task_id=task_id)
