"""A page's headline, outlet, publication date and author, read from its own structure.

Nothing here knows a site: the headline is the most title-like line of the page head, the outlet
comes from the dateline ("KOTA, Outlet.com –"), the banner or the page's own domain, the date from
a date line in any common Indonesian or English format, the author from a byline label.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from rag.cleaner import SENTENCE_END, is_body, is_menu
from rag.dates import find_dates

HEAD_LINES = 15  # the page head: lines before the article text, at most this many
TITLE_WORDS = (3, 30)
SHORT_LINE = 160  # date lines and bylines are short

_CAP = r"[A-Z\u00C0-\u024F][\w'’.\-]*"
_PARTICLE = r"(?:bin|binti|van|von|de|da|der|al|el|dos)"
NAME = rf"{_CAP}(?:\s+(?:{_PARTICLE}\s+)?{_CAP}){{0,5}}"
NAMES = rf"{NAME}(?:\s*(?:,|\band\b|\bdan\b|&)\s*{NAME})*"  # "John Smith and Mary Lee"
AUTHOR_LABEL = re.compile(
    r"^(?:(?:penulis|pewarta|reporter|wartawan|jurnalis|kontributor|author|writer)\s*:?|(?:laporan|text)\s*:"
    r"|(?:ditulis\s+|written\s+|reported\s+|story\s+)?(?:oleh|by)\b\s*:?)\s*",
    re.IGNORECASE,
)
BYLINE = re.compile(rf"^(?P<name>{NAME})\s*(?:[•·|]|\s[-–—])\s*(?P<rest>.+)$")  # "Fajar Nugraha • 5 Dec 2024 11:53"
_SITE = r"[A-Za-z][\w-]{2,30}\.(?:com|co\.id|id|net|org|news)"
# "LUMAJANG, KabarJatim.com –", "Brussels, (usmnews) –", "Jakarta (ANTARA) -", "Liputan6.com, Brussels -"
DATELINE = re.compile(
    rf"^(?:[A-Z][\w .]{{1,30}}?(?:,\s*(?P<a>{_SITE})|(?:,[\w .]{{1,20}})?,?\s*\((?P<p>[\w .]{{2,30}})\))"
    rf"|(?P<b>{_SITE}),\s*[A-Z][\w .]{{1,30}})"
    r"\s*[–—-]\s"
)
DOMAIN = re.compile(r"\b([A-Za-z][A-Za-z0-9-]{2,})\.(?:com|co\.id|or\.id|id|net|org|news)\b")
# another outlet's name quoted in the text: "dikutip dari Liputan6.com", "as reported by X.com"
QUOTED_FROM = re.compile(
    r"(?:kutip|lansir|sumber|via|menurut|according to|reported by|told|cited|source)\W+(?:\w+\W+){0,3}$", re.I
)
STAMP_WORDS = re.compile(
    r"\b(?:published|updated|posted|diterbitkan|dipublikasikan|diperbarui|diunggah|dimuat|tanggal|date)\b", re.I
)
CLOCK = re.compile(r"^[\s,.|\-–—]*(?:pukul\s+|jam\s+)?\d{1,2}[:.]\d{2}\b", re.IGNORECASE)
NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?![\d/.-])")
WEEKDAY_PREFIX = re.compile(r"^\s*[A-Za-z']+\s*,\s*")
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’]?\s+[A-Z(\"“]")


@dataclass(frozen=True)
class PageMeta:
    """What the page says about itself; `title_from_name` is True when no line could be the headline."""

    title: str
    outlet: str | None
    published: str | None
    author: str | None
    title_from_name: bool = False


def read_page(lines: list[str], text: str, meta: dict[str, str], source: str) -> PageMeta:
    """The page's metadata from its content `lines` (cleaned, in order), its raw `text` and any meta tags."""
    head = _head(lines)
    title = _meta(meta, "title", "og:title", "headline", "h1") or _title(lines, head)
    page_outlet = _meta(meta, "outlet", "source", "og:site_name", "publisher") or outlet(lines, head, text)
    return PageMeta(
        title=title or _name_title(source),
        outlet=page_outlet,
        published=_meta_date(meta) or published(lines, head),
        author=_meta(meta, "author", "article:author") or author(text, page_outlet),
        title_from_name=not title,
    )


def _meta(meta: dict[str, str], *keys: str) -> str | None:
    return next((meta[k].strip() for k in keys if meta.get(k, "").strip()), None)


def _meta_date(meta: dict[str, str]) -> str | None:
    for key in ("published", "date", "article:published_time", "datepublished", "pubdate"):
        if meta.get(key) and (iso := publication_date(meta[key], stamp=True)):
            return iso
    return None


def _head(lines: list[str]) -> list[str]:
    """The lines before the article text starts (at most HEAD_LINES)."""
    head: list[str] = []
    for line in lines[:HEAD_LINES]:
        if is_body(line):
            break
        head.append(line)
    return head


def _name_title(source: str) -> str:
    stem = source.rsplit(".", 1)[0] if "." in source else source
    return " ".join(re.sub(r"[_\-]+", " ", stem).split()) or source


# --- headline ---


def is_title_like(line: str) -> bool:
    """Whether a line can be a headline: a few words, not a sentence pair, menu, date line or byline."""
    words = line.split()
    if not TITLE_WORDS[0] <= len(words) <= TITLE_WORDS[1] or line.endswith((":", ".", ",")):
        return False
    if not any(c.islower() for c in line) or SENTENCE_BREAK.search(line) or is_menu(line):
        return False  # a banner in capitals, a photo caption ("… sore. (Foto: …)"), a menu
    return not (publication_date(line) or byline_author(line) or DOMAIN.fullmatch(line.strip()))


