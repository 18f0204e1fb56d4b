"""Retrieved passages -> Answer: the sentence(s) that answer, cited verbatim, or an honest refusal."""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rag.text import content_stems, language
from rag.types import Answer, Citation

if TYPE_CHECKING:
    from llama_index.core.schema import NodeWithScore

MAX_ANSWER_CHARS = 600
REFUSAL = {
    "id": "Artikel-artikel yang tersedia tidak membahas hal ini, jadi saya tidak bisa menjawabnya.",
    "en": "The articles available do not cover this, so I cannot answer it.",
}
FRAME = {"id": "Menurut {who}: ", "en": "According to {who}: "}


@dataclass(frozen=True)
class Sentence:
    """A candidate sentence with where it lies in its article."""

    text: str
    start: int
    end: int
    rank: int
    meta: dict[str, object]
    stems: frozenset[str]


def candidate_sentences(nodes: list[NodeWithScore]) -> list[Sentence]:
    """Every sentence of the retrieved chunks, with article offsets, in retrieval order."""
    out: list[Sentence] = []
    for rank, hit in enumerate(nodes):
        meta = dict(hit.node.metadata)
        text = hit.node.get_content()
        base = int(meta["start"])
        for s, e in json.loads(str(meta["sentences"])):
            sentence = text[s - base : e - base]
            out.append(Sentence(sentence, s, e, rank, meta, frozenset(content_stems(sentence))))
    return out


def term_weights(query_stems: list[str], sentences: list[Sentence]) -> dict[str, float]:
    """IDF-like weights over the candidates: a query word found nowhere weighs most."""
    df = Counter(t for s in sentences for t in s.stems)
    n = max(len(sentences), 1)
    return {t: math.log(1 + n / (1 + df[t])) for t in set(query_stems)}


def coverage(stems: frozenset[str], weights: dict[str, float]) -> float:
    """Share of the query's weight that a sentence's words cover (0..1)."""
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if t in stems) / total if total else 0.0


class ExtractiveAnswerer:
    """Answers with the best-supported sentences of the passages, quoted verbatim."""

    def __init__(self, min_evidence: float) -> None:
        self.min_evidence = min_evidence

    def answer(self, question: str, query: str, nodes: list[NodeWithScore]) -> Answer:
        """An Answer to `question` from `nodes`, retrieved for `query` (the question plus context)."""
        lang = language(question)
        sentences = candidate_sentences(nodes)
        weights = term_weights(content_stems(query), sentences)

        def score(s: Sentence) -> float:
            short = 0.1 if len(s.text.split()) < 6 else 0.0
            return coverage(s.stems, weights) - short - 0.01 * s.rank

        ranked = sorted(sentences, key=score, reverse=True)
        if not ranked or coverage(ranked[0].stems, weights) < self.min_evidence:
            return Answer(question=question, text=REFUSAL[lang], found=False)
        chosen = [ranked[0]]
        covered = set(ranked[0].stems)
        for s in ranked[1:4]:
            gain = coverage(frozenset(s.stems - covered), weights)
            if gain >= 0.15 and score(s) >= 0.5 * score(ranked[0]):
                chosen.append(s)
                covered |= s.stems
                break
        return self._compose(question, lang, [(c, score(c)) for c in chosen])

    def _compose(self, question: str, lang: str, chosen: list[tuple[Sentence, float]]) -> Answer:
        citations: list[Citation] = []
        parts: list[str] = []
        for s, s_score in chosen:
            n = len(citations) + 1
            meta = s.meta
            who = str(meta.get("outlet") or meta.get("title") or meta.get("source"))
            if meta.get("published"):
                who += f" ({meta['published']})"
            part = FRAME[lang].format(who=who) + f"{s.text} [{n}]"
            if parts and len(" ".join([*parts, part])) > MAX_ANSWER_CHARS:
                break
            parts.append(part)
            citations.append(
                Citation(
                    n=n,
                    source=str(meta["source"]),
                    title=str(meta.get("title") or ""),
                    outlet=str(meta.get("outlet") or "") or None,
                    published=str(meta.get("published") or "") or None,
                    quote=s.text,
                    start=s.start,
                    end=s.end,
                    score=round(s_score, 4),
                )
            )
        text = " ".join(parts)
        if len(text) > MAX_ANSWER_CHARS:  # one very long sentence: keep the claim short, the quote whole
            text = text[: MAX_ANSWER_CHARS - 8].rsplit(" ", 1)[0] + " … [1]"
        return Answer(question=question, text=text, found=True, citations=tuple(citations))
