"""Retrieved passages -> Answer: the sentence(s) that answer, cited verbatim, or an honest refusal."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.answertype import answers_kind, question_kind
from rag.dates import EventDate, date_words, event_dates
from rag.news import RIVAL_SHARE, find_conflicts, newest_first, outlets_of, supporting
from rag.query import NAME, Query, Term
from rag.text import TOKEN, content_stems, jaccard
from rag.types import Answer, Citation, Conflict

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore

MAX_ANSWER_CHARS = 600
REFUSAL = {
    "id": "Artikel-artikel yang tersedia tidak membahas hal ini, jadi saya tidak bisa menjawabnya.",
    "en": "The articles available do not cover this, so I cannot answer it.",
}
FRAME = {"id": "Menurut {who}: ", "en": "According to {who}: "}
ALSO = {"id": "Juga dilaporkan oleh {who} [{n}].", "en": "Also reported by {who} [{n}]."}
EVENT = {"id": "Tanggal peristiwa: {dates}.", "en": "Date of the event: {dates}."}
AUTHOR_FRAME = {
    "id": "Artikel {outlet} “{title}” ditulis oleh {author}",
    "en": "The {outlet} article “{title}” was written by {author}",
}
# a photo credit closing a caption: "(Foto: Dok. BPBD Lumajang)", "(SkorNusantara/Hendra P)", "FOTO: WartaSatu/Rendra"
CREDIT = re.compile(
    r"(?:\((?:foto|photo|dok|doc|ilustrasi|illustration|sumber foto)\b[^()]*\)|\([^()\d]{2,40}/[^()\d]{2,40}\)"
    r"|\b(?:foto|photo|sumber foto)\s*:\s*[^.]{2,60})\s*$",
    re.IGNORECASE,
)
PHOTO = re.compile(r"\b(?:foto|photos?|gambar|images?|pictures?|captions?|ilustrasi|illustration)\b", re.I)
# A sentence that opens by pointing back ("Hal tersebut ...", "Ia ...", "This ...") continues the one before.
ANAPHOR = re.compile(r"^\W*((\w+\s+){0,2}(ini|itu|tersebut)\b|(ia|dia|mereka|beliau|this|it|he|she|they)\b)", re.I)
CONNECTIVE = re.compile(
    r"^\W*(sementara|selain|oleh\s+karena|karena|untuk|setelah|sebelum|di\s+samping|meski|namun)\s+itu\b", re.I
)
QUOTE_OPEN = ('"', "“", "'", "‘")


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
        before: list[frozenset[str]] = [lead, frozenset()]
        dates = passage_dates(meta, text)
        for s, e in json.loads(str(meta["sentences"])):
            sentence = text[s - base : e - base]
            own = tuple(d for d in dates if s <= d.start < e)
            # "(19/6/2024)" also reads as "Juni", "2024", "Rabu", so a question in those words finds it
            stems = frozenset(content_stems(sentence, lang)) | about | {w for d in own for w in date_words(d)}
            line = _line(text, s - base, e - base)
            aside = "headline" if sentence == meta.get("title") else "caption" if is_caption(line) else ""
            out.append(Sentence(sentence, s, e, rank, meta, stems, before[-1] | before[-2], text, own, aside))
            before.append(stems)
    return out


def _line(text: str, start: int, end: int) -> str:
    """The whole line of `text` that holds the span."""
    stop = text.find("\n", end)
    return text[text.rfind("\n", 0, start) + 1 : stop if stop >= 0 else len(text)]


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
    )


def continues_with_quote(sentence: str, following: str) -> bool:
    """Whether `following` is a direct quote by someone `sentence` names ("..., ungkap Campbell.")."""
    if not following.startswith(QUOTE_OPEN) or sentence.startswith(QUOTE_OPEN):
        return False
    closing = max(following.rfind("”"), following.rfind('"'))
    if closing <= 0:
        return False
    tail = following[closing + 1 :]
    speaker = set(NAME.findall(tail))
    if not speaker:  # "..., ujarnya." / "..., he said.": the speaker is the one just named
        return bool(re.search(r"\b\w+nya\b|\b(he|she|they)\s+(said|added)\b", tail))
    return bool(speaker & set(NAME.findall(sentence)))


def satisfied(term: Term, stems: frozenset[str]) -> bool:
    """Whether any alternative of `term` appears whole in `stems`."""
    return any(alt <= stems for alt in term.alternatives)


class Scorer:
    """Scores sentences by the IDF-weighted share of the query's terms they mention."""

    def __init__(self, query: Query, sentences: list[Sentence]) -> None:
        self.query = query
        self.kind = question_kind(query.question)  # a sum of money, a share, a length of time, ...
        self.about_photo = bool(PHOTO.search(query.question))
        n = max(len(sentences), 1)
        df = {t: sum(satisfied(t, s.stems) for s in sentences) for t in query.terms}
        idf = {t: math.log(1 + n / (1 + df[t])) for t in query.terms}
        # A word found nowhere is often just the question's own verb ("digelar" for "held"):
        # it weighs as much as a typical word found, not more, so paraphrase is not fatal.
        found = sorted(idf[t] for t in query.terms if df[t])
        typical = found[len(found) // 2] if found else 1.0
        self.weights = {t: t.scale * (idf[t] if df[t] else typical) for t in query.terms}
        self.total = sum(self.weights.values())
        # A name or number that no passage mentions means the articles do not cover the question.
        self.missing = [t.label for t in query.terms if t.critical and not df[t]]

    def coverage(self, stems: frozenset[str]) -> float:
        """Share (0..1) of the query's weight mentioned in `stems`."""
        if not self.total:
            return 0.0
        return sum(w for t, w in self.weights.items() if satisfied(t, stems)) / self.total

    def score(self, s: Sentence) -> float:
        """Evidence that `s` answers the query (0..~1)."""
        own = self.coverage(s.stems)
        carry = 0.8 if ANAPHOR.match(s.text) and not CONNECTIVE.match(s.text) else 0.3
        value = own + carry * (self.coverage(s.stems | s.context) - own) - 0.01 * s.rank
        if len(s.text.split()) < 6:
            value -= 0.1
        if not answers_kind(self.query.intent, self.kind, s.text):
            value *= 0.5
        if s.aside == "headline" or (s.aside == "caption" and not self.about_photo):
            value *= 0.5  # a caption answers only a question about the photo
        return value


class ExtractiveAnswerer:
    """Answers with the best-supported sentences of the passages, quoted verbatim."""

    def __init__(self, min_evidence: float) -> None:
        self.min_evidence = min_evidence

    def stream(self, query: Query, nodes: list[NodeWithScore]) -> Iterator[Answer]:
        """The answer at once (the same interface as the LLM answerer, which streams text first)."""
        yield self.answer(query, nodes)

    def answer(self, query: Query, nodes: list[NodeWithScore]) -> Answer:
        """An Answer to `query` from the retrieved `nodes`."""
        sentences = candidate_sentences(nodes)
        scorer = Scorer(query, sentences)
        scored = sorted(((scorer.score(s), s) for s in sentences), key=lambda p: -p[0])
        if not scored or scored[0][0] < self.min_evidence or scorer.missing:
            related = tuple(citation(i + 1, s, v) for i, (v, s) in enumerate(scored[:3]))
            return Answer(query.question, REFUSAL[query.lang], False, related=related, lang=query.lang)
        if query.intent == "author" and (byline := self._byline(query, scored)):
            return byline
        if query.recency:
            scored = newest_first(scored, self.min_evidence)
        best_score, best = scored[0]
        chosen = [(best, best_score)]
        covered = best.stems
        follow = next(
            (s for s in sentences if s.meta["source"] == best.meta["source"] and 0 < s.start - best.end <= 3), None
        )
        if follow is not None and continues_with_quote(best.text, follow.text):
            # news style: a paraphrase, then the speaker's own words; the quote is the substance
            return self._compose(query, [(best, best_score), (follow, scorer.score(follow))], scored)
        for s_score, s in scored[1:6]:
            gain = scorer.coverage(s.stems - covered)
            duplicate = jaccard(s.stems, best.stems) > 0.6
            if gain >= 0.15 and s_score >= 0.6 * best_score and not duplicate:
                chosen.append((s, s_score))
                break
        return self._compose(query, chosen, scored)

    def _byline(self, query: Query, scored: list[tuple[float, Sentence]]) -> Answer | None:
        """For "who wrote ...": the best-matching article's author, citing the line that names them."""
        best = scored[0][1]
        author = str(best.meta.get("author") or "")
        if not author:
            return None
        same = [s for _, s in scored if s.meta.get("source") == best.meta.get("source") and author in s.text]
        if not same:
            return None
        return self._compose(query, [(same[0], scored[0][0])], author=author)

    def _compose(
        self,
        query: Query,
        chosen: list[tuple[Sentence, float]],
        scored: list[tuple[float, Sentence]] | None = None,
        author: str = "",
    ) -> Answer:
        """The answer text and citations; then the other outlets that back it, and where they disagree."""
        lang = query.lang
        if len({s.meta["source"] for s, _ in chosen}) == 1:  # one article: keep its order
            chosen = sorted(chosen, key=lambda pair: pair[0].start)
        cited: list[tuple[Citation, Sentence]] = []
        parts: list[str] = []
        previous_source = None
        for s, s_score in chosen:
            n = len(cited) + 1
            meta = s.meta
            if author:
                frame = AUTHOR_FRAME[lang].format(
                    outlet=meta.get("outlet") or "", title=meta.get("title"), author=author
                )
                part = f"{frame} [{n}]."
            elif meta["source"] == previous_source:
                part = f"{s.text} [{n}]"
            else:
                part = FRAME[lang].format(who=_who(meta)) + f"{s.text} [{n}]"
            if parts and len(" ".join([*parts, part])) > MAX_ANSWER_CHARS:
                break
            parts.append(part)
            previous_source = meta["source"]
            cited.append((citation(n, s, s_score), s))
        text = " ".join(parts)
        if len(text) > MAX_ANSWER_CHARS:  # one very long sentence: keep the claim short, the quote whole
            text = text[: MAX_ANSWER_CHARS - 8].rsplit(" ", 1)[0] + " … [1]"
        if author or not scored:
            return Answer(query.question, text, True, tuple(c for c, _ in cited), outlets=outlets_of(cited), lang=lang)
        extra = supporting(scored, [s for _, s in cited], self.min_evidence)
        rivals = []
        if query.intent == "when":  # other articles' own account of the date, to show where they differ
            rivals = supporting(scored, [s for _, s in cited] + [s for s, _ in extra], 0.0, RIVAL_SHARE, dated=True)
        conflicts, cited = self._weigh(query, cited, extra, rivals)
        disputed = {v.citation for c in conflicts for v in c.values}
        main = len(parts)
        dated = [(c.score, s) for c, s in cited[:main] if any(d.exact for d in s.dates)]
        if query.intent == "when" and dated and not conflicts:  # the day the best-supported sentence names
            best = max(dated, key=lambda pair: pair[0])[1]
            days = [f"{d.first} {d.time}" if d.time else d.first for d in best.dates if d.exact]  # with its clock time
            parts.append(EVENT[lang].format(dates=", ".join(dict.fromkeys(days))))
        for c, s in cited[main:]:  # a backing passage is named; one that disagrees is quoted
            who = _who(s.meta)
            parts.append(
                FRAME[lang].format(who=who) + f"{s.text} [{c.n}]"
                if c.n in disputed
                else ALSO[lang].format(who=who, n=c.n)
            )
        return Answer(
            query.question, " ".join([text, *parts[main:]]), True, tuple(c for c, _ in cited),
            outlets=outlets_of(cited), conflicts=conflicts, lang=lang,
        )  # fmt: skip

    @staticmethod
    def _weigh(
        query: Query,
        cited: list[tuple[Citation, Sentence]],
        extra: list[tuple[Sentence, float]],
        rivals: list[tuple[Sentence, float]],
    ) -> tuple[tuple[Conflict, ...], list[tuple[Citation, Sentence]]]:
        """Conflicts among the cited, backing and rival sentences; rivals are kept only when they disagree."""

        def numbered(pairs: list[tuple[Sentence, float]]) -> list[tuple[Citation, Sentence]]:
            return cited + [(citation(len(cited) + i + 1, s, v), s) for i, (s, v) in enumerate(pairs)]

        trial = numbered(extra + rivals)
        disputed = {v.citation for c in find_conflicts(query.intent, trial, query.lang) for v in c.values}
        keep = extra + [r for i, r in enumerate(rivals, len(cited) + len(extra) + 1) if i in disputed]
        final = numbered(keep)
        return find_conflicts(query.intent, final, query.lang), final


def _who(meta: dict[str, object]) -> str:
    """How the answer names a source: the outlet (or title), with the date it was published."""
    who = str(meta.get("outlet") or meta.get("title") or meta.get("source"))
    return f"{who} ({meta['published']})" if meta.get("published") else who