def _title(lines: list[str], head: list[str]) -> str | None:
    candidates = [line for line in head if is_title_like(line)]
    for line in candidates:  # scrapes often repeat the headline: a repeated line is the title
        if lines[:HEAD_LINES].count(line) > 1:
            return line
    # the headline is the fullest title-like line of the head (taglines and section names are short)
    return max(candidates, key=lambda line: len(line.split()), default=None)


# --- outlet ---


def outlet(lines: list[str], head: list[str], text: str) -> str | None:
    """The publishing outlet: its dateline, its banner, or its own domain named in the page furniture."""
    for line in lines[: HEAD_LINES + 5]:
        if m := DATELINE.match(line):
            return _tidy(_outlet_name(m["a"] or m["p"] or m["b"]))
    top = [line.strip() for line in text.strip().splitlines()[:3] if line.strip()]
    for line in top:  # the banner: "KabarJatim.com", "WartaSatu.id | Berita Terkini dan Terpercaya"
        if m := DOMAIN.match(line):
            return _tidy(m[1])
    if head and _is_banner(head[0]):  # "NUSANTARA HERALD", "Tampang", "detikNews"
        return _tidy(head[0])
    own = Counter(
        m[1] for m in DOMAIN.finditer(text) if not QUOTED_FROM.search(text[max(0, m.start() - 40) : m.start()])
    )
    return _tidy(own.most_common(1)[0][0]) if own else None


def _outlet_name(raw: str) -> str:
    m = DOMAIN.fullmatch(raw)
    return m[1] if m else raw


def _is_banner(line: str) -> bool:
    words = line.split()
    capitalised = all(w[0].isupper() or any(c.isupper() for c in w[1:]) for w in words)  # "detikNews" too
    return 1 <= len(words) <= 3 and capitalised and not SENTENCE_END.search(line)


# --- publication date ---


def publication_date(line: str, stamp: bool = False) -> str | None:
    """The date of a date line ("Senin, 3 Maret 2025 - 21:40 WIB", "04/03/2025 08:05"), or None.

    A date counts when a clock time follows it, the line names it as published or updated, or the
    line is the date alone; a date in running text is an event, not a stamp. `stamp` accepts any date.
    """
    if len(line) > SHORT_LINE:
        return None
    labelled = stamp or bool(STAMP_WORDS.search(line))
    for iso, start, end in _dates(line):
        alone = not WEEKDAY_PREFIX.sub("", line[:start]).strip(" ,|-–—:") and not line[end:].strip(" ,.|")
        if labelled or alone or CLOCK.match(line[end:]):
            return iso
    return None


def _dates(line: str) -> list[tuple[str, int, int]]:
    found = list(find_dates(line))
    for m in NUMERIC_DATE.finditer(line):  # day first, as Indonesian and British pages write it
        day, month, year = int(m[1]), int(m[2]), int(m[3])
        if month > 12 >= day:
            day, month = month, day  # a US page: 04/14/2025
        try:
            found.append((date(year, month, day).isoformat(), m.start(), m.end()))
        except ValueError:
            continue
    return sorted(found, key=lambda d: d[1])


def published(lines: list[str], head: list[str]) -> str | None:
    """The publication date from the page head's date line; failing that, a labelled stamp anywhere."""
    for line in head:
        if iso := publication_date(line):
            return iso
    for line in lines:
        if len(line) <= 80 and STAMP_WORDS.match(line) and (iso := publication_date(line)):
            return iso
    return None


# --- author ---


def byline_author(line: str, outlet: str | None = None) -> str | None:
    """The writer a byline line names ("Penulis: A | Editor: B" -> A, "By A and B", "A • 5 Dec 2024",
    "A - <outlet>"), or None. An editor is not the author; a name must be followed by nothing, a
    separator, a date or the outlet's name.
    """
    if len(line) > SHORT_LINE:
        return None
    for part in re.split(r"\s*\|\s*", line):
        if label := AUTHOR_LABEL.match(part):
            m = re.match(NAMES, part[label.end() :])
            rest = part[label.end() + m.end() :].strip(" ,;|•·-–—") if m else ""
            if m and (not rest or _dates(rest)):
                return _tidy(m[0])
        elif (m := BYLINE.match(part)) and _is_byline(m["name"], m["rest"], outlet):
            return _tidy(m["name"])
    return None


def _is_byline(name: str, rest: str, outlet: str | None) -> bool:
    """Whether "name • rest" is a writer's byline: a date or the outlet follows a name that is not the outlet's."""
    own = bool(DOMAIN.search(name)) or _same_name(name, outlet)  # "Kompas.com - 04/12/2024" is a date line
    return not own and (bool(_dates(rest)) or _same_name(rest, outlet))


def _same_name(text: str, outlet: str | None) -> bool:
    return bool(outlet) and re.sub(r"\W", "", text).lower().startswith(re.sub(r"\W", "", outlet or "").lower())


def _tidy(name: str) -> str:
    """A name as a reader expects it: "JOHN SMITH" -> "John Smith"; acronyms ("BBC") and "detikNews" stay."""
    words = name.strip(" .,").split()
    return " ".join(w.title() if w.isupper() and (len(w) > 4 or len(words) > 1) else w for w in words)


def author(text: str, outlet: str | None = None) -> str | None:
    """The first byline's writer, in the page head or at the article's end (furniture lines included)."""
    lines = (line.strip() for line in text.splitlines())
    return next((a for line in lines if line and (a := byline_author(line, outlet))), None)
