"""`field__any=[...]`: membership in a list of values sent as one array parameter.

`field__in=[...]` writes one placeholder per value: a page that narrows a query by a few
thousand ids read just before spends more time building that SQL than the database spends
answering it, and PostgreSQL plans a long IN list no better than an array. On PostgreSQL
this is `field = ANY(%s)` with the list as one parameter; elsewhere it is `IN`.
"""

from django.db.models import Field, ForeignObject, Lookup
from django.db.models.lookups import In


class Any(Lookup):
    lookup_name = "any"
    prepare_rhs = False

    def get_prep_lookup(self):
        field = self.lhs.output_field
        target = getattr(field, "target_field", field)
        return [target.get_prep_value(value) for value in self.rhs]

    def as_sql(self, compiler, connection):
        if connection.vendor != "postgresql":
            return In(self.lhs, self.rhs).as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


# Related fields look their lookups up on their own classes only.
Field.register_lookup(Any)
ForeignObject.register_lookup(Any)
