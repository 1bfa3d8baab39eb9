"""`manage.py check_translations` (in `make lint`): the catalogues are complete and match the code.

Fails (exit 1) on an untranslated, fuzzy or obsolete entry, a `.mo` that is not its `.po` compiled, and a
catalogue whose messages differ from those a fresh `makemessages` finds in the code today (run in a
temporary directory, so line numbers and file order never matter). docs/translations.md has the rules.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.management import translations


class Command(BaseCommand):
    help = "Check that the translation catalogues are complete and match the code."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--locale-dir", default=None, help="The catalogues to check (default: LOCALE_PATHS[0]).")
        parser.add_argument("--skip-extraction", action="store_true",
                            help="Do not compare the messages with those of the code.")

    def handle(self, *args: Any, **options: Any) -> None:
        locale_dir = Path(options["locale_dir"] or settings.LOCALE_PATHS[0])
        expected = None if options["skip_extraction"] else translations.extracted_keys()
        problems = translations.check(locale_dir, expected=expected)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} translation problem(s): see docs/translations.md")
        self.stdout.write("Translation catalogues complete and up to date.")
