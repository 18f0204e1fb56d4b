"""Dates written in Indonesian or English news style, normalised to ISO YYYY-MM-DD."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

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


# --- event dates: when something happened, read with the article's own date as context ---

WEEKDAYS: dict[str, int] = {
    "senin": 0, "selasa": 1, "rabu": 2, "kamis": 3, "jumat": 4, "jum'at": 4, "sabtu": 5, "minggu": 6, "ahad": 6,
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6,
}  # fmt: skip
MONTH_NAMES_ID = "januari februari maret april mei juni juli agustus september oktober november desember".split()
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_LEAD = rf"(?:\b(?P<wd>{_WEEKDAY})\b\s*,?\s*)?"
# "Rabu (19/6/2024)", "Selasa (18/6)", "(5/12/2024)", "Kamis, 5/12/2024"; a bare "24/7" needs a weekday or a year
NUMERIC = re.compile(
    rf"{_LEAD}(?:\((?P<pd>\d{{1,2}})/(?P<pm>\d{{1,2}})(?:/(?P<py>\d{{2}}|\d{{4}}))?\)"
    rf"|\b(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})(?:/(?P<y>\d{{4}}))?\b(?!/))",
    re.IGNORECASE,
)
# "Senin 2 Desember 2024", "Kamis, 5 Desember", "19 Jun 2024"
WRITTEN = re.compile(rf"{_LEAD}\b(?P<d>\d{{1,2}})\s+(?P<mon>{_MONTH})\b\.?(?:,?\s+(?P<y>\d{{4}})\b)?", re.IGNORECASE)
# "December 5, 2024", "June 19"
WRITTEN_EN = re.compile(rf"{_LEAD}\b(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})\b(?:,?\s+(?P<y>\d{{4}})\b)?", re.I)
MONTH_YEAR = re.compile(rf"\b(?P<mon>{_MONTH})\s+(?P<y>\d{{4}})\b", re.IGNORECASE)
RELATIVE = re.compile(
    r"\b(?P<rel>kemarin|hari\s+ini|besok|yesterday|today|tomorrow|"
    r"(?:pekan|minggu|bulan|tahun)\s+(?:lalu|ini|depan)|(?:last|this|next)\s+(?:week|month|year))\b",
    re.IGNORECASE,
)
# a day name on its own ("pada Selasa", "on Tuesday"); "minggu" in lower case means "week"
BARE_WEEKDAY = re.compile(
    rf"\b(?P<wd>{_WEEKDAY})\b(?:\s+(?P<past>lalu|kemarin))?(?!\s*(?:ini|depan|ke|,?\s*\(?\d))", re.IGNORECASE
)


@dataclass(frozen=True)
class EventDate:
    """A date written in the text, as the day (first == last) or the span (a week, a month) it names."""

    text: str
    start: int
    end: int
    first: str
    last: str
    weekday: str | None = None  # the day name written with it, when that name is wrong for the date

    @property
    def iso(self) -> str:
        """YYYY-MM-DD for a day, YYYY-MM-DD/YYYY-MM-DD (an ISO 8601 interval) for a span."""
        return self.first if self.first == self.last else f"{self.first}/{self.last}"

    @property
    def exact(self) -> bool:
        """Whether it names one day."""
        return self.first == self.last


def _nearest_year(day: int, month: int, reference: date) -> date | None:
    """The day/month written without a year, in the year that puts it closest to the article's date."""
    options = [d for y in (reference.year - 1, reference.year, reference.year + 1) if (d := _day(y, month, day))]
    return min(options, key=lambda d: abs((d - reference).days)) if options else None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _span(m: re.Match[str], first: date, last: date | None = None) -> EventDate:
    wd = (m.groupdict().get("wd") or "").lower()
    wrong = wd if wd and first == (last or first) and WEEKDAYS[wd] != first.weekday() else None
    return EventDate(m[0], m.start(), m.end(), first.isoformat(), (last or first).isoformat(), wrong)


