from .agreements import Agreement, Commitment, CommitmentStatusChange
from .concessions import Concession, ConcessionStatusChange
from .talks import Delegation, Encounter, Negotiation, Person, Round, Statement

__all__ = [
    "Agreement",
    "Commitment",
    "CommitmentStatusChange",
    "Concession",
    "ConcessionStatusChange",
    "Delegation",
    "Encounter",
    "Negotiation",
    "Person",
    "Round",
    "Statement",
]
