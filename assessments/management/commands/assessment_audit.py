"""``manage.py assessment_audit``: the guessing audit of the assessments, as the engine draws them."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assessments.audit import STRATEGIES, Bank, audit
from assessments.bank import bank_stats, bank_warnings

# A folder of content files is audited in the order a learner meets them.
KIND_ORDER = {"diagnostic": 0, "module_test": 1, "final": 2}


class Command(BaseCommand):
    help = (
        "Simulate reader-less strategies (longest option, most words, random, first, last, tick everything, options "
        "at least as long as the median) on every live assessment and print mean score and pass probability."
    )

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=1000, help="Attempts simulated per strategy (default 1000).")
        parser.add_argument("--seed", type=int, default=0, help="Seed of the simulation.")
        parser.add_argument(
            "--file",
            action="append",
            default=[],
            help="Audit a content file, or every .json file in a folder, instead of the database (repeatable).",
        )
        parser.add_argument("--lint", action="store_true", help="Also list each bank's warnings for editors.")

    def handle(self, *args, runs, seed, file, lint, **options):
        if runs < 1:
            raise CommandError("--runs must be at least 1.")
        paths = [Path(path) for path in file]
        banks = [bank for path in paths for bank in self._from_path(path)] if paths else self._from_database()
        if not banks:
            raise CommandError("No assessments to audit: publish an assessment or pass --file.")
        for bank in banks:
            if lint or paths:
                self._print_lint(bank)
        self._print_table(banks, audit(banks, runs=runs, seed=seed), runs)

    def _from_path(self, path: Path) -> list[Bank]:
        if not path.is_dir():
            return [self._from_file(path)]
        banks = [self._from_file(each) for each in sorted(path.rglob("*.json"))]
        return sorted(banks, key=lambda bank: KIND_ORDER.get(bank.kind, len(KIND_ORDER)))

    def _from_file(self, path: Path) -> Bank:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise CommandError(f"{path}: {error}") from error
        if "title" not in data:
            data = {"title": path.name, **data}
        return Bank.from_content(data, prefix=data.get("slug") or path.stem)

    def _from_database(self) -> list[Bank]:
        from assessments.models import AssessmentPage

        return [page.bank() for page in AssessmentPage.objects.live().specific().order_by("path")]

    def _print_lint(self, bank: Bank) -> None:
        stats = bank_stats(bank.items)
        pools: dict[str, int] = {}
        for item in bank.items:
            if item["type"] != "likert" and not item.get("fixed"):
                pools[item.get("competency", "")] = pools.get(item.get("competency", ""), 0) + 1
        self.stdout.write(self.style.MIGRATE_HEADING(bank.title))
        self.stdout.write(
            f"  items {stats.items}; pools {pools}; draw {bank.counts or 'all'}; key longest in "
            f"{stats.key_longest_share:.0%} of single-choice and situational items; key positions "
            f"{stats.key_positions}; multiple choice by number correct {stats.correct_counts}"
        )
        for warning in bank_warnings(bank.items, bank.counts):
            where = f"item {warning.number}" if warning.number else "bank"
            self.stdout.write(f"  ! {where}: {warning.code} {warning.detail or ''}")

    def _print_table(self, banks, results, runs) -> None:
        by_key = {(result.bank, result.strategy): result for result in results}
        width = max(len(bank.title) for bank in banks)
        header = f"{'assessment':<{width}}  " + "  ".join(f"{name:>16}" for name in STRATEGIES)
        self.stdout.write(f"\nMean score % / pass probability % over {runs} simulated attempts per strategy\n")
        self.stdout.write(header)
        for bank in banks:
            cells = []
            for name in STRATEGIES:
                result = by_key[(bank.title, name)]
                # The entry diagnostic has no pass mark: only its mean says something.
                chance = "—" if bank.kind == "diagnostic" else f"{result.pass_probability * 100:.1f}"
                cells.append(f"{result.mean:>8.1f} / {chance:>5}")
            self.stdout.write(f"{bank.title:<{width}}  " + "  ".join(f"{cell:>16}" for cell in cells))