def _relative(word: str, ref: date) -> tuple[date, date]:
    word = " ".join(word.lower().split())
    if word in ("kemarin", "yesterday"):
        return ref - timedelta(days=1), ref - timedelta(days=1)
    if word in ("hari ini", "today"):
        return ref, ref
    if word in ("besok", "tomorrow"):
        return ref + timedelta(days=1), ref + timedelta(days=1)
    first, second = word.split()
    when, unit = (first, second) if first in ("last", "this", "next") else (second, first)  # "last week", "pekan lalu"
    step = {"lalu": -1, "last": -1, "depan": 1, "next": 1}.get(when, 0)
    if unit in ("pekan", "minggu", "week"):
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6)
    if unit in ("bulan", "month"):
        y, mo = divmod(ref.year * 12 + ref.month - 1 + step, 12)
        return date(y, mo + 1, 1), date(y + (mo == 11), (mo + 1) % 12 + 1, 1) - timedelta(days=1)
    return date(ref.year + step, 1, 1), date(ref.year + step, 12, 31)


def event_dates(text: str, reference: str | date | None = None) -> list[EventDate]:
    """Every date `text` names, normalised; `reference` (the article's date) resolves "(18/6)" and "pekan lalu".

    Without a reference only dates written with their year are returned: nothing is guessed.
    """
    ref = date.fromisoformat(reference) if isinstance(reference, str) and reference else reference or None
    found: list[EventDate] = []
    taken: list[tuple[int, int]] = []

    def add(m: re.Match[str], first: date | None, last: date | None = None) -> None:
        if first and not any(s < m.end() and m.start() < e for s, e in taken):
            found.append(_span(m, first, last))
            taken.append((m.start(), m.end()))

    def dmy(day: str, month: int, year: str | None) -> date | None:
        if year:
            y = int(year) + (2000 if len(year) == 2 else 0)
            return _day(y, month, int(day))
        return _nearest_year(int(day), month, ref) if ref else None

    for m in NUMERIC.finditer(text):
        day, month, year = (m["pd"], m["pm"], m["py"]) if m["pd"] else (m["d"], m["m"], m["y"])
        if m["pd"] or year or m["wd"]:
            add(m, dmy(day, int(month), year) if 1 <= int(month) <= 12 else None)
    for rx in (WRITTEN, WRITTEN_EN):
        for m in rx.finditer(text):
            add(m, dmy(m["d"], MONTHS[m["mon"].lower().rstrip(".")], m["y"]))
    for m in MONTH_YEAR.finditer(text):
        y, mo = int(m["y"]), MONTHS[m["mon"].lower()]
        add(m, date(y, mo, 1), date(y + (mo == 12), mo % 12 + 1, 1) - timedelta(days=1))
    if ref:
        for m in BARE_WEEKDAY.finditer(text):
            wd = m["wd"]
            if wd.lower() == "minggu" and (m["past"] or not wd[0].isupper()):
                continue  # "minggu lalu" is "last week"
            back = (ref.weekday() - WEEKDAYS[wd.lower()]) % 7 or (7 if m["past"] else 0)
            add(m, ref - timedelta(days=back))  # news says "Selasa" for this week's Tuesday
        for m in RELATIVE.finditer(text):
            add(m, *_relative(m["rel"], ref))
    return sorted(found, key=lambda d: d.start)


def date_words(d: EventDate) -> set[str]:
    """Words a question may use for this date ("juni", "2024", "19", "rabu"), so "in June 2024" finds "(19/6/2024)"."""
    first, last = date.fromisoformat(d.first), date.fromisoformat(d.last)
    words = {MONTH_NAMES_ID[first.month - 1], MONTH_NAMES_ID[last.month - 1], str(first.year), str(last.year)}
    if d.exact:
        words |= {str(first.day), next(k for k, v in WEEKDAYS.items() if v == first.weekday())}
    return words
