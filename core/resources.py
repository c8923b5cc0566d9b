"""Union memberships entered in bulk: one row per customs union or group.

    union, members

`union` is the ISO3 code of a recorded economy; `members` the ISO3 codes of its members, parted
by ";" (`DEU; FRA; ITA`). The members listed are the union's members: economies not listed
leave it. An economy is added in the admin first; a row naming an unknown one is an error.
"""

from django.core.exceptions import ValidationError

from .bulk import BulkResource, ByKeys, column, register
from .models import Economy


@register
class MembershipResource(BulkResource):
    kind = "memberships"
    example = {"union": "EUN", "members": "DEU; FRA; ITA"}

    union = column("iso3", column_name="union")
    members = column("members", ByKeys(Economy, "iso3"), m2m_add=False)

    class Meta:
        model = Economy
        fields = ["union", "members"]
        import_id_fields = ["union"]

    def init_instance(self, row=None):
        raise ValidationError({"union": f"No economy {row.get('union')}: add it first."})
