"""Dates written in Indonesian or English news style, normalised to ISO YYYY-MM-DD."""

from __future__ import annotations

import re
from datetime import date

MONTHS: dict[str, int] = {
    "januari": 1, "january": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "february": 2, "feb": 2, "peb": 2,
    "maret": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "agustus": 8, "august": 8, "agu": 8, "agt": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nopember": 11, "nov": 11, "nop": 11,
    "desember": 12, "december": 12, "des": 12, "dec": 12,
}  # fmt: skip

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "5 December 2024", "19 Jun 2024", "2 Desember 2024" (optionally "5 Dec. 2024")
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\.?,?\s+(\d{{4}})\b", re.IGNORECASE)
# "December 5, 2024"
MONTH_DAY_YEAR = re.compile(rf"\b({_MONTH})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.IGNORECASE)
ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)")
TIME = re.compile(r"^[\s,.]*(?:pukul\s+)?\d{1,2}[:.]\d{2}\b", re.IGNORECASE)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every calendar date written out in `text`, as (iso, start, end), in order."""
    found: list[tuple[str, int, int]] = []
    for m in DAY_MONTH_YEAR.finditer(text):
        iso = _iso(int(m[3]), MONTHS[m[2].lower()], int(m[1]))
        if iso:
            found.append((iso, m.start(), m.end()))
    for m in MONTH_DAY_YEAR.finditer(text):
        iso = _iso(int(m[3]), MONTHS[m[1].lower()], int(m[2]))
        if iso:
            found.append((iso, m.start(), m.end()))
    for m in ISO.finditer(text):
        iso = _iso(int(m[1]), int(m[2]), int(m[3]))
        if iso:
            found.append((iso, m.start(), m.end()))
    return sorted(found, key=lambda d: d[1])


def stamp_date(line: str) -> str | None:
    """The date of a byline or time stamp ("20 Jun 2024 18:34 wib"), or None.

    A date counts as a publication stamp only when a clock time follows it, or the
    line names it as such; a date in running text is an event, not a stamp.
    """
    stamp_words = re.search(r"\b(published|updated|diterbitkan|dipublikasikan|diperbarui|tanggal)\b", line, re.I)
    for iso, _start, end in find_dates(line):
        if TIME.match(line[end:]) or stamp_words:
            return iso
    return None
