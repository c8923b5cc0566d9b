"""API tokens (django-rest-knox): a client logs in once and sends `Authorization: Token ...`.

Only a hash of each token is stored; a token expires `REST_KNOX["TOKEN_TTL"]` after it was
issued (API_TOKEN_HOURS) and is shown once, in the answer that issues it.
"""

from django.db import transaction
from drf_spectacular.authentication import BasicScheme
from drf_spectacular.utils import extend_schema
from knox import views as knox_views
from rest_framework import exceptions, serializers
from rest_framework.authentication import BasicAuthentication, SessionAuthentication

from ..lockout import cool_off_seconds, lockout_message


class LockoutBasicAuthentication(BasicAuthentication):
    """HTTP Basic, saying so when django-axes has locked the username out from this address
    (429 with how long to wait) instead of a bare "invalid username/password"."""

    def authenticate_credentials(self, userid, password, request=None):
        try:
            return super().authenticate_credentials(userid, password, request)
        except exceptions.AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):
                raise exceptions.Throttled(
                    wait=cool_off_seconds(request), detail=lockout_message(request)
                ) from None
            raise


class LockoutBasicScheme(BasicScheme):
    """The schema describes it as the HTTP Basic it is."""

    target_class = LockoutBasicAuthentication


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send it as `Authorization: Token <token>`. Shown only this once."
    )
    expiry = serializers.DateTimeField(help_text="When the token stops working.")


class LoginView(knox_views.LoginView):
    """Issue a token to a user who proves who they are: HTTP Basic (username and password)
    or the session of a logged-in user."""

    authentication_classes = [LockoutBasicAuthentication, SessionAuthentication]
    locks_out = True  # django-axes: a 429 after LOGIN_FAILURE_LIMIT failures

    @classmethod
    def as_view(cls, **initkwargs):
        # Outside the request's transaction: a refused login is an error answer, whose
        # transaction is rolled back, and the failure django-axes counts must stay counted.
        return transaction.non_atomic_requests(super().as_view(**initkwargs))

    @extend_schema(request=None, responses={200: IssuedTokenSerializer})
    def post(self, request, format=None):
        return super().post(request, format=format)


def require_token(request):
    """Logging out revokes the token the request came with; a request without one has none."""
    if request.auth is None:
        raise exceptions.NotAuthenticated("Log out with the token to revoke.")


class LogoutView(knox_views.LogoutView):
    """Revoke the token this request is sent with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        require_token(request)
        return super().post(request, format=format)


class LogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the user this request's token belongs to."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        require_token(request)
        return super().post(request, format=format)
