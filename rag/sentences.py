"""Retrieved chunks -> candidate sentences: each with its article offsets, stems, context and dates."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rag.dates import EventDate, date_words, event_dates
from rag.glossary import descriptions, glossary, stands_for
from rag.text import TOKEN, content_stems
from rag.types import Citation

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore

# a photo credit closing a caption: "(Foto: Dok. BPBD Lumajang)", "(SkorNusantara/Hendra P)", "FOTO: WartaSatu/Rendra"
CREDIT = re.compile(
    r"(?:\((?:foto|photo|dok|doc|ilustrasi|illustration|sumber foto)\b[^()]*\)|\([^()\d]{2,40}/[^()\d]{2,40}\)"
    r"|\b(?:foto|photo|sumber foto)\s*:\s*[^.]{2,60})\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Sentence:
    """A candidate sentence with where it lies in its article."""

    text: str
    start: int
    end: int
    rank: int
    meta: dict[str, object]
    stems: frozenset[str]
    context: frozenset[str]  # stems of the two sentences before it (the chunk's lead for its first ones)
    passage: str  # the chunk's verbatim text
    dates: tuple[EventDate, ...] = ()  # the dates it names, read against the article's date
    aside: str = ""  # "headline" or "caption": context, not an answer
    lang: str | None = None  # the language it is written in: its article's, or its own (a quote in English)
    described: frozenset[str] = frozenset()  # what the people it names by one name were described as, as stems


def passage_dates(meta: dict[str, object], text: str) -> list[EventDate]:
    """The dates a chunk names, in article offsets (stored at ingest; read from the text for older stores)."""
    if "dates" in meta:
        return [EventDate(*row) for row in json.loads(str(meta["dates"]))]
    base = int(str(meta["start"]))
    return [
        EventDate(d.text, d.start + base, d.end + base, d.first, d.last, d.weekday, d.time)
        for d in event_dates(text, str(meta.get("published") or "") or None)
    ]


def candidate_sentences(nodes: list[NodeWithScore]) -> list[Sentence]:
    """Every sentence of the retrieved chunks, with article offsets, in retrieval order.

    An article's outlet and author count as words of each of its sentences, so a question
    naming the outlet ("usmnews mengutip ...") matches that outlet's sentences.
    """
    out: list[Sentence] = []
    for rank, hit in enumerate(nodes):
        meta = dict(hit.node.metadata)
        text = hit.node.get_content()
        base = int(meta["start"])
        about = {w.lower() for w in TOKEN.findall(f"{meta.get('outlet', '')} {meta.get('author', '')}")}
        lang = str(meta.get("lang") or "") or None  # the article's language, stored at ingest (None: older stores)
        lead = frozenset(content_stems(str(meta.get("lead", "")), lang))  # the sentences before the chunk
        # the article's abbreviations and people's names: what each stands for (older stores: the chunk's own)
        forms = _short_forms(str(meta["glossary"]) if "glossary" in meta else _read_glossary(text), lang)
        before: list[frozenset[str]] = [lead, frozenset()]
        dates = passage_dates(meta, text)
        languages = json.loads(str(meta.get("sentence_langs") or "{}"))  # sentences not in the article's language
        for s, e in json.loads(str(meta["sentences"])):
            sentence = text[s - base : e - base]
            own = tuple(d for d in dates if s <= d.start < e)
            written = languages.get(str(s), lang)
            # "(19/6/2024)" also reads as "Juni", "2024", "Rabu", so a question in those words finds it
            stems = frozenset(content_stems(sentence, written)) | about | {w for d in own for w in date_words(d)}
            # an abbreviation says its long form ("BPBD": badan, penanggulangan, ...); a person named
            # by one name is the one the article described at first ("Wahyu": Kepala BPBD Lumajang)
            described: frozenset[str] = frozenset()
            if forms.named:
                words = forms.named.intersection(TOKEN.findall(sentence))
                stems = stems.union(*(forms.long[w] for w in words if w in forms.long))
                stems |= {short for long, short in forms.spelled if long in sentence}
                described = described.union(*(forms.described[w] for w in words if w in forms.described))
            line = _line(text, s - base, e - base)
            aside = "headline" if sentence == meta.get("title") else "caption" if is_caption(line) else ""
            context = before[-1] | before[-2] | described
            out.append(Sentence(sentence, s, e, rank, meta, stems, context, text, own, aside, written, described))
            before.append(stems)
    return out


@dataclass(frozen=True)
class _ShortForms:
    """An article's glossary as stems: what a sentence naming a short form also says, or is read with."""

    long: dict[str, frozenset[str]]  # abbreviation -> its long form's stems ("BPBD": badan, tanggulang, ...)
    described: dict[str, frozenset[str]]  # one name -> its description's stems, and its abbreviations' long forms'
    spelled: tuple[tuple[str, str], ...]  # (long form, its abbreviation as a stem): the long form says it too
    named: frozenset[str]  # every short form


@lru_cache(maxsize=1024)
def _read_glossary(text: str) -> str:
    """A chunk's own glossary, for a store built before articles' glossaries were stored."""
    return glossary(text)


@lru_cache(maxsize=1024)
def _short_forms(stored: str, lang: str | None) -> _ShortForms:
    """An article's stored glossary, read once: every chunk of the article holds the same."""
    terms = json.loads(stored)
    short, names = terms.get("abbreviations", {}), descriptions(terms.get("mentions", ()))

    def stems_of(word: str, entries: dict[str, str]) -> frozenset[str]:
        return frozenset(w for meant in stands_for(word, entries, short) for w in content_stems(meant, lang))

    long = {k: stems_of(k, short) for k in short}
    described = {k: stems_of(k, names) for k in names}
    spelled = tuple((v, k.lower()) for k, v in short.items())
    return _ShortForms(long, described, spelled, frozenset(long) | frozenset(described))


def _line(text: str, start: int, end: int) -> str:
    """The whole line of `text` that holds the span."""
    stop = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1 : stop if stop >= 0 else len(text)]


@lru_cache(maxsize=4096)  # a paragraph holds several sentences, and comes back ask after ask
def is_caption(line: str) -> bool:
    """Whether a line is a photo caption: it ends with a photo credit ("(Foto: Dok. BPBD)", "(Outlet/Name)")."""
    return bool(CREDIT.search(line))


def citation(n: int, s: Sentence, score: float) -> Citation:
    """Sentence -> Citation (the boundary where retrieval objects become the public type)."""
    meta = s.meta
    return Citation(
        n=n,
        source=str(meta["source"]),
        title=str(meta.get("title") or ""),
        outlet=str(meta.get("outlet") or "") or None,
        published=str(meta.get("published") or "") or None,
        quote=s.text,
        start=s.start,
        end=s.end,
        score=round(score, 4),
        context=s.passage,
        author=str(meta.get("author") or "") or None,
        dates=tuple(dict.fromkeys(d.iso for d in s.dates)),
        aside=s.aside,
    )
