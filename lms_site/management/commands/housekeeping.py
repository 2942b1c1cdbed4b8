"""``manage.py housekeeping``: the scheduled clean-up, run daily by cron or a systemd timer (README, *Housekeeping*).

Deletes unconfirmed mentoring requests whose link has expired, unlists mentors whose certificate has expired, deletes
mentor photos and uploaded files nothing points to, expired sessions and old login-throttle records. Prints one count
per job; ``--dry-run`` prints what is due and changes nothing. Safe to run at any time and as often as wanted.
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import transaction

from lms_site.housekeeping import jobs


class Command(BaseCommand):
    help = "Delete and unlist what is due: expired request links, expired mentors, orphaned uploads, old sessions."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what is due; change nothing.")
        parser.add_argument(
            "--file-age-hours",
            type=int,
            default=24,
            help="Leave unreferenced files and photos younger than this alone: an upload may be half saved (24).",
        )
        parser.add_argument(
            "--login-records-days",
            type=int,
            default=30,
            help="Keep django-axes' database records of logins this many days (30).",
        )

    def handle(self, *args, dry_run=False, file_age_hours=24, login_records_days=30, **options):
        if file_age_hours < 0 or login_records_days < 0:
            self.stderr.write("The ages must not be negative.")
            return
        verb = "due" if dry_run else "done"
        for job in jobs(file_age=timedelta(hours=file_age_hours), login_record_age=timedelta(days=login_records_days)):
            # One transaction per job: a failure leaves the others' work done.
            with transaction.atomic():
                count = job.run(dry_run=dry_run)
            self.stdout.write(f"{job.name}: {count} {verb}")
        if dry_run:
            self.stdout.write("Dry run, nothing was changed.")
