"""API tokens (django-rest-knox): a client logs in once and sends `Authorization: Token ...`.

Only a hash of each token is stored; a token expires `REST_KNOX["TOKEN_TTL"]` after it was
issued (API_TOKEN_HOURS) and is shown once, in the answer that issues it.
"""

from drf_spectacular.utils import extend_schema
from knox import views as knox_views
from rest_framework import serializers
from rest_framework.authentication import BasicAuthentication, SessionAuthentication


class IssuedTokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text="Send it as `Authorization: Token <token>`. Shown only this once."
    )
    expiry = serializers.DateTimeField(help_text="When the token stops working.")


class LoginView(knox_views.LoginView):
    """Issue a token to a user who proves who they are: HTTP Basic (username and password)
    or the session of a logged-in user."""

    authentication_classes = [BasicAuthentication, SessionAuthentication]

    @extend_schema(request=None, responses={200: IssuedTokenSerializer})
    def post(self, request, format=None):
        return super().post(request, format=format)


class LogoutView(knox_views.LogoutView):
    """Revoke the token this request is sent with."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)


class LogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the user this request's token belongs to."""

    @extend_schema(request=None, responses={204: None})
    def post(self, request, format=None):
        return super().post(request, format=format)
