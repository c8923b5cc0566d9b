import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken
from knox.settings import knox_settings


class Command(BaseCommand):
    help = (
        "Issue an API token for a user and print it on standard output. It is shown only this "
        "once (a hash of it is stored) and expires after API_TOKEN_HOURS, or --hours."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--hours", type=float, help="how long the token works")

    def handle(self, *args, username, hours, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user {username!r}.")
        if hours is not None and hours <= 0:
            raise CommandError("--hours must be more than 0.")
        lifetime = dt.timedelta(hours=hours) if hours is not None else knox_settings.TOKEN_TTL
        instance, token = AuthToken.objects.create(user=user, expiry=lifetime)
        self.stdout.write(token)
        self.stderr.write(f"Token for {user}, expires {instance.expiry:%Y-%m-%d %H:%M} UTC.")
