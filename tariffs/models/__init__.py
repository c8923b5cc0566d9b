from ..state import APPLIED_STATUSES, Form, Status
from .changes import MeasureChange
from .measures import LegalBasis, Measure, MeasureQuerySet, ScopeLine
from .notices import PendingUpdate
from .relations import MeasureRelation, PartnerException
from .schedule import Chapter99Heading, NationalLine, ScheduleRevision

__all__ = [
    "APPLIED_STATUSES",
    "Chapter99Heading",
    "Form",
    "LegalBasis",
    "Measure",
    "MeasureChange",
    "MeasureQuerySet",
    "MeasureRelation",
    "NationalLine",
    "PartnerException",
    "PendingUpdate",
    "ScheduleRevision",
    "ScopeLine",
    "Status",
]
