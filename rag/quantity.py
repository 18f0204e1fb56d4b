"""Figures in a sentence: what is counted or priced, whether it is the old value of a change, and when it holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rag.dates import MONTH_NAMES_ID, MONTHS
from rag.text import TOKEN, stem, stopwords

if TYPE_CHECKING:
    from rag.sentences import Sentence

SAME_TIME_DAYS = 7  # a figure given without a time holds as of its article's date, give or take this

# "10.000 tentara", "1,5 juta dolar", "12 ribu pasukan", "10,000 troops", "Rp14.800 per kilogram", "US$2.4 billion"
NUMBER = re.compile(
    r"(?:(?<![\w/.,:$])(?P<cur>Rp\.?|IDR|USD|US\$|S\$|A\$|\$|€|£)\s?|(?<![\w/.,:]))"
    r"(?P<num>\d{1,3}(?:[.,]\d{3})+|\d+(?:[.,]\d{1,2})?)(?![\w:]|/\d|[.,]\d)"
    r"(?:\s+(?P<scale>ribu|juta|miliar|milyar|triliun|thousand|million|billion|trillion)\b)?"
    r"(?:\s+(?:lebih|more|than)(?=\s+[^\W\d_]))*(?:\s+(?P<each>orang|buah|ekor)(?=\s+[^\W\d_]))?"
    r"(?:\s+(?!per\s)(?P<unit>[^\W\d_]{2,}))?(?:(?:\s*/\s*|\s+per\s+)(?P<per>[^\W\d_]+))?",
    re.IGNORECASE,
)
SCALE = {"ribu": 1e3, "thousand": 1e3, "juta": 1e6, "million": 1e6, "miliar": 1e9, "milyar": 1e9, "billion": 1e9}
SCALE |= {"triliun": 1e12, "trillion": 1e12}
CURRENCY = {"rp": "Rp", "rp.": "Rp", "idr": "Rp", "rupiah": "Rp", "us$": "US$", "$": "US$", "usd": "US$"}
CURRENCY |= {"dolar": "US$", "dollar": "US$", "dollars": "US$", "s$": "S$", "a$": "A$", "€": "€", "£": "£"}
MEASURE = {"kg": "kilogram", "kilo": "kilogram", "gr": "gram", "km": "kilometer", "ltr": "liter", "lt": "liter"}
CLOCK = re.compile(r"\b(?:pukul|pkl|jam)\.?\s*$", re.IGNORECASE)
CLOCK_ZONE = re.compile(r"^\s*(?:WIB|WITA|WIT|GMT|UTC|a\.?m\.?|p\.?m\.?)(?!\w)", re.IGNORECASE)

# The earlier value of a change: "naik dari Rp13.200", "dari 10 menjadi 12", "sebelumnya 3.000", "up from $3",
# "compared with 2 million last year". A plain "dari" ("4.126 jiwa dari 11 desa") marks nothing.
CHANGE_STEMS = frozenset(
    "naik turun tingkat lonjak anjlok rosot merosot tambah kurang tumbuh susut lambung bengkak ubah koreksi".split()
)
CHANGE_EN = re.compile(
    r"\b(?:up|down|ris(?:e|es|en|ing)|rose|f(?:all|alls|ell|allen|alling)|(?:in|de)creas\w*|declin\w*|drop\w*|"
    r"grew|grow\w*|jump\w*|climb\w*|surg\w*|slipp?\w*|chang\w*|shr[au]nk|swell\w*|soar\w*|plung\w*)\b",
    re.IGNORECASE,
)
FROM = re.compile(r"\b(?:dari|from)\s+(?:sekitar\s+|about\s+|around\s+|nearly\s+|hampir\s+)?$", re.IGNORECASE)
TO = re.compile(r"^\s*(?:[^\W\d]+\s+){0,3}?(?:menjadi|jadi|ke|to)\s+(?:Rp\.?|US\$|\$)?\s?\d", re.IGNORECASE)
EARLIER = re.compile(
    r"\b(?:dibanding(?:kan)?|ketimbang|sebelumnya|semula|previously|compared\s+(?:with|to)|versus|vs)\b"
    r"(?:[\s,]+[^\W\d]+){0,6}[\s,]+$",
    re.IGNORECASE,
)
AFTER = re.compile(r"^\s*(?:[^\W\d]+\s+){0,2}?(?:sebelumnya|semula|previously|earlier)\b", re.IGNORECASE)

# Clause breaks: a time named in one clause belongs to the figures of that clause.
BOUNDARY = re.compile(
    r"[;,]\s+|\s+(?:dan|serta|sedangkan|sementara|namun|tetapi|and|while|whereas|but)\s+", re.IGNORECASE
)
_FULL_MONTH = "|".join(sorted({*MONTH_NAMES_ID, *(m for m in MONTHS if len(m) > 4)}, key=len, reverse=True))
PART = r"(?:(?P<part>awal|pertengahan|akhir|early|mid|late)[\s-]+)?(?:bulan\s+)?"
BARE_MONTH = re.compile(rf"\b{PART}(?P<mon>{_FULL_MONTH})\b(?!\s+\d)", re.IGNORECASE)
YEAR = re.compile(
    r"\b(?:pada|tahun|sejak|hingga|sampai|selama|sepanjang|in|since|during|until|by)\s+(?:tahun\s+)?"
    r"(?P<y>(?:19|20)\d{2})\b(?![.,]\d)",
    re.IGNORECASE,
)
THIRDS = {"awal": (1, 10), "early": (1, 10), "pertengahan": (11, 20), "mid": (11, 20), "akhir": (21, 31)}
THIRDS["late"] = THIRDS["akhir"]


@dataclass(frozen=True)
class Quantity:
    """A figure as written, what it measures, and when it holds."""

    value: float
    unit: str  # the counted noun's stem ("tentara"), or a currency ("Rp")
    per: str  # what a price is for ("kilogram"), else ""
    written: str
    old: bool  # the earlier value of a change: never set against another account's current value
    times: tuple[tuple[date, date], ...]  # the spans named in its clause; empty when none is named
    as_of: date | None  # the article's date, for a figure given without a time

    @property
    def about(self) -> str:
        """What the figure measures, as a reader would name it ("Rp per kilogram", "tentara")."""
        return f"{self.unit} per {self.per}" if self.per else self.unit


def _value(raw: str, scale: str | None) -> float:
    if re.fullmatch(r"\d{1,3}(?:[.,]\d{3})+", raw):
        value = float(re.sub(r"[.,]", "", raw))
    else:
        value = float(raw.replace(",", "."))
    return value * SCALE.get((scale or "").lower(), 1)


def _is_old(text: str, clause: int, start: int, end: int) -> bool:
    """Whether the figure at text[start:end] is the earlier value of a change the sentence states."""
    before, after = text[:start], text[end:]
    if FROM.search(before):  # "naik dari X", "dari X menjadi Y", "rose to Y from X"
        words = text[clause:start]
        changed = CHANGE_EN.search(words) or CHANGE_STEMS & {stem(w.lower()) for w in TOKEN.findall(words)}
        return bool(changed or TO.match(after))
    return bool(EARLIER.search(before) or AFTER.match(after))


def _month_span(year: int, month: int, part: str | None) -> tuple[date, date]:
    end = date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)
    if not part:
        return date(year, month, 1), end
    first, last = THIRDS[part.lower()]
    return date(year, month, first), date(year, month, min(last, end.day))


def _times(s: Sentence, published: date | None, taken: list[tuple[int, int]]) -> list[tuple[int, tuple[date, date]]]:
    """(offset in the sentence, span) of every time the sentence names: its dates, bare years and months."""
    found = [(d.start - s.start, (date.fromisoformat(d.first), date.fromisoformat(d.last))) for d in s.dates]
    for m in YEAR.finditer(s.text):
        if not any(a < m.end() and m.start() < b for a, b in taken):
            found.append((m.start("y"), (date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31))))
    for m in BARE_MONTH.finditer(s.text):
        bare = m["mon"][0].isupper() and not any(a < m.end() and m.start() < b for a, b in taken)
        if bare and published:  # the month's year: the one that puts it nearest the article's date
            month = MONTHS[m["mon"].lower()]
            year = min((published.year + k for k in (-1, 0, 1)), key=lambda y: abs(date(y, month, 15) - published))
            found.append((m.start(), _month_span(year, month, m["part"])))
    return found


def quantities(s: Sentence) -> list[Quantity]:
    """Each counted or priced figure in the sentence; dates, years and clock times are left out."""
    dates = [(d.start - s.start, d.end - s.start) for d in s.dates]
    published = date.fromisoformat(str(s.meta["published"])) if s.meta.get("published") else None
    times = _times(s, published, dates)
    breaks = [m.end() for m in BOUNDARY.finditer(s.text) if not any(a <= m.start() < b for a, b in dates)]
    skip = dates + [m.span("y") for m in YEAR.finditer(s.text)]

    def clause(offset: int) -> int:
        return sum(b <= offset for b in breaks)

    read: list[tuple[re.Match[str], str, str, int]] = []
    for m in NUMBER.finditer(s.text):
        clock = CLOCK.search(s.text[: m.start()]) or CLOCK_ZONE.match(s.text[m.end("num") :])
        if clock or any(a < m.end("num") and m.start("num") < b for a, b in skip):
            continue
        word, end = (m["unit"] or "").lower(), m.end("unit")
        if m["each"] and (not word or word in stopwords()):  # "2 juta orang pada 2021": the people are counted
            word, end = m["each"].lower(), m.end("each")
        per = (m["per"] or "").lower()
        if m["per"]:
            end = m.end()
        currency = CURRENCY.get((m["cur"] or "").lower()) or CURRENCY.get(word)
        if currency:
            if m["cur"] and not per:  # "US$2.4 billion nickel smelter": the word after a price is not part of it
                end = m.end("scale") if m["scale"] else m.end("num")
            read.append((m, currency, MEASURE.get(per, per), end))
        elif (word in MEASURE or len(word) > 2) and word not in stopwords():
            read.append((m, MEASURE.get(word) or stem(word), MEASURE.get(per, per), end))
    counted = {clause(m.start()) for m, *_ in read}
    free = tuple(span for at, span in times if clause(at) not in counted)  # a time named apart from any figure
    found = []
    for m, unit, per, end in read:
        at = clause(m.start())
        own = tuple(span for where, span in times if clause(where) == at) or free
        old = _is_old(s.text, breaks[at - 1] if at else 0, m.start(), m.end("num"))
        found.append(Quantity(_value(m["num"], m["scale"]), unit, per, s.text[m.start() : end], old, own, published))
    return found


def same_time(a: Quantity, b: Quantity) -> bool:
    """Whether two figures hold at the same time; one given without a time holds as of its article's date."""
    slack, day = timedelta(days=SAME_TIME_DAYS), timedelta(days=1)
    if a.times and b.times:
        return any(f1 <= l2 and f2 <= l1 for f1, l1 in a.times for f2, l2 in b.times)
    if a.times or b.times:
        named, bare = (a, b) if a.times else (b, a)
        return bare.as_of is None or any(f - day <= bare.as_of <= last + slack for f, last in named.times)
    return a.as_of is None or b.as_of is None or abs(a.as_of - b.as_of) <= slack
