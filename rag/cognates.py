"""Loanwords across Indonesian and English: "korupsi" is "corruption", "domisili" "domicile", "publik" "public".

Indonesian spells the international words it borrows by regular rules (the national guide to forming
terms, Pedoman Umum Pembentukan Istilah): -tion becomes -si, -ity -itas, -ic -ik, c becomes k or s,
ph f, ee i, double consonants single. `key` applies those rules to a word of either language and drops
its last vowel, so a loan and its source share one key. The bilingual dictionary lists few such words
(nothing renders "application" or "screening" as "aplikasi", "skrining"), and a question in one
language often names them in the other.

`widen` adds, to a question's terms, the words of the other language's candidate sentences that share
a term's key: a term found so counts in full, as a translated word does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from rag.query import UNTRANSLATED, Query, Term
from rag.sentences import Sentence
from rag.text import stem_as, stopwords

MIN_KEY = 5  # shorter keys ("mati", "mate") join unrelated words
# English ending -> the Indonesian one, longest first (PUPI's rules for affixed loans)
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("graphy", "grafi"), ("ation", "asi"), ("ition", "isi"), ("ution", "usi"), ("ssion", "si"), ("sion", "si"),
    ("tion", "si"), ("ency", "ensi"), ("ancy", "ansi"), ("ence", "ensi"), ("ance", "ansi"), ("ical", "is"),
    ("ity", "itas"), ("ism", "isme"), ("ogy", "ogi"), ("ive", "if"), ("ary", "er"), ("ure", "ur"), ("ic", "ik"),
)  # fmt: skip
LETTERS: tuple[tuple[str, str], ...] = (
    ("ph", "f"),
    ("th", "t"),
    ("ch", "k"),
    ("sh", "sy"),
    ("qu", "ku"),
    ("x", "ks"),
    ("oa", "o"),
    ("ee", "i"),
)
_C_SOFT = re.compile(r"c(?=[eiy])")
_DOUBLE = re.compile(r"([a-z])\1")
_FINAL_NT = re.compile(r"nt$")  # "president": presiden
_FINAL_CT = re.compile(r"ct$")  # "project": proyek


@lru_cache(maxsize=65536)
def key(word: str) -> str | None:
    """The spelling a loanword and its source share ("corruption", "korupsi": "korups"), or None for a
    word too short (or not alphabetic) to compare safely."""
    w = word.lower()
    if not w.isascii() or not w.isalpha():
        return None
    for english, indonesian in SUFFIXES:
        if w.endswith(english):
            w = w[: -len(english)] + indonesian
            break
    w = _FINAL_CT.sub("k", w)
    for a, b in LETTERS:
        w = w.replace(a, b)
    w = _C_SOFT.sub("s", w).replace("c", "k").replace("y", "i").replace("j", "i")  # "project": proyek
    w = _FINAL_NT.sub("n", _DOUBLE.sub(r"\1", w))
    if w[-1] in "aeiou":
        w = w[:-1]
    return w if len(w) >= MIN_KEY else None


def _words(term: Term) -> set[str]:
    """The words a term stands for: its label, and its one-word alternatives."""
    return {term.label, *(w for alt in term.alternatives if len(alt) == 1 for w in alt)}


def _vocabulary(sentences: Iterable[Sentence], lang: str) -> dict[str, set[str]]:
    """Key -> the stems, as their sentences' language stems them, of the words of sentences not in `lang`."""
    stops = stopwords()
    found: dict[str, set[str]] = {}
    for s in sentences:
        own = s.lang or "id"
        if (own == "en") == (lang == "en"):
            continue
        for word in re.findall(r"[^\W\d_]+", s.text.lower()):
            if word not in stops and (k := key(word)):
                found.setdefault(k, set()).add(stem_as(word, own))
    return found


def widen(query: Query, sentences: Sequence[Sentence]) -> Query:
    """`query` with each word-term that a loan in the other language's sentences shares a key with
    satisfied by that loan too, at full weight. Names and numbers are left as they are."""
    vocabulary = _vocabulary(sentences, query.lang)
    if not vocabulary:
        return query
    terms: list[Term] = []
    for t in query.terms:
        loans = set() if t.critical else {s for w in _words(t) if (k := key(w)) for s in vocabulary.get(k, ())}
        if loans:  # an English word the dictionary lacks but the articles use ("stunting") weighs in full
            extra = [frozenset([s]) for s in sorted(loans) if frozenset([s]) not in t.alternatives]
            scale = 1.0 if t.scale == UNTRANSLATED else t.scale
            t = replace(t, alternatives=(*t.alternatives, *extra), scale=scale)
        terms.append(t)
    return replace(query, terms=tuple(terms))
