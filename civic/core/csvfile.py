"""CSV downloads: one writer for every file the platform offers (open data, fund decisions)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A cell a spreadsheet will not run as a formula: text starting with ``=``, ``+``, ``-``,
    ``@`` (or a tab or carriage return) gets an apostrophe in front. Numbers stay numbers;
    None is an empty cell."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """A CSV file piece by piece: the header row after a byte order mark (so that spreadsheet
    programs read UTF-8 and umlauts correctly), then one piece per row. Comma-separated,
    quoted where needed by the csv module, lines ending in CRLF (RFC 4180)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow(columns)
    yield "\ufeff" + flush()
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
        yield flush()
