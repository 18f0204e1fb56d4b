"""Word handling for Indonesian and English news: tokens, stems by language, stop words, language ID."""

from __future__ import annotations

import copy
import re
import threading
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from bm25s.stopwords import STOPWORDS_EN

from rag.compound import stem_compound

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

TOKEN = re.compile(r"(?u)\b\w\w+\b")
_EN_CUES = frozenset(STOPWORDS_EN) | {"who", "what", "when", "where", "which", "why", "how", "did", "does"}
# py3langid's probability (Indonesian vs English) from which its call is taken over the stop-word vote.
# Below it lie one- and two-word questions ("Who?" 0.67) and name-heavy ones, where the vote does better.
CONFIDENT = 0.8
_local = threading.local()  # PyStemmer's stemmers are not thread-safe: one per thread


@lru_cache(maxsize=1)
def _sastrawi():
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=1)
def _identifiers() -> tuple[LanguageIdentifier, LanguageIdentifier]:
    """py3langid's bundled model (no download): over all its languages, and between Indonesian and English."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    every = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    pair = copy.copy(every)  # set_languages swaps in sliced arrays: `every` keeps the full model
    pair.set_languages(["id", "en"])
    return every, pair


@lru_cache(maxsize=1)
def indonesian_stopwords() -> frozenset[str]:
    """Indonesian function words (rag/data/stopwords_id.txt)."""
    raw = resources.files("rag.data").joinpath("stopwords_id.txt").read_text("utf-8")
    return frozenset(w for line in raw.splitlines() if not line.startswith("#") for w in line.split())


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    """Indonesian and English stop words: articles and questions may be in either language."""
    return indonesian_stopwords() | frozenset(STOPWORDS_EN)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Indonesian (Sastrawi) stem of one lower-case word ("mengungkapkan" -> "ungkap")."""
    if not word.isalpha():
        return word
    stemmer = _sastrawi()
    found = stemmer.stem(word) or word
    return (stem_compound(word, stemmer) or word) if found == word else found


def _snowball(word: str) -> str:
    stemmer = getattr(_local, "english", None)
    if stemmer is None:
        import Stemmer

        stemmer = _local.english = Stemmer.Stemmer("english")
    return stemmer.stemWord(word)


@lru_cache(maxsize=65536)
def stem_as(word: str, lang: str) -> str:
    """The stem of one lower-case word of a text in `lang` ("en", "id", ...); the same call gives the
    same stem for a question and for an article, so call it with the language of the text the word is in.

    English: Snowball's stem ("workers" -> "worker"), unless Sastrawi reads the word as an Indonesian
    one (a name or loan with an Indonesian affix: "maluku" -> "malu"), which then stems as it does in
    Indonesian text and questions. Any other language: Sastrawi, which leaves words it does not know whole.
    """
    indonesian = stem(word)
    if lang != "en" or indonesian != word or not word.isalpha():
        return indonesian
    return _snowball(word)


def content_stems(text: str, lang: str | None = None) -> list[str]:
    """Stems of the words of `text` that are not stop words, in order, by the text's language
    (`language(text)` when None: pass an article's stored `lang` where it is known).

    An English word gives its stem and, when that differs, the word as written, so it still
    matches a question word that was not stemmed ("expected") as well as one that was ("expect").
    """
    stops = stopwords()
    words = [w for w in (t.lower() for t in TOKEN.findall(text)) if w not in stops]
    if (lang or language(text)) != "en":
        return [stem(w) for w in words]
    out: list[str] = []
    for w in words:
        s = stem_as(w, "en")
        out += (s,) if s == w else (s, w)
    return out


class IndonesianStemmer:
    """Sastrawi behind PyStemmer's `stemWords` interface, as bm25s and BM25Retriever expect."""

    def stemWords(self, words: list[str]) -> list[str]:  # noqa: N802 - PyStemmer's name
        """Stem each word."""
        return [stem(w.lower()) for w in words]


def detect(text: str) -> str:
    """The language of an article's text as an ISO 639-1 code ("id", "en", "fr", ...), by py3langid.

    Its "ms" is read as "id": on news text it cannot tell Indonesian from Malay (it says "ms" for 7 of
    the 45 Indonesian dev questions), and Sastrawi stems both.
    """
    code = _identifiers()[0].classify(text)[0]
    return "id" if code == "ms" else code


def _vote(text: str) -> str:
    words = [w.lower() for w in TOKEN.findall(text)]
    en = sum(w in _EN_CUES for w in words)
    idn = sum(w in indonesian_stopwords() for w in words)
    return "en" if en > idn else "id"


@lru_cache(maxsize=4096)  # sentences and chunks of the same articles come back ask after ask
def language(text: str) -> str:
    """'en' when a question (or sentence) reads as English, else 'id'.

    py3langid decides when it is confident; a very short or name-heavy text is left to a vote
    of English and Indonesian stop words, which wins ties for Indonesian.
    """
    lang, probability = _identifiers()[1].classify(text)
    return lang if probability >= CONFIDENT else _vote(text)


def sentence_language(text: str, article_lang: str | None) -> str | None:
    """The language a sentence of an Indonesian or English article is written in: the other of the two
    when the stop words say so and py3langid is confident (a quote in English in an Indonesian article),
    else the article's. Both must agree, so a name-heavy or short sentence keeps its article's language;
    an article in a third language keeps its own (the resources read only Indonesian and English)."""
    if article_lang not in ("id", "en"):
        return article_lang
    other = "id" if article_lang == "en" else "en"
    if _vote(text) != other:
        return article_lang
    lang, probability = _identifiers()[1].classify(text)
    return other if lang == other and probability >= CONFIDENT else article_lang


def jaccard(a: set[str] | frozenset[str], b: set[str] | frozenset[str]) -> float:
    """Share of words two sets have in common (0 when both are empty)."""
    return len(a & b) / max(len(a | b), 1)
