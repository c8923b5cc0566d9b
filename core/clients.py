"""The address a request comes from, one answer for the API's throttle and the login lockout."""

from rest_framework.throttling import BaseThrottle


def client_address(request):
    """REMOTE_ADDR; behind `NUM_PROXIES` proxies (DJANGO_PROXY_COUNT), the address the
    outermost one appended to X-Forwarded-For, so that a client cannot pick its own by
    sending that header. DRF's rule, which its throttle applies."""
    return BaseThrottle().get_ident(request)
