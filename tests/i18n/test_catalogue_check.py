"""The catalogue check of `make lint` (`manage.py check_translations`) on temporary catalogues."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from api.management import translations

LOCALE = Path(settings.LOCALE_PATHS[0])
# The check needs GNU gettext, as makemessages does; CI installs it (.ci/run) and `make lint` fails without it.
pytestmark = pytest.mark.skipif(not all(shutil.which(tool) for tool in ("xgettext", "msgmerge", "msgfmt")),
                                reason="GNU gettext is not installed")


@pytest.fixture
def catalogues(tmp_path: Path) -> Path:
    """A copy of the project's catalogues."""
    shutil.copytree(LOCALE, tmp_path / "locale")
    return tmp_path / "locale"


def append(locale_dir: Path, language: str, entry: str) -> None:
    path = translations.catalogue_path(locale_dir, language)
    path.write_text(path.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    translations.compile_messages(locale_dir)


def test_the_project_catalogues_pass(capsys):  # type: ignore[no-untyped-def]
    call_command("check_translations")
    assert "complete and up to date" in capsys.readouterr().out


def test_a_complete_copy_passes(catalogues: Path):
    assert translations.check(catalogues, expected=translations.extracted_keys()) == []
    call_command("check_translations", locale_dir=str(catalogues), skip_extraction=True)


def test_an_untranslated_message_fails(catalogues: Path):
    append(catalogues, "fr", 'msgid "A message nobody translated."\nmsgstr ""\n')
    problems = translations.check(catalogues)
    assert len(problems) == 1 and "untranslated 'A message nobody translated.'" in problems[0]
    with pytest.raises(CommandError, match="1 translation problem"):
        call_command("check_translations", locale_dir=str(catalogues), skip_extraction=True)


def test_an_untranslated_plural_form_fails(catalogues: Path):
    append(catalogues, "en", 'msgid "one bay"\nmsgid_plural "%(n)s bays"\nmsgstr[0] "one bay"\nmsgstr[1] ""\n')
    assert any("untranslated 'one bay'" in problem for problem in translations.check(catalogues))


def test_a_fuzzy_message_fails(catalogues: Path):
    append(catalogues, "fr", '#, fuzzy\nmsgid "A guessed message."\nmsgstr "Un message deviné."\n')
    assert any("fuzzy entry 'A guessed message.'" in problem for problem in translations.check(catalogues))


def test_a_stale_compiled_catalogue_fails(catalogues: Path):
    po = translations.catalogue_path(catalogues, "fr")
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgstr "Ressource introuvable."', 'msgstr "Ressource absente."'), encoding="utf-8")
    problems = translations.check(catalogues)
    assert len(problems) == 1 and "django.mo: out of date" in problems[0]


def test_a_catalogue_behind_the_code_fails(catalogues: Path, tmp_path: Path):
    """A message added to the code (or one removed from it) makes the catalogues out of date."""
    project = tmp_path / "project"
    (project / "app").mkdir(parents=True)
    (project / "app" / "messages.py").write_text(
        'from django.utils.translation import gettext as _\n\n'
        'NEW = _("A new message.")\n'
        'KNOWN = _("Resource not found.")\n'
    )
    expected = translations.extracted_keys(project)
    assert expected == {(None, "A new message.", None), (None, "Resource not found.", None)}
    problems = translations.check(catalogues, expected=expected)
    assert any("the code has a message missing here: 'A new message.'" in problem for problem in problems)
    assert any("no longer has: 'Invalid request.'" in problem for problem in problems)
    assert not any("'Resource not found.'" in problem for problem in problems)


def test_the_reader_keeps_contexts_plurals_and_continuations():
    entries = translations.parse_po(
        'msgid ""\nmsgstr "Language: fr\\n"\n\n'
        'msgctxt "UserStatus"\nmsgid "Active"\nmsgstr "Actif"\n\n'
        'msgid "Line one "\n"and two"\nmsgstr ""\n"Ligne un et deux"\n\n'
        '#~ msgid "Gone"\n#~ msgstr "Parti"\n'
    )
    assert [(e.msgctxt, e.msgid, e.msgstr[0], e.obsolete) for e in entries[1:]] == [
        ("UserStatus", "Active", "Actif", False), (None, "Line one and two", "Ligne un et deux", False),
        (None, "Gone", "Parti", True),
    ]
