from django.core.management.base import BaseCommand

from demo import loader


class Command(BaseCommand):
    help = "Load the demo content: the intensive, reference data, English landing pages and demo users (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--refresh", action="store_true", help="Update existing pages and snippets from the content files."
        )

    def handle(self, *args, refresh=False, **options):
        report = loader.load(refresh=refresh)
        if report.created:
            for what, number in sorted(report.created.items()):
                self.stdout.write(f"Created {number} {what}")
        else:
            self.stdout.write("The demo content is already loaded; nothing to create.")
        if report.passwords:
            self.stdout.write(self.style.WARNING("Demo users and their passwords (shown once):"))
            for username, password in report.passwords.items():
                self.stdout.write(f"  {username:<10} {username}@example.org  {password}")
