"""Dates written in Indonesian or English news style, normalised to ISO YYYY-MM-DD."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
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


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[str, int, int]]:
    """Every calendar date written out in `text`, as (iso, start, end), in order."""
    found: list[tuple[str, int, int]] = []
    for rx, y, mo, d in ((DAY_MONTH_YEAR, 3, 2, 1), (MONTH_DAY_YEAR, 3, 1, 2), (ISO, 1, 2, 3)):
        for m in rx.finditer(text):
            if day := _day(int(m[y]), int(m[mo]) if m[mo].isdigit() else MONTHS[m[mo].lower()], int(m[d])):
                found.append((day.isoformat(), m.start(), m.end()))
    return sorted(found, key=lambda d: d[1])


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
DAYS_AWAY = {"kemarin lusa": -2, "day before yesterday": -2, "kemarin": -1, "yesterday": -1, "hari ini": 0, "today": 0,
             "besok": 1, "tomorrow": 1, "lusa": 2, "day after tomorrow": 2}  # fmt: skip
RELATIVE = re.compile(
    r"\b(?P<rel>kemarin\s+lusa|kemarin|hari\s+ini|besok|lusa|(?:the\s+)?day\s+(?:before\s+yesterday|after\s+tomorrow)"
    r"|yesterday|today|tomorrow|(?:pekan|minggu|bulan|tahun)\s+(?:lalu|ini|depan|mendatang)"
    r"|(?:last|this|next)\s+(?:week|month|year))\b",
    re.IGNORECASE,
)
# "tiga bulan lalu" is three months ago, not last month: a counted span is left alone
_COUNT = "dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|beberapa|belasan|puluhan"
COUNTED = re.compile(rf"\b(?:\d+|{_COUNT})\s+$", re.IGNORECASE)
# a day name on its own ("pada Selasa", "on Tuesday", "Jumat depan", "Senin pekan depan"); "minggu" in lower case
# means "week"; a digit after it belongs to a written date, unless it is a clock time ("Sabtu 19.00 WIB")
BARE_WEEKDAY = re.compile(
    rf"(?:\b(?P<pre>last|past|next|this\s+coming|coming)\s+)?\b(?P<wd>{_WEEKDAY})\b(?!\s*ke\b|\s*ke-|\s*,?\s*\(?\d(?!\d?[.:]\d\d))"
    r"(?:\s+(?P<post>lalu|kemarin|depan|mendatang|nanti|ini|(?:pekan|minggu)\s+(?:lalu|depan|ini)"
    r"|(?:of\s+)?(?:last|next|this)\s+week)\b)?",
    re.IGNORECASE,
)
# grammatical future in either language; "akan" after these words is "of/about", not "will"
FUTURE = re.compile(
    r"\b(?:akan|bakal|hendak|dijadwalkan|direncanakan|rencananya|berencana|mendatang|nanti(?:nya)?|besok|lusa"
    r"|will(?!\s+of\b)|shall|going\s+to|set\s+to|(?:is|are)\s+to|expected\s+to|plans?\s+to|scheduled|slated"
    r"|upcoming|tomorrow)\b|\w['’]ll\b",
    re.IGNORECASE,
)
NOT_FUTURE = re.compile(
    r"\b(?:sadar|kesadaran|kebutuhan|kekhawatiran|khawatir|takut|ketakutan|yakin|keyakinan|harapan|tuntutan|lupa|ingat)"
    r"\s+akan$|\b(?:the|political|good|free|own)\s+will$",
    re.IGNORECASE,
)
# what cuts a weekday off from a future word: the sentence's end, or a report of what was said ("said on Monday")
SENTENCE_END = re.compile(r"(?<![ap]\.m)[.!?;…](?=\s)|\n")
REPORTED = re.compile(
    r"\b(?:bahwa|that|said|says|told|according|menurut|mengatakan|menyatakan|(?:kata|ujar|ucap|tutur)(?:nya)?)\b", re.I
)
FRONTED = re.compile(r"[\W_]*(?:(?:pada|on|hari|this)\s+)*", re.IGNORECASE)
TODAY = re.compile(r"\b(?:hari\s+ini|today|tonight|(?:pagi|sore|malam)\s+ini|nanti\s+malam)\b", re.IGNORECASE)

# --- clock times: "pukul 22.00 WIB", "at 7:30 pm", "7 p.m."; never a bare "2.000", "7,5" or "Rp14.800" ---
CLOCK = re.compile(
    r"(?:\b(?:sekitar|kira-kira|around|about)\s+)?(?:\b(?P<lead>pukul|pkl\.?|jam|at)\s+)?"
    r"\b(?P<h>\d{1,2})(?:(?P<sep>[.:])(?P<min>\d{2}))?(?!\d|[.,:]\d)"
    r"(?:\s*(?:(?P<ap>[ap])\.?m\b\.?|(?P<zone>WITA|WIT|WIB|GMT|UTC)\b))?(?:\s+(?P<part>pagi|siang|sore|malam)\b)?",
    re.IGNORECASE,
)
# what may stand between a date and its time: "Minggu (2/3) malam pukul 22.00", "at 7 p.m. on Sunday"
DATE_THEN_TIME = re.compile(r"[\s,|]*(?:(?:pagi|siang|sore|malam|dini\s+hari|morning|evening|night)\b[\s,]*)?", re.I)
TIME_THEN_DATE = re.compile(r"[\s,]*(?:(?:pada|on)\s+)?(?:hari\s+)?", re.IGNORECASE)


@dataclass(frozen=True)
class EventDate:
    """A date written in the text, as the day (first == last) or the span (a week, a month) it names."""

    text: str
    start: int
    end: int
    first: str
    last: str
    weekday: str | None = None  # the day name written with it, when that name is wrong for the date
    time: str | None = None  # the clock time written with it, "HH:MM" (24-hour), when there is one

    @property
    def iso(self) -> str:
        """YYYY-MM-DD for a day, YYYY-MM-DD/YYYY-MM-DD (an ISO 8601 interval) for a span."""
        return self.first if self.first == self.last else f"{self.first}/{self.last}"

    @property
    def exact(self) -> bool:
        """Whether it names one day."""
        return self.first == self.last


def calendar_word(word: str) -> bool:
    """Whether a word names a month or a weekday ("Desember", "Sunday"): a date, not a name."""
    return word.lower() in MONTHS or word.lower() in WEEKDAYS


def _nearest_year(day: int, month: int, reference: date) -> date | None:
    """The day/month written without a year, in the year that puts it closest to the article's date."""
    options = [d for y in (reference.year - 1, reference.year, reference.year + 1) if (d := _day(y, month, day))]
    return min(options, key=lambda d: abs((d - reference).days)) if options else None


