"""`manage.py update_translations` (`make messages`): the catalogues brought up to date with the code.

Extracts every message of the code into `locale/<lang>/LC_MESSAGES/django.po` (`makemessages`, entries the
code no longer has removed), gives the English catalogue's new entries their msgid as translation (the
msgids are English, docs/translations.md), then compiles the `.mo` files. The French translations of new
messages are left empty: write them, run it again, and `check_translations` passes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from api.management import translations


class Command(BaseCommand):
    help = "Update the translation catalogues (locale/) from the code and compile them."

    def handle(self, *args: Any, **options: Any) -> None:
        locale_dir = Path(settings.LOCALE_PATHS[0])
        translations.make_messages(translations.root(), verbosity=max(0, options["verbosity"] - 1))
        source = translations.catalogue_path(locale_dir, translations.SOURCE_LANGUAGE)
        filled = translations.set_source_translations(source)
        translations.compile_messages(locale_dir)
        problems = translations.check(locale_dir)
        self.stdout.write(f"{filled} new English entries; {len(problems)} entries to translate or fix:")
        for problem in problems:
            self.stdout.write(f"  {problem}")
