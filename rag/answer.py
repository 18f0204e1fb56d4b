"""Retrieved passages -> Answer: the sentence(s) that answer, cited verbatim, or an honest refusal."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from rag.features import QUOTE_OPEN, Evidence, points_back, sentence_key, stands_for_the_last
from rag.news import RIVAL_SHARE, WORDS, find_conflicts, newest_first, outlets_of, supporting
from rag.query import NAME, Query
from rag.ranker import Ranker
from rag.sentences import Sentence, candidate_sentences, citation
from rag.text import jaccard
from rag.types import Answer, Citation, Conflict

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore

MAX_ANSWER_CHARS = 600
NEAR_TIE = 0.9  # a same-article sentence scored this close to the best is quoted with it
# "Who wrote ..." asks which article, not a fact in it. The article must hold every name the question asks
# about and half its weight (in some sentence read with the two before it and the headline), and the
# question must name it: a word of its headline, or its outlet ("Who wrote the Liputan6 article?").
BYLINE_SHARE = 0.5
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


def _pattern(template: str) -> str:
    """A regex for text this module or rag.news writes from `template` ("{who}" and the like: any text)."""
    return re.sub(r"\\\{\w+\\\}", ".+?", re.escape(template))


def _opening(template: str) -> str:
    """The fixed words a line written from `template` opens with ("Dilaporkan oleh ")."""
    return re.escape(template.split("{", 1)[0])


# What an answer adds around its quotes. Whole lines: the outlet and conflict notes (as the chat shows
# them, too: "_..._", "**Warning:** ..."); within the text: "Juga dilaporkan oleh X [2].", the event
# date, and the "Menurut X (date): " frame that opens the text or follows a citation mark.
_NOTE_LINES = re.compile(
    r"^[\W_]*(?:Warning:[\W_]*)?(?:"
    + "|".join(_opening(w[k]) for w in WORDS.values() for k in ("outlets", "single", "conflict"))
    + ").*$",
    re.M,
)
_NOTES = re.compile("|".join(_pattern(t) for t in [*ALSO.values(), *EVENT.values()]))
_FRAMES = re.compile(r"(?:^|(?<=\]\s))(?:" + "|".join(_pattern(t) for t in FRAME.values()) + ")")


def quoted(text: str) -> str:
    """What an earlier answer of this bot said: its quotes without the frames, [n] marks and notes.

    A follow-up leans on what the answer stated, not on "According to X (date):"; a refusal stated nothing.
    """
    if any(r in text for r in REFUSAL.values()):
        return ""
    text = _FRAMES.sub("", _NOTES.sub(" ", _NOTE_LINES.sub(" ", text)).strip())
    return re.sub(r"\s+", " ", re.sub(r"\s*\[\d+\]", "", text)).strip()


def answered(text: str) -> str:
    """What an earlier answer of this bot gave as its answer: its first quote, up to the first [n] mark
    (the sentences after it are context the answer added), without frames; a whole text that has no mark."""
    mark = re.search(r"\[\d+\]", text)
    return quoted(text[: mark.end()] if mark else text)


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


def _after(sentences: list[Sentence], s: Sentence) -> Sentence | None:
    """The sentence right after `s` in its article, if it is among `sentences`."""
    return next((o for o in sentences if o.meta["source"] == s.meta["source"] and 0 < o.start - s.end <= 3), None)


def _before(sentences: list[Sentence], s: Sentence) -> Sentence | None:
    """The sentence right before `s` in its article, if it is among `sentences`."""
    return next((o for o in sentences if o.meta["source"] == s.meta["source"] and 0 < s.start - o.end <= 3), None)


def _fits(s: Sentence, chosen: list[tuple[Sentence, float]]) -> bool:
    """Whether `s` can join the chosen sentences without the answer's cap cutting one of them."""
    return len(s.text) + sum(len(c.text) for c, _ in chosen) < MAX_ANSWER_CHARS


class Scorer:
    """Scores candidate sentences: their named features (rag.features), weighed by the trained ranker."""

    def __init__(self, query: Query, sentences: list[Sentence], ranker: Ranker) -> None:
        self.query = query
        self.evidence = Evidence(query, sentences)
        self.ranker = ranker
        self.missing = self.evidence.missing
        self._features: dict[tuple[str, int], dict[str, float]] = {}

    def coverage(self, stems: frozenset[str]) -> float:
        """Share (0..1) of the query's weight mentioned in `stems`."""
        return self.evidence.coverage(stems)

    def features(self, s: Sentence) -> dict[str, float]:
        """The named features of `s` (computed once per sentence)."""
        key = sentence_key(s)
        if key not in self._features:
            self._features[key] = self.evidence.of(s)
        return self._features[key]

    def score(self, s: Sentence) -> float:
        """The probability (0..1) that `s` answers the query."""
        return self.ranker.score(self.features(s))

    def ranked(self, sentences: list[Sentence]) -> list[tuple[float, Sentence]]:
        """(probability, sentence), the best answer first (by the order model: ties by probability)."""
        keyed = []
        for s in sentences:
            features = self.features(s)
            order = self.ranker.rank(features)
            keyed.append((order, self.ranker.score(features, order), s))
        keyed.sort(key=lambda k: (-k[0], -k[1]))
        return [(p, s) for _, p, s in keyed]


