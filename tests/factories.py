import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from commodities.models import Commodity, TradeFlow
from core.models import Economy, Source
from negotiations.models import (
    Agreement,
    Commitment,
    CommitmentStatusChange,
    Concession,
    ConcessionStatusChange,
    Delegation,
    Encounter,
    Negotiation,
    Person,
    Round,
    Statement,
)
from tariffs.models import Measure, MeasureChange, ScopeLine, Status


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")

    @factory.post_generation
    def groups(self, create, names):
        for name in names or []:
            self.groups.add(Group.objects.get(name=name))


class EconomyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Economy
        django_get_or_create = ["iso3"]

    name = factory.Sequence(lambda n: f"Economy {n}")
    iso3 = factory.Sequence(lambda n: "X" + chr(65 + n // 26 % 26) + chr(65 + n % 26))


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    publisher = "Federal Register"
    title = factory.Sequence(lambda n: f"Notice {n}")
    kind = Source.Kind.OFFICIAL_DOCUMENT
    published_on = dt.date(2025, 4, 1)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    slug = factory.Sequence(lambda n: f"person-{n}")
    office = "Minister"
    economy = factory.SubFactory(EconomyFactory)


class NegotiationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Negotiation

    title = factory.Sequence(lambda n: f"Negotiation {n}")
    slug = factory.Sequence(lambda n: f"negotiation-{n}")
    started_on = dt.date(2025, 4, 1)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Round

    negotiation = factory.SubFactory(NegotiationFactory)
    sequence = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Round {n}")
    start_date = dt.date(2025, 4, 16)
    end_date = factory.SelfAttribute("start_date")
    city = "Washington"


class DelegationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Delegation

    round = factory.SubFactory(RoundFactory)
    economy = factory.SubFactory(EconomyFactory)


class EncounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Encounter

    round = factory.SubFactory(RoundFactory)
    description = "Met at the ministry."


class StatementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Statement

    round = factory.SubFactory(RoundFactory)
    speaker = factory.SubFactory(PersonFactory)
    said_on = dt.date(2025, 4, 16)
    quote = "Talks were constructive."


class CommodityFactory(factory.django.DjangoModelFactory):
    """A commodity and, created on the way, every ancestor it needs."""

    class Meta:
        model = Commodity
        django_get_or_create = ["code"]

    code = "870323"
    description = factory.LazyAttribute(lambda o: f"Goods of {o.code}")
    parent = factory.LazyAttribute(
        lambda o: CommodityFactory(code=o.code[:-2]) if len(o.code) > 2 else None
    )


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure

    title = factory.Sequence(lambda n: f"Measure {n}")
    issuer = factory.SubFactory(EconomyFactory, iso3="USA", name="United States")
    legal_basis = "section_232"


class ScopeLineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScopeLine

    measure = factory.SubFactory(MeasureFactory)
    commodity = factory.SubFactory(CommodityFactory)


class MeasureChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeasureChange

    measure = factory.SubFactory(MeasureFactory)
    effective_on = dt.date(2025, 4, 3)
    status = Status.IN_FORCE
    ad_valorem_rate = Decimal("25")


class ConcessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concession

    negotiation = factory.SubFactory(NegotiationFactory)
    giver = factory.SubFactory(EconomyFactory, iso3="JPN", name="Japan")
    receiver = factory.SubFactory(EconomyFactory, iso3="USA", name="United States")
    commodity = factory.SubFactory(CommodityFactory, code="1006")
    kind = Concession.Kind.PURCHASE
    title = factory.Sequence(lambda n: f"Concession {n}")


class ConcessionStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConcessionStatusChange

    concession = factory.SubFactory(ConcessionFactory)
    changed_on = dt.date(2025, 4, 16)
    status = Concession.Status.OFFERED


class TradeFlowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TradeFlow

    source = TradeFlow.Source.COMTRADE
    reporter = factory.SubFactory(EconomyFactory, iso3="USA", name="United States")
    partner = factory.SubFactory(EconomyFactory, iso3="JPN", name="Japan")
    commodity = factory.SubFactory(CommodityFactory)
    year = 2024
    flow = TradeFlow.Direction.IMPORT
    value_usd = Decimal("1000000.00")
    fetched_at = factory.LazyFunction(lambda: dt.datetime(2025, 5, 1, tzinfo=dt.UTC))


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    negotiation = factory.SubFactory(NegotiationFactory)
    kind = Agreement.Kind.FRAMEWORK
    title = factory.Sequence(lambda n: f"Agreement {n}")
    announced_on = dt.date(2025, 7, 22)


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    agreement = factory.SubFactory(AgreementFactory)
    giver = factory.SubFactory(EconomyFactory, iso3="JPN", name="Japan")
    kind = Commitment.Kind.PURCHASE
    description = factory.Sequence(lambda n: f"Commitment {n}")


class CommitmentStatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitmentStatusChange

    commitment = factory.SubFactory(CommitmentFactory)
    changed_on = dt.date(2025, 7, 22)
    status = Commitment.Status.ANNOUNCED
