"""Word handling for Indonesian news: tokens, Sastrawi stems, stop words, question language."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from bm25s.stopwords import STOPWORDS_EN

TOKEN = re.compile(r"(?u)\b\w\w+\b")
_EN_CUES = frozenset(STOPWORDS_EN) | {"who", "what", "when", "where", "which", "why", "how", "did", "does"}


@lru_cache(maxsize=1)
def _sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def indonesian_stopwords() -> frozenset[str]:
    """Indonesian function words (rag/data/stopwords_id.txt)."""
    raw = resources.files("rag.data").joinpath("stopwords_id.txt").read_text("utf-8")
    return frozenset(w for line in raw.splitlines() if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Indonesian and English stop words: the corpus is Indonesian, questions may be English."""
    return indonesian_stopwords() | frozenset(STOPWORDS_EN)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Indonesian stem of one lower-case word ("mengungkapkan" -> "ungkap")."""
    if not word.isalpha():
        return word
    return _sastrawi().stem(word) or word


class IndonesianStemmer:
    """Sastrawi behind PyStemmer's `stemWords` interface, as bm25s and BM25Retriever expect."""

    def stemWords(self, words: list[str]) -> list[str]:  # noqa: N802 - PyStemmer's name
        """Stem each word."""
        return [stem(w.lower()) for w in words]


def content_stems(text: str) -> list[str]:
    """Stems of the words of `text` that are not stop words, in order."""
    stops = stopwords()
    return [stem(w) for w in (t.lower() for t in TOKEN.findall(text)) if w not in stops]


def language(text: str) -> str:
    """'en' when the text reads as English, else 'id'."""
    words = [w.lower() for w in TOKEN.findall(text)]
    en = sum(w in _EN_CUES for w in words)
    idn = sum(w in indonesian_stopwords() for w in words)
    return "en" if en > idn else "id"


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """Share of words two sets have in common (0 when both are empty)."""
    return len(a & b) / max(len(a | b), 1)
