"""What Japan is asked for or considers giving, each with its status."""

from ..models import Concession, ConcessionStatusChange
from .sync import sync

MARKET_ACCESS_NOTE = "Named by U.S. negotiators as a priority for improved market access."
CONSIDERED_NOTE = "Japan is considering it, according to a Yomiuri report; not an offer."
# What Japan is asked for or considers giving the United States: (HS code, title, kind, status)
CONCESSIONS = [
    ("8703", "Market access for U.S. automobiles", "market_access", "requested"),
    ("02", "Market access for U.S. meat", "market_access", "requested"),
    ("03", "Market access for U.S. fish products", "market_access", "requested"),
    ("0701", "Market access for U.S. potatoes", "market_access", "requested"),
    ("1201", "More imports of U.S. soybeans", "purchase", "under_consideration"),
    ("1006", "More imports of U.S. rice", "purchase", "under_consideration"),
]


def load_concessions(negotiation, economies, sources):
    first = negotiation.rounds.get(sequence=1)
    for code, title, kind, status in CONCESSIONS:
        concession(
            negotiation,
            first,
            giver=economies["JPN"],
            receiver=economies["USA"],
            code=code,
            title=title,
            kind=kind,
            status=status,
            note=MARKET_ACCESS_NOTE if status == "requested" else CONSIDERED_NOTE,
            sources=sources["reports"],
        )


def concession(negotiation, round_, *, giver, receiver, code, title, kind, status, note, sources):
    item = sync(
        Concession,
        {"negotiation": negotiation, "title": title},
        round=round_,
        giver=giver,
        receiver=receiver,
        commodity_id=code,
        kind=kind,
        description=note,
    )
    item.sources.set(sources)
    change = sync(
        ConcessionStatusChange,
        {"concession": item, "changed_on": round_.start_date, "status": status},
        round=round_,
        note=note,
    )
    change.sources.set(sources)
    return item
