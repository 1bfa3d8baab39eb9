"""The translation catalogues (`locale/<lang>/LC_MESSAGES/django.po` and `.mo`): extraction and checks.

`manage.py update_translations` and `manage.py check_translations` use these functions; the rules they keep
are in docs/translations.md. A small reader of the `.po` format (what `makemessages` writes: comments,
flags, `msgctxt`, `msgid`, `msgid_plural`, `msgstr`/`msgstr[n]`, obsolete `#~` entries), so the checks need
nothing beyond GNU gettext, which `makemessages`/`compilemessages` need anyway.
"""

from __future__ import annotations

import gettext
import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

DOMAIN = "django"
# What `makemessages` reads: the Python code and templates of the project, not the front end (i18next has
# its own catalogues), the tests, the benchmarks or the environment.
IGNORE = [
    "frontend", "node_modules", "tests", "bench", "var", "docs", "openapi", ".venv", "venv", "build", "*.egg-info",
]
# The language the msgids are written in: its catalogue's translations start as copies of the msgids.
SOURCE_LANGUAGE = "en"


@dataclass
class Entry:
    msgid: str
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    lineno: int = 0

    @property
    def key(self) -> tuple[str | None, str, str | None]:
        return (self.msgctxt, self.msgid, self.msgid_plural)

    @property
    def label(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{context}{self.msgid!r}"

    @property
    def translated(self) -> bool:
        forms = 2 if self.msgid_plural is not None else 1
        return all(self.msgstr.get(i) for i in range(forms))


# The escapes gettext writes in a quoted string (`msgcat` never writes others).
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPE = re.compile(r"\\(.)")


def _unquote(text: str) -> str:
    """A `"..."` string of a .po file. Not `ast.literal_eval`: CPython 3.11 can raise a SystemError from
    the AST constructor when a garbage-collected coroutine's finalizer runs during the parse."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a string: {text}")

    def unescape(match: re.Match[str]) -> str:
        if match[1] not in _ESCAPES:
            raise ValueError(f"unknown escape \\{match[1]} in {text}")
        return _ESCAPES[match[1]]

    return _ESCAPE.sub(unescape, text[1:-1])


def parse_po(text: str) -> list[Entry]:
    """The entries of a `.po` file, the header (msgid "") included."""
    entries: list[Entry] = []
    current: Entry | None = None
    target: tuple[str, int] | None = None  # which field the continuation lines belong to
    flags: set[str] = set()
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
        if not line:
            continue
        if line.startswith("#,"):
            flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            continue
        keyword, _, rest = line.partition(" ")
        if line.startswith('"'):
            if current is None or target is None:
                raise ValueError(f"line {lineno}: continuation outside an entry")
            name, index = target
            value = _unquote(line)
            if name == "msgstr":
                current.msgstr[index] = current.msgstr.get(index, "") + value
            else:
                setattr(current, name, (getattr(current, name) or "") + value)
            continue
        # An entry starts at its msgctxt, or at its msgid when no msgctxt came just before.
        if keyword == "msgctxt" or (keyword == "msgid" and (target is None or target[0] != "msgctxt")):
            current = Entry(msgid="", flags=flags, obsolete=obsolete, lineno=lineno)
            entries.append(current)
            flags = set()
        if current is None:
            raise ValueError(f"line {lineno}: {keyword} outside an entry")
        if keyword == "msgctxt":
            current.msgctxt, target = _unquote(rest), ("msgctxt", 0)
        elif keyword == "msgid":
            current.msgid, target = _unquote(rest), ("msgid", 0)
        elif keyword == "msgid_plural":
            current.msgid_plural, target = _unquote(rest), ("msgid_plural", 0)
        elif keyword.startswith("msgstr"):
            index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
            current.msgstr[index], target = _unquote(rest), ("msgstr", index)
        else:
            raise ValueError(f"line {lineno}: unknown keyword {keyword!r}")
    return entries


def _quote(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n")
    return f'"{escaped}"'


def set_source_translations(path: Path) -> int:
    """In the source language's catalogue, give every untranslated entry its msgid (and msgid_plural).

    Rewrites only the empty `msgstr` lines (single-line `msgstr ""` followed by no continuation), so the
    file keeps `makemessages`' layout; returns how many entries it filled.
    """
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    entries = {e.lineno: e for e in parse_po("".join(lines)) if e.msgid and not e.obsolete}
    filled, out, current = 0, [], None
    for index, line in enumerate(lines):
        lineno = index + 1
        if lineno in entries:
            current = entries[lineno]
        stripped = line.strip()
        following = lines[index + 1].strip() if index + 1 < len(lines) else ""
        empty = stripped in ('msgstr ""', 'msgstr[0] ""', 'msgstr[1] ""') and not following.startswith('"')
        if current is not None and empty:
            keyword = stripped.split(" ")[0]
            source = current.msgid_plural if keyword == "msgstr[1]" and current.msgid_plural else current.msgid
            out.append(f"{keyword} {_quote(source)}\n")
            filled += 1
            continue
        out.append(line)
    path.write_text("".join(out), encoding="utf-8")
    return filled


def root() -> Path:
    return Path(settings.BASE_DIR)


def languages() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def catalogue_path(locale_dir: Path, language: str, suffix: str = "po") -> Path:
    return locale_dir / language / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


def make_messages(project_root: Path, *, verbosity: int = 0) -> None:
    """`makemessages` for every language into `<project_root>/locale`, with the project's options.

    `makemessages` writes next to the sources it reads (the `locale` directory above them), so a fresh
    extraction elsewhere runs on a copy of the sources (`extracted_keys`).
    """
    cwd = Path.cwd()
    try:
        os.chdir(project_root)
        with override_settings(LOCALE_PATHS=[str(project_root / "locale")]):
            call_command("makemessages", locale=languages(), domain=DOMAIN, ignore_patterns=IGNORE,
                         add_location="file", no_obsolete=True, verbosity=verbosity)
    finally:
        os.chdir(cwd)


def extracted_keys(project_root: Path | None = None) -> set[tuple[str | None, str, str | None]]:
    """The messages the code holds today: a fresh `makemessages` on a copy of the sources (a temporary
    directory, so the catalogues checked are never touched)."""
    source = project_root or root()
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "src"
        shutil.copytree(source, copy, symlinks=True,
                        ignore=shutil.ignore_patterns(*IGNORE, "locale", ".*", "__pycache__", "*.sqlite3*"))
        (copy / "locale").mkdir()
        make_messages(copy)
        path = catalogue_path(copy / "locale", languages()[0])
        return {e.key for e in parse_po(path.read_text(encoding="utf-8")) if e.msgid and not e.obsolete}


def _expected_mo(entries: list[Entry]) -> dict[Any, str]:
    catalog: dict[Any, str] = {}
    for e in entries:
        if not e.msgid or e.obsolete or "fuzzy" in e.flags or not e.translated:
            continue
        msgid = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is not None:
            for index, text in e.msgstr.items():
                catalog[(msgid, index)] = text
        else:
            catalog[msgid] = e.msgstr[0]
    return catalog


def _compiled(path: Path) -> dict[Any, str]:
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    catalog: dict[Any, str] = dict(translations._catalog)  # type: ignore[attr-defined]
    catalog.pop("", None)
    return catalog


def check(locale_dir: Path, *, expected: set[tuple[str | None, str, str | None]] | None = None) -> list[str]:
    """Every problem of the catalogues in `locale_dir`: untranslated, fuzzy or obsolete entries, a stale `.mo`,
    and (when `expected`, the extracted messages, is given) messages missing from or unknown to the code."""
    problems: list[str] = []
    for language in languages():
        path = catalogue_path(locale_dir, language)
        if not path.exists():
            problems.append(f"{path}: missing (run `make messages`)")
            continue
        try:
            entries = parse_po(path.read_text(encoding="utf-8"))
        except (ValueError, SyntaxError) as exc:
            problems.append(f"{path}: unreadable ({exc})")
            continue
        header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
        if header is not None and "fuzzy" in header.flags:
            problems.append(f"{path}: the header is marked fuzzy")
        messages = [e for e in entries if e.msgid]
        for e in messages:
            where = f"{path}:{e.lineno}"
            if e.obsolete:
                problems.append(f"{where}: obsolete entry {e.label} (run `make messages`)")
            elif "fuzzy" in e.flags:
                problems.append(f"{where}: fuzzy entry {e.label}")
            elif not e.translated:
                problems.append(f"{where}: untranslated {e.label}")
        if expected is not None:
            present = {e.key for e in messages if not e.obsolete}
            for key in sorted(expected - present, key=str):
                problems.append(f"{path}: the code has a message missing here: {key[1]!r} (run `make messages`)")
            for key in sorted(present - expected, key=str):
                problems.append(f"{path}: a message the code no longer has: {key[1]!r} (run `make messages`)")
        mo = catalogue_path(locale_dir, language, "mo")
        if not mo.exists():
            problems.append(f"{mo}: missing (run `make messages`)")
        elif _compiled(mo) != _expected_mo(entries):
            problems.append(f"{mo}: out of date with {path.name} (run `make messages`)")
    return problems


def compile_messages(locale_dir: Path) -> None:
    """Each catalogue of `locale_dir` compiled (`.po` -> `.mo`) by GNU msgfmt, its format strings checked."""
    for language in languages():
        po = catalogue_path(locale_dir, language)
        subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)
