"""Removal of page furniture from scraped articles; keeps the character spans of real content.

Only what is clearly furniture goes: lines the bundled list names (share and ad lines, "Baca
juga" links, counters, tag lists), menus and breadcrumbs, and symbol-only widgets. Score lines,
rows of figures and short quoted lines stay. A comment section ends the article. A link box
("Berita terkait", "Rekomendasi") ends it only when nothing after it reads as article text;
otherwise only the box's link lines are dropped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Span = tuple[int, int]
LINE = re.compile(r"[^\n]+")
# separators of menus and breadcrumbs: "Liga 1 | Jadwal | Klasemen", "Beranda > Peristiwa", "Home / Business"
MENU_SEPARATOR = re.compile(r"\s+[|•›»>/·]\s+|\s*[|•›»·]\s*")
MENU_ITEM_WORDS = 4
MENU_MEAN_WORDS = 2.5
LETTER = re.compile(r"[^\W\d_]")
FIGURE = re.compile(r"\d\s*[-–:.,/]\s*\d|\d+\s+\d+\s+\d+")  # "2-1", "14.800", "12:30", a row "3 1 0"
SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")
BODY_WORDS = 20  # a line this long that ends a sentence is article text
STAMP = re.compile(r"\b(?:19|20)\d\d\b|\d[:.]\d\d\b")  # a year or a clock time
DIGIT = re.compile(r"\d")
LIST_MARK = re.compile(r"^(?:[-–•*·]|\d{1,2}[.)])\s+")


def is_menu(line: str) -> bool:
    """Whether a line is a menu or breadcrumb: short items between separators, none a sentence."""
    items = [i for i in MENU_SEPARATOR.split(line.strip()) if i.strip()]
    if len(items) < 2 or ":" in line or STAMP.search(line) or sum(bool(DIGIT.search(i)) for i in items) > 1:
        return False  # a byline "Penulis: A | Editor: B", a date line, a row of scores
    words = [len(i.split()) for i in items]  # menu items are a word or two; "Penulis A B | Editor C D" is not a menu
    return (
        max(words) <= MENU_ITEM_WORDS
        and sum(words) / len(words) <= MENU_MEAN_WORDS
        and not any(SENTENCE_END.search(i) for i in items)
    )


def is_body(line: str) -> bool:
    """Whether a line reads as article text: a long line that ends a sentence."""
    return len(line.split()) >= BODY_WORDS and bool(SENTENCE_END.search(line))


def is_symbols(line: str) -> bool:
    """Whether a line holds no word and no figure: a pager "<123>", a counter "0 0", a divider."""
    return not LETTER.search(line) and not FIGURE.search(line)


@dataclass(frozen=True)
class Cleaner:
    """Drops furniture lines (`drop`), everything from a `cutoff` line on (a comment section), and link
    boxes opened by `box` lines (the rest of the page, when no article text follows)."""

    drop: tuple[re.Pattern[str], ...]
    cutoff: tuple[re.Pattern[str], ...]
    box: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def from_json(cls, raw: str) -> Cleaner:
        """Build a cleaner from the JSON format of rag/data/boilerplate.json."""
        data = json.loads(raw)

        def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(rf"(?:{p})", re.IGNORECASE) for p in data.get(key, []))

        return cls(drop=compile_all("drop"), cutoff=compile_all("cutoff"), box=compile_all("box"))

    def content_lines(self, text: str) -> list[Span]:
        """Spans of the lines that are article content, stripped of surrounding blanks."""
        lines: list[tuple[str, Span]] = []
        for m in LINE.finditer(text):
            stripped = m[0].strip()
            if stripped:
                start = m.start() + (len(m[0]) - len(m[0].lstrip()))
                lines.append((stripped, (start, start + len(stripped))))
        last_body = max((i for i, (line, _) in enumerate(lines) if is_body(line)), default=-1)
        kept: list[Span] = []
        in_box = False
        for i, (line, span) in enumerate(lines):
            if any(p.fullmatch(line) for p in self.cutoff):
                break  # what follows is the readers' comments
            if any(p.fullmatch(line) for p in self.box):
                if i > last_body:
                    break  # the rest of the page is furniture
                in_box = True  # a link box in the middle of the article
                continue
            if in_box and not is_body(line) and (LIST_MARK.match(line) or not SENTENCE_END.search(line)):
                continue  # a link of the box
            in_box = False
            if is_symbols(line) or is_menu(line) or any(p.fullmatch(line) for p in self.drop):
                continue
            kept.append(span)
        return kept


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The cleaner built from the bundled boilerplate list."""
    return Cleaner.from_json(resources.files("rag.data").joinpath("boilerplate.json").read_text("utf-8"))
