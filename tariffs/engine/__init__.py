"""The duty engine: the total duty on a product from a partner on a date, layer by layer.

`book` loads the measures that can apply, `resolve` decides which of them apply on the date
(and why the others do not), `schedule` finds the national lines and their base rates,
`layers` turns each applied measure into the duty it adds to the base, and `lookup` puts the
answer together. `rates` gives the trade-weighted effective tariff rate between partners.
"""

from .answer import DutyAnswer, Layer, LineAnswer, Skipped
from .lookup import lookup_duty

__all__ = ["DutyAnswer", "Layer", "LineAnswer", "Skipped", "lookup_duty"]
