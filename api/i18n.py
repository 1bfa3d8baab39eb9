"""The language of an answer: `Accept-Language`, then the account's preferred language, then French.

`LocaleMiddleware` picks the language from `Accept-Language` (French, `LANGUAGE_CODE`, when the header names
no supported language). The account is only known once DRF has authenticated the request, inside the view:
`ActiveUserJWTAuthentication` then calls `activate_account_language`, before permissions, throttles and the
view run, so every message of the answer (and `Content-Language`, set by the middleware on the way out)
follows the account's language when the client did not ask for one. docs/translations.md has the rules.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header


def supported_language(code: Any) -> str | None:
    """`code` when it names a language of `settings.LANGUAGES` (or a variant of one), else None."""
    if not isinstance(code, str) or not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def asks_for_language(request: HttpRequest) -> bool:
    """Whether the request's `Accept-Language` names a language the API speaks."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    return any(supported_language(code) for code, _ in parse_accept_lang_header(header) if code != "*")


def account_language(user: Any) -> str | None:
    """The account's preferred language, when it has one the API speaks."""
    return supported_language(getattr(user, "preferred_language", None))


def activate_account_language(request: HttpRequest, user: Any) -> None:
    """After authentication: answer in the account's language unless the client asked for one."""
    language = account_language(user)
    if language is None or asks_for_language(request):
        return
    translation.activate(language)
    request.LANGUAGE_CODE = translation.get_language()


def stored_text(message: str, **values: Any) -> str:
    """A text kept in the database (an alert's message): translated once, in the site's language
    (`LANGUAGE_CODE`), whichever request or worker writes it. Mark `message` with `gettext_noop`."""
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(message)
    return text % values if values else text


def recipient_language(user: Any) -> str:
    """The language of a message sent to `user` outside a request (e-mail, SMS): theirs, else the site's."""
    return account_language(user) or settings.LANGUAGE_CODE