class ExtractiveAnswerer:
    """Answers with the best-supported sentences of the passages, quoted verbatim."""

    def __init__(self, ranker: Ranker, min_evidence: float | None = None) -> None:
        self.ranker = ranker
        self.min_evidence = ranker.threshold if min_evidence is None else min_evidence  # None: the calibrated one

    def stream(self, query: Query, nodes: list[NodeWithScore]) -> Iterator[Answer]:
        """The answer at once (the same interface as the LLM answerer, which streams text first)."""
        yield self.answer(query, nodes)

    def answer(self, query: Query, nodes: list[NodeWithScore]) -> Answer:
        """An Answer to `query` from the retrieved `nodes`."""
        sentences = candidate_sentences(nodes)
        scorer = Scorer(query, sentences, self.ranker)
        ranked = scorer.ranked(sentences)
        sure = bool(ranked) and not scorer.missing
        asks_author = query.intent == "author"
        relevant = asks_author and sure and self._about(scorer, ranked)
        if relevant and (byline := self._byline(query, ranked)):
            return byline  # the byline line is cited as what it is
        scored = [(v, s) for v, s in ranked if scorer.evidence.may_answer(s)]
        off_topic = asks_author and not relevant  # no sentence answers who wrote an article not held
        if not scored or scored[0][0] < self.min_evidence or scorer.missing or off_topic:
            related = tuple(citation(i + 1, s, v) for i, (v, s) in enumerate(ranked[:3]))
            return Answer(query.question, REFUSAL[query.lang], False, related=related, lang=query.lang)
        if query.recency:
            scored = newest_first(scored, self.min_evidence)
        best_score, best = scored[0]
        if quoted_words := self._with_speakers_words(scorer, sentences, (best, best_score)):
            return self._compose(query, quoted_words, scored)
        chosen = self._read_with_neighbours(scorer, sentences, [(best, best_score)])
        covered = frozenset().union(*(c.stems for c, _ in chosen))
        for s_score, s in scored[1:6]:
            if any(s is c for c, _ in chosen) or s.meta["source"] != best.meta["source"]:
                continue  # another outlet's sentence on another point is related, not the answer (nor backing)
            gain = scorer.coverage(s.stems - covered)
            duplicate = jaccard(s.stems, best.stems) > 0.6
            adds = gain >= 0.15 and s_score >= 0.6 * best_score
            rival = s_score >= NEAR_TIE * best_score  # as likely an answer: the reader sees both
            if (adds or rival) and not duplicate and _fits(s, chosen):
                chosen.append((s, s_score))
                break
        return self._compose(query, chosen, scored)

    @staticmethod
    def _with_speakers_words(
        scorer: Scorer, sentences: list[Sentence], best: tuple[Sentence, float]
    ) -> list[tuple[Sentence, float]] | None:
        """News style: a paraphrase naming a speaker, then (maybe after one more sentence) the speaker's
        own words. The quote is the substance, so the answer is the paraphrase up to the quote."""
        chosen, last = [best], best[0]
        for _ in range(2):
            nxt = _after(sentences, last)
            if nxt is None or not scorer.evidence.may_answer(nxt) or not _fits(nxt, chosen):
                return None
            chosen.append((nxt, scorer.score(nxt)))
            if continues_with_quote(best[0].text, nxt.text):
                return chosen
            if nxt.text.startswith(QUOTE_OPEN):  # someone else's words
                return None
            last = nxt
        return None

    @staticmethod
    def _read_with_neighbours(
        scorer: Scorer, sentences: list[Sentence], chosen: list[tuple[Sentence, float]]
    ) -> list[tuple[Sentence, float]]:
        """The answer's sentence with the one before it when it stands for that one ("Ia ...", "Hal itu ...")
        and the one after it when that points back to it ("Hal itu menguatkan dugaan ...")."""
        best = chosen[0][0]
        before, after = _before(sentences, best), _after(sentences, best)
        out = list(chosen)
        if before and stands_for_the_last(best.text) and scorer.evidence.may_answer(before) and _fits(before, out):
            out.insert(0, (before, scorer.score(before)))
        if after and points_back(after.text) and scorer.evidence.may_answer(after) and _fits(after, out):
            out.append((after, scorer.score(after)))
        return out

    @staticmethod
    def _about(scorer: Scorer, ranked: list[tuple[float, Sentence]]) -> bool:
        """Whether the best-ranked sentence's article is about what the question asks (for "who wrote ...")."""
        best = ranked[0][1]
        same = [s for _, s in ranked if s.meta.get("source") == best.meta.get("source")]
        held = max(scorer.features(s)["in_article"] for s in same)
        return held >= BYLINE_SHARE and scorer.evidence.names_article(best)

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
        # an outlet backs the answer when its sentence would answer on its own and states the same fact
        extra = supporting(scored, [s for _, s in cited], self.min_evidence, query=query)
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
