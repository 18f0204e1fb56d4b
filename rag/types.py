"""Frozen value types shared by the library and its adapters."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal


@dataclass(frozen=True)
class Article:
    """One news article: its text as read, where its content lies, and its metadata."""

    source: str
    text: str
    content_hash: str
    title: str
    outlet: str | None = None
    published: str | None = None
    author: str | None = None
    segments: tuple[tuple[int, int], ...] = ()
    title_from_name: bool = False  # no line of the page could be its headline: the title is the file name


@dataclass(frozen=True)
class Chunk:
    """A run of sentences of one article; spans are character offsets into Article.text."""

    article: Article
    index: int
    start: int
    end: int
    sentences: tuple[tuple[int, int], ...]

    @property
    def text(self) -> str:
        """The chunk's verbatim text."""
        return self.article.text[self.start : self.end]


@dataclass(frozen=True)
class Citation:
    """One cited passage: a verbatim quote with where it comes from."""

    n: int
    source: str
    title: str
    outlet: str | None
    published: str | None
    quote: str
    start: int
    end: int
    score: float
    context: str = ""  # the passage around the quote (verbatim), for showing it in place
    author: str | None = None
    dates: tuple[str, ...] = ()  # the dates the quote names, normalised (YYYY-MM-DD, or first/last for a span)
    aside: str = ""  # "headline" or "caption": the page's framing, shown as context, never as an answer


@dataclass(frozen=True)
class FactValue:
    """One source's value for a disputed fact, with the words that state it."""

    value: str  # YYYY-MM-DD for a date, a plain number ("10000") for a figure
    written: str  # as the article writes it ("Rabu (20/6/2024)", "10.000 tentara")
    citation: int  # the n of the Citation whose quote states it
    source: str
    outlet: str | None
    quote: str  # the verbatim sentence
    note: str = ""  # e.g. the weekday written does not fit the date


@dataclass(frozen=True)
class Conflict:
    """A fact on which the sources that answer differ: the date of one event, or one figure."""

    kind: Literal["date", "number"]
    about: str  # what the values are of: "date" or the counted noun ("tentara")
    values: tuple[FactValue, ...]


@dataclass(frozen=True)
class Answer:
    """The bot's reply: text with [n] markers and the citations they point to."""

    question: str
    text: str
    found: bool
    citations: tuple[Citation, ...] = ()
    related: tuple[Citation, ...] = ()  # with a refusal: the closest passages, which are not evidence
    outlets: tuple[str, ...] = ()  # the distinct outlets whose passages support the answer
    conflicts: tuple[Conflict, ...] = ()  # facts on which those outlets disagree
    lang: str = "id"  # the question's language, which the answer's own words use
    notice: str = ""  # e.g. the LLM could not be reached, so the answer is extractive

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of the answer."""
        return {
            "question": self.question,
            "text": self.text,
            "found": self.found,
            "citations": [asdict(c) for c in self.citations],
            "related": [asdict(c) for c in self.related],
            "outlets": list(self.outlets),
            "conflicts": [asdict(c) for c in self.conflicts],
            "lang": self.lang,
            "notice": self.notice,
        }


@dataclass(frozen=True)
class Turn:
    """One message of a conversation."""

    role: Literal["user", "assistant"]
    content: str


@dataclass(frozen=True)
class Failure:
    """A file that was not ingested, and why."""

    path: str
    reason: str


@dataclass(frozen=True)
class Renamed:
    """A file stored under another name than its own, because a different article already has its name.

    It is also listed, under the new name, as added, replaced or unchanged.
    """

    path: str  # the file as given
    source: str  # the name it is stored and cited under, e.g. "laporan (2).txt"


@dataclass(frozen=True)
class IngestReport:
    """What one ingest did, file by file."""

    added: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    failed: tuple[Failure, ...] = ()
    chunks_added: int = 0
    renamed: tuple[Renamed, ...] = ()
    untitled: tuple[str, ...] = ()  # stored articles with no headline-like line, titled by their file name

    @property
    def ingested(self) -> int:
        """How many files are now in the store from this run (new, replaced or unchanged)."""
        return len(self.added) + len(self.replaced) + len(self.unchanged)

    def stored_as(self, path: str | Path) -> str | None:
        """The name the file at `path` is stored under after this run, or None if it was not ingested."""
        for r in self.renamed:
            if r.path == str(path):
                return r.source
        name = Path(path).name
        failed = {f.path for f in self.failed}
        if str(path) in failed:
            return None
        return name if name in (*self.added, *self.replaced, *self.unchanged) else None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able dict of the report."""
        return {
            "added": list(self.added),
            "unchanged": list(self.unchanged),
            "replaced": list(self.replaced),
            "renamed": [asdict(r) for r in self.renamed],
            "failed": [asdict(f) for f in self.failed],
            "chunks_added": self.chunks_added,
            "untitled": list(self.untitled),
        }
