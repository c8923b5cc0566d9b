from ..state import APPLIED_STATUSES, Status
from .measures import LegalBasis, Measure, MeasureChange, MeasureQuerySet, ScopeLine
from .notices import PendingUpdate
from .schedule import Chapter99Heading, NationalLine, ScheduleRevision

__all__ = [
    "APPLIED_STATUSES",
    "Chapter99Heading",
    "LegalBasis",
    "Measure",
    "MeasureChange",
    "MeasureQuerySet",
    "NationalLine",
    "PendingUpdate",
    "ScheduleRevision",
    "ScopeLine",
    "Status",
]
