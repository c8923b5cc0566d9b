from rest_framework.exceptions import ValidationError

from core.api.steps import StepsMixin, steps_action
from core.api.viewsets import ReadWriteViewSet
from tariffs.forms import OnDateForm

from .. import querysets
from ..filtersets import (
    AgreementFilterSet,
    CommitmentFilterSet,
    ConcessionFilterSet,
    NegotiationFilterSet,
    PersonFilterSet,
    RoundFilterSet,
)
from . import agreements, serializers


class PersonViewSet(ReadWriteViewSet):
    queryset = querysets.people()
    lookup_field = "slug"
    serializer_class = serializers.PersonSerializer
    brief_serializer_class = serializers.PersonBriefSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name"]


class NegotiationViewSet(ReadWriteViewSet):
    queryset = querysets.negotiations()
    lookup_field = "slug"
    serializer_class = serializers.NegotiationSerializer
    brief_serializer_class = serializers.NegotiationBriefSerializer
    filterset_class = NegotiationFilterSet
    ordering_fields = ["started_on", "title", "status"]


class RoundViewSet(ReadWriteViewSet):
    queryset = querysets.rounds()
    serializer_class = serializers.RoundSerializer
    brief_serializer_class = serializers.RoundBriefSerializer
    filterset_class = RoundFilterSet
    ordering_fields = ["start_date", "sequence", "title"]


class ConcessionViewSet(StepsMixin, ReadWriteViewSet):
    queryset = querysets.concessions()
    list_queryset = querysets.concession_rows(*serializers.ConcessionBriefSerializer.row_keys())
    serializer_class = serializers.ConcessionSerializer
    brief_serializer_class = serializers.ConcessionBriefSerializer
    filterset_class = ConcessionFilterSet
    ordering_fields = ["title", "status", "kind", "id"]

    steps = steps_action(
        "steps",
        "concession",
        querysets.concession_steps(),
        serializers.ConcessionStatusChangeSerializer,
        "the concession's status steps",
    )


class OnDateMixin:
    """Lists, details and CSV give each commitment's status on `?on=` (or today)."""

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "on": self.on_date()}

    def on_date(self):
        form = OnDateForm(self.request.query_params if self.request else {})
        if not form.is_valid():
            raise ValidationError(form.errors)
        return form.on_date()


class AgreementViewSet(OnDateMixin, ReadWriteViewSet):
    queryset = querysets.agreements()
    list_queryset = querysets.agreement_summaries()
    serializer_class = agreements.AgreementSerializer
    brief_serializer_class = agreements.AgreementBriefSerializer
    filterset_class = AgreementFilterSet
    ordering_fields = ["announced_on", "title", "kind", "id"]


class CommitmentViewSet(OnDateMixin, ReadWriteViewSet):
    queryset = querysets.commitments()
    list_queryset = querysets.commitment_summaries()
    serializer_class = agreements.CommitmentSerializer
    brief_serializer_class = agreements.CommitmentBriefSerializer
    filterset_class = CommitmentFilterSet
    ordering_fields = ["kind", "amount", "id"]
