"""Article -> sentence-aware chunks that keep their character spans in the article."""

from __future__ import annotations

import re

from rag.cleaner import Span
from rag.types import Article, Chunk

# Words whose trailing dot does not end a sentence, when the next word is capitalised or a number
# ("Mr. Tan", "Oct. 2", "No. 5"). Language knowledge only: titles, months, firms, addresses, references.
ABBREVIATIONS = frozenset(
    """
    dok no nos dr drs ir prof jl jln hlm kol brigjen mayjen letjen jend sdr bpk yth dll dsb tsb okt agt des
    mr mrs ms messrs mt st sen rep gov gen lt col maj capt cmdr adm sgt cpl pvt rev hon pres supt insp jr sr
    jan feb mar apr jun jul aug sep sept oct nov dec
    inc ltd co corp bros plc dept univ assn ave blvd rd hwy vs etc al approx est vol fig pp ph.d
    """.split()
)
# An initial or initialism, its last dot stripped: "j" (J. Smith), "u.s", "a.m", "p.m", "e.g", "d.c".
INITIALISM = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_END = re.compile(r"[.!?…]+[\"”’')\]]*(?=\s+)")
_OPEN, _CLOSE = "“", "”"


def split_sentences(text: str, start: int, end: int) -> list[Span]:
    """Sentence spans inside text[start:end]; a dot inside an open quote does not end one."""
    spans: list[Span] = []
    s = start
    for m in _END.finditer(text, start, end):
        cut = m.end()
        before = text[s:cut]
        word = re.search(r"(\S+)[.!?…\"”’')\]]*$", before)
        token = word[1].lower().rstrip(".").lstrip("([\"“'") if word else ""
        if m[0].startswith(".") and (token in ABBREVIATIONS or INITIALISM.fullmatch(token)):
            continue
        if before.count(_OPEN) > before.count(_CLOSE) or before.count('"') % 2 == 1:
            continue  # inside a quotation: the speaker's sentences stay with their attribution
        nxt = text[cut:end].lstrip()
        if nxt and not (nxt[0].isupper() or nxt[0].isdigit() or nxt[0] in "\"“'(["):
            continue
        spans.append(_strip(text, s, cut))
        s = cut
    if s < end and text[s:end].strip():
        spans.append(_strip(text, s, end))
    return _merge_fragments(text, spans)


def _merge_fragments(text: str, spans: list[Span], min_words: int = 3) -> list[Span]:
    """Join a fragment of fewer than `min_words` words ("Foto: KCNA", "242") to the sentence before."""
    merged: list[Span] = []
    for span in spans:
        if merged and len(text[span[0] : span[1]].split()) < min_words:
            merged[-1] = (merged[-1][0], span[1])
        else:
            merged.append(span)
    return merged


def _strip(text: str, s: int, e: int) -> Span:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def chunk_article(article: Article, max_chars: int = 600) -> list[Chunk]:
    """Group the article's sentences into chunks of at most ~max_chars within a run of content.

    A chunk never spans removed boilerplate, so its text is a verbatim slice of the article.
    """
    chunks: list[Chunk] = []
    current: list[Span] = []

    def flush() -> None:
        if current:
            chunks.append(Chunk(article, len(chunks), current[0][0], current[-1][1], tuple(current)))
            current.clear()

    previous_end = None
    for seg_start, seg_end in article.segments:
        if previous_end is not None and article.text[previous_end:seg_start].strip():
            flush()  # boilerplate lay between the two segments
        for span in split_sentences(article.text, seg_start, seg_end):
            if current and span[1] - current[0][0] > max_chars:
                flush()
            current.append(span)
        previous_end = seg_end
    flush()
    return chunks
