from django.conf import settings
from rest_framework.permissions import SAFE_METHODS, BasePermission, DjangoModelPermissions


class ModelPermissionsOrReadOnly(DjangoModelPermissions):
    """Writes need the model permission (the Editor group has them); reads need nothing more.

    Anonymous reads are allowed unless `API_ALLOW_ANONYMOUS_READ` is off.
    """

    @property
    def authenticated_users_only(self):
        return not settings.API_ALLOW_ANONYMOUS_READ


class ReadOnly(BasePermission):
    """For computed answers with no model behind them: read-only, anonymous as configured.

    A method the view does not have is let through, to be answered 405 (not 403) by the view.
    """

    def has_permission(self, request, view):
        if request.method not in SAFE_METHODS:
            return not hasattr(view, request.method.lower())
        return settings.API_ALLOW_ANONYMOUS_READ or request.user.is_authenticated


class Readers(BasePermission):
    """Whoever may read the API: anyone, or only users with `API_ALLOW_ANONYMOUS_READ` off.

    For what a reader asks of the site about what they may read (a list's export)."""

    def has_permission(self, request, view):
        return settings.API_ALLOW_ANONYMOUS_READ or request.user.is_authenticated


class StepPermissions(ModelPermissionsOrReadOnly):
    """A step appended to a record's history (`core.api.steps`) changes the record: it needs
    the permission to change it, as the record's own PUT and PATCH do."""

    perms_map = {
        **ModelPermissionsOrReadOnly.perms_map,
        "POST": ["%(app_label)s.change_%(model_name)s"],
    }
