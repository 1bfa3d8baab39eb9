"""(ext) CSV of the console's exports: header, rows and the text of each cell.

- UTF-8 **with** a byte-order mark: the spreadsheets operators open these files with (Excel above all)
  read accented station names right only with it; `csv` readers take it with `encoding="utf-8-sig"`.
- RFC 4180: comma-separated, `"`-quoted where needed, CRLF line ends; an empty cell for a null.
- Dates in ISO 8601 with their offset, in `TIME_ZONE` (Europe/Paris), as the API writes them.
- A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so a
  spreadsheet never runs a pseudo or a reason typed by someone as a formula (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from api.serializers.fields import ApiDateTimeField

BOM = "\ufeff"
ROWS_PER_CHUNK = 1000
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_DATETIME = ApiDateTimeField()


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _DATETIME.to_representation(value)
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_chunks(headers: Iterable[str], rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    """The CSV text, a chunk of `ROWS_PER_CHUNK` rows at a time (the BOM and header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    count = 0
    for row in rows:
        writer.writerow([_cell(value) for value in row])
        count += 1
        if count == ROWS_PER_CHUNK:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
            count = 0
    if count:
        yield buffer.getvalue()
