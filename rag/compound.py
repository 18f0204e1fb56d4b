"""Indonesian compounds that Sastrawi leaves whole: "ditandatangani", "menindaklanjuti".

Sastrawi strips affixes only down to a word of its root dictionary, and its dictionary holds the
parts of a compound written as one word ("tanda", "tangan") but not the whole ("tandatangan"), so
every affixed form stays a word of its own and "ditandatangani" never meets "menandatangani".
Here a word Sastrawi leaves whole is tried again with one more root: a run of its letters (with the
first letter a nasal prefix may have taken: "me-n-andatangan-i" <- "tandatangan") that is two
dictionary roots side by side. Sastrawi's own affix rules then decide whether the rest are affixes.
"""

from __future__ import annotations

from typing import Any

# letters a nasal prefix (meN-, peN-) replaces: "menulis" <- "tulis", "memukul" <- "pukul", "menyapu" <- "sapu"
NASALISED = ("", "t", "p", "k", "s")
MAX_PREFIX = 6  # "memper", "diper", "keber": Sastrawi allows up to three prefixes
MAX_SUFFIX = 6  # "kannya", "annya", "inya"
MIN_PART = 3  # a part shorter than this ("di", "ke") is an affix, not a root


class _WithCompound:
    """Sastrawi's dictionary and one more word."""

    def __init__(self, base: Any, compound: str) -> None:
        self.base, self.compound = base, compound

    def contains(self, word: str) -> bool:
        return word == self.compound or self.base.contains(word)


def _two_roots(run: str, roots: Any) -> bool:
    return any(roots.contains(run[:i]) and roots.contains(run[i:]) for i in range(MIN_PART, len(run) - MIN_PART + 1))


def candidates(word: str, roots: Any) -> list[str]:
    """Runs of `word`, longest first, that are two roots of `roots` side by side."""
    found = []
    for start in range(MAX_PREFIX + 1):
        for end in range(len(word), max(start, len(word) - MAX_SUFFIX) - 1, -1):
            for letter in NASALISED:
                run = letter + word[start:end]
                if len(run) >= 2 * MIN_PART and run not in found and _two_roots(run, roots):
                    found.append(run)
    return sorted(found, key=len, reverse=True)


def stem_compound(word: str, stemmer: Any) -> str | None:
    """The compound `word` is an affixed form of ("ditandatangani" -> "tandatangan"), or None.

    `stemmer` is Sastrawi's (its `delegatedStemmer` holds the dictionary and the affix rules).
    """
    from Sastrawi.Stemmer.Stemmer import Stemmer

    inner = getattr(stemmer, "delegatedStemmer", stemmer)
    roots = inner.get_dictionary()
    if roots.contains(word):
        return None
    for run in candidates(word, roots):
        if run == word or Stemmer(_WithCompound(roots, run)).stem(word) == run:
            return run
    return None