def _span(m: re.Match[str], first: date, last: date | None = None) -> EventDate:
    wd = (m.groupdict().get("wd") or "").lower()
    wrong = wd if wd and first == (last or first) and WEEKDAYS[wd] != first.weekday() else None
    return EventDate(m[0], m.start(), m.end(), first.isoformat(), (last or first).isoformat(), wrong)


def _relative(word: str, ref: date) -> tuple[date, date]:
    word = " ".join(word.lower().split()).removeprefix("the ")
    if word in DAYS_AWAY:
        return ref + timedelta(days=DAYS_AWAY[word]), ref + timedelta(days=DAYS_AWAY[word])
    first, second = word.split()
    when, unit = (first, second) if first in ("last", "this", "next") else (second, first)  # "last week", "pekan lalu"
    step = {"lalu": -1, "last": -1, "depan": 1, "mendatang": 1, "next": 1}.get(when, 0)
    if unit in ("pekan", "minggu", "week"):
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        return monday, monday + timedelta(days=6)
    if unit in ("bulan", "month"):
        y, mo = divmod(ref.year * 12 + ref.month - 1 + step, 12)
        return date(y, mo + 1, 1), date(y + (mo == 11), (mo + 1) % 12 + 1, 1) - timedelta(days=1)
    return date(ref.year + step, 1, 1), date(ref.year + step, 12, 31)


