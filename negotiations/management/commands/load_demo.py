from django.core.management.base import BaseCommand

from negotiations.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo data set (the 2025 Japan–United States talks). Safe to run again."

    def handle(self, *args, **options):
        negotiation = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: {negotiation}."))