def event_dates(text: str, reference: str | date | None = None) -> list[EventDate]:
    """Every date `text` names, normalised; `reference` (the article's date) resolves "(18/6)" and "pekan lalu".

    Without a reference only dates written with their year are returned: nothing is guessed. A day name on its
    own is this week's, or the coming one when the sentence speaks of the future ("akan", "will"); a clock time
    written with a day is kept in `time`. Pass one sentence or one chunk.
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
            wd, post = m["wd"], (m["post"] or "").lower()
            if wd.lower() == "minggu" and (post in ("lalu", "kemarin", "depan", "ini") or not wd[0].isupper()):
                continue  # "minggu lalu" is "last week"
            add(m, _weekday(m, text, ref))
        for m in RELATIVE.finditer(text):
            counted = COUNTED.search(text, max(0, m.start() - 20), m.start())
            if not (counted and m["rel"].lower().startswith(("pekan", "minggu", "bulan", "tahun"))):
                add(m, *_relative(m["rel"], ref))
    return _with_times(text, sorted(found, key=lambda d: d.start))


def _weekday(m: re.Match[str], text: str, ref: date) -> date:
    """A day name on its own: this week's by default, the coming one when the sentence speaks of the future."""
    wd = WEEKDAYS[m["wd"].lower()]
    pre, post = (" ".join((m[g] or "").lower().split()) for g in ("pre", "post"))
    if "week" in post or post.startswith(("pekan", "minggu")):  # "Senin pekan depan", "Monday of next week"
        return _relative(post.removeprefix("of "), ref)[0] + timedelta(days=wd)
    if pre in ("last", "past") or post in ("lalu", "kemarin"):
        return ref - timedelta(days=(ref.weekday() - wd) % 7 or 7)
    if pre in ("next", "coming", "this coming") or post in ("depan", "mendatang", "nanti") or _future(text, m):
        s, e = _sentence(text, m.start())
        return ref + timedelta(days=(wd - ref.weekday()) % 7 or (0 if TODAY.search(text, s, e) else 7))
    return ref - timedelta(days=(ref.weekday() - wd) % 7)  # news says "Selasa" for this week's Tuesday


def _sentence(text: str, at: int) -> tuple[int, int]:
    start = max((b.end() for b in SENTENCE_END.finditer(text, 0, at)), default=0)
    return start, next((b.start() for b in SENTENCE_END.finditer(text, at)), len(text))


def _future(text: str, m: re.Match[str]) -> bool:
    """Whether a future word governs the day name: before it, or after it when the sentence opens with the day."""
    start, end = _sentence(text, m.start())
    opens = FRONTED.fullmatch(text, max(start, text.rfind(",", start, m.start()) + 1), m.start())
    for f in FUTURE.finditer(text, start, end):
        if NOT_FUTURE.search(text[max(0, f.start() - 20) : f.end()]):
            continue
        between = (f.end(), m.start()) if f.end() <= m.start() else (m.end(), f.start()) if opens else None
        if between and not REPORTED.search(text, *between):
            return True
    return False


def find_times(text: str) -> list[tuple[str, int, int]]:
    """Every clock time written in `text`, as ("HH:MM" on a 24-hour clock, start, end), in order."""
    return [(t, m.start(), m.end()) for m in CLOCK.finditer(text) if (t := _clock(m))]


def _clock(m: re.Match[str]) -> str | None:
    lead, hour, minute = (m["lead"] or "").lower().rstrip("."), int(m["h"]), int(m["min"] or 0)
    if m["ap"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if m["ap"].lower() == "p" else 0)
    elif lead in ("pukul", "pkl") or (m["min"] and (m["zone"] or lead == "jam" or (lead == "at" and m["sep"] == ":"))):
        part = (m["part"] or "").lower()  # "pukul 7 malam" is 19:00, "pukul 2 malam" 02:00, "pukul 12 malam" 00:00
        if hour < 12 and (part == "sore" or (part == "siang" and hour < 11) or (part == "malam" and hour >= 5)):
            hour += 12
        hour = 0 if part == "malam" and hour == 12 else hour
    else:
        return None  # a number without a clock word, zone or a.m./p.m. is a number
    return f"{hour:02d}:{minute:02d}" if hour < 24 and minute < 60 else None


def _with_times(text: str, dates: list[EventDate]) -> list[EventDate]:
    """Each day widened to the clock time written next to it ("Minggu (2/3/2025) pukul 22.00 WIB")."""
    times, used, out = find_times(text), set(), []
    for d in dates:
        after = [t for t in times if t[1] >= d.end and DATE_THEN_TIME.fullmatch(text, d.end, t[1])]
        before = [t for t in times if t[2] <= d.start and TIME_THEN_DATE.fullmatch(text, t[2], d.start)]
        if d.exact and (t := next((t for t in after + before if t not in used), None)):
            used.add(t)
            s, e = min(d.start, t[1]), max(d.end, t[2])
            d = replace(d, text=text[s:e], start=s, end=e, time=t[0])
        out.append(d)
    return out


def date_words(d: EventDate) -> set[str]:
    """Words a question may use for this date ("juni", "2024", "19", "rabu"), so "in June 2024" finds "(19/6/2024)"."""
    first, last = date.fromisoformat(d.first), date.fromisoformat(d.last)
    words = {MONTH_NAMES_ID[first.month - 1], MONTH_NAMES_ID[last.month - 1], str(first.year), str(last.year)}
    if d.exact:
        words |= {str(first.day), next(k for k, v in WEEKDAYS.items() if v == first.weekday())}
    return words
