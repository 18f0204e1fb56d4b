"""What an article's short forms stand for, read from the article itself.

News writes a name out once and shortens it after: "Badan Penanggulangan Bencana Daerah (BPBD) Lumajang"
is "BPBD" from then on, and "Kepala BPBD Lumajang, Wahyu Setiabudi" is "Wahyu". A question may use
either form ("Menurut kepala badan penanggulangan bencana ..." for "Menurut Wahyu, ..."), so each
article's glossary maps a short form to the words it stands for:

- an abbreviation defined in parentheses, found by Schwartz and Hearst's algorithm (A Simple Algorithm
  for Identifying Abbreviation Definitions in Biomedical Text, 2003): the letters of the short form
  appear, in order, in the words before it, the first letter opening a word ("Bulog": Badan Urusan
  Logistik);
- a person's given or family name, by the description set beside the full name at its first mention
  ("Kepala BPBD Lumajang, Wahyu Setiabudi, ..."; "Yolanda Tuhumury, coordinator of ..., said").

The words are the article's own, in any language; nothing is listed by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from rag.lexicon import common

MAX_SHORT = 10  # characters of a short form
# "Long Form (SF)": the short form in parentheses, one token with a capital letter
_DEFINED = re.compile(r"\(\s*([A-Za-z][\w&.-]{1,9})\s*\)")
# "SF (Long Form)": a short form in capitals, its long form of two words or more in parentheses
_SHORT_FIRST = re.compile(r"\b([A-Z][A-Za-z&]*[A-Z][A-Za-z&]*)\s+\(([^()]{5,120})\)")
_WORD = re.compile(r"[^\W_][\w'-]*")
# a person's full name: two to four capitalised words, not all in capitals (those are short forms)
_NAME = r"[A-Z][a-z][\w'-]*(?:\s+[A-Z][a-z][\w'-]*){1,3}"
# "<description>, <Full Name>," at a sentence's or clause's start, and "<Full Name>, <description>,"
_TITLE_FIRST = re.compile(rf"(?:^|[.;:\"“]\s+|\n)([A-Z][^,.;:\"“”\n]{{2,80}}?),\s+({_NAME}),")
_NAME_FIRST = re.compile(rf"(?:^|[.;:\"“]\s+|\n)({_NAME}),\s+([^,.;:\"“”\n]{{3,100}}?),")
MAX_DESCRIPTION_WORDS = 12  # "pedagang beras yang sudah 20 tahun berjualan di Cipinang"
MAX_TITLE_WORDS = 7  # "Ahli gizi dari Politeknik Kesehatan Nusa Lestari"


def _long_form(short: str, before: str) -> str | None:
    """The words ending `before` that `short` abbreviates (Schwartz–Hearst), or None."""
    letters = [c.lower() for c in short if c.isalnum()]
    if len(letters) < 2 or not short[0].isalnum():
        return None
    words = _WORD.findall(before)[-min(len(letters) + 5, 2 * len(letters)) :]
    if not words:
        return None
    candidate = " ".join(words)
    s, i = len(letters) - 1, len(candidate) - 1
    while s >= 0:
        c = letters[s]
        # the first letter must open a word; the others may lie anywhere, in order
        while i >= 0 and (candidate[i].lower() != c or (s == 0 and i > 0 and candidate[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return None
        i -= 1
        s -= 1
    found = candidate[candidate.rfind(" ", 0, i + 1) + 1 :]
    if len(found.split()) < 2 or short.lower() in found.lower().split():
        return None
    return found


def abbreviations(text: str) -> dict[str, str]:
    """Short form -> the long form the article defines it as ("BPBD": "Badan Penanggulangan Bencana Daerah")."""
    found: dict[str, str] = {}
    for m in _DEFINED.finditer(text):
        short = m.group(1).rstrip(".")
        if short in found or short.islower() or not any(c.isupper() for c in short):
            continue
        sentence_start = max(text.rfind(p, 0, m.start()) for p in (". ", "\n", "(", ": "))
        long = _long_form(short, text[sentence_start + 1 : m.start()])
        if long:
            found[short] = long
    for m in _SHORT_FIRST.finditer(text):
        short, inside = m.group(1), m.group(2)
        if short not in found and len(short) <= MAX_SHORT:
            words = _WORD.findall(inside)
            long = _long_form(short, " ".join(words[: 2 * len(short)])) if words else None
            if long and " ".join(words).startswith(long):
                found[short] = long
    return found


def _is_name(words: list[str]) -> bool:
    """Whether capitalised words read as a person's name: at least half of them are not common words
    ("Wahyu Setiabudi"; not "Menurut Wahyu", "Balai Desa Candiwangi", "Direktur Jenderal Pendidikan Dasar")."""
    return 2 * sum(not common(w.lower()) for w in words) >= len(words)


def _describes(description: str, limit: int) -> bool:
    """Whether words set beside a name describe it: a few words, not a bracket, holding a common word or
    a lower-case one ("Kepala BPBD Lumajang", "coordinator of ..."), so not another bare name."""
    words = description.split()
    if not words or len(words) > limit or "(" in description:
        return False
    return any(w.islower() or common(w.lower()) for w in words)


def mentions(text: str) -> list[tuple[str, str, int]]:
    """Each full name set beside a description, in the article's order: (name, description, the most words
    such a description has). Read by pattern only; `descriptions` keeps those that are a name and a description."""
    found = [(m.start(), m.group(2), m.group(1).strip(), MAX_TITLE_WORDS) for m in _TITLE_FIRST.finditer(text)]
    found += [(m.start(), m.group(1), m.group(2).strip(), MAX_DESCRIPTION_WORDS) for m in _NAME_FIRST.finditer(text)]
    return [(name, description, limit) for _, name, description, limit in sorted(found)]


def descriptions(found: Iterable[tuple[str, str, int]]) -> dict[str, str]:
    """A person's given and family names -> the description beside their full name where it first appears
    ("Wahyu", "Setiabudi": "Kepala BPBD Lumajang"), from `mentions`. The test of a name and of a description
    reads the dictionary and the thesaurus, so it is made when a question is answered, not at ingest."""
    names: dict[str, str] = {}
    for name, description, limit in found:
        words = name.split()
        if _is_name(words) and _describes(description, limit):
            for part in words:
                names.setdefault(part, description)
    return names


def glossary(text: str) -> str:
    """What an article's chunks store, as JSON: its abbreviations (short form -> long form) and its name
    mentions (read into names by `descriptions` when a question is answered)."""
    return json.dumps({"abbreviations": abbreviations(text), "mentions": mentions(text)}, ensure_ascii=False)


def stands_for(word: str, entries: dict[str, str], spelled: dict[str, str]) -> list[str]:
    """What a short form stands for in `entries`, with the long forms of the abbreviations (`spelled`) that
    this holds ("Wahyu": "Kepala BPBD Lumajang", "Badan Penanggulangan Bencana Daerah"); [] for none."""
    meant = entries.get(word)
    if not meant:
        return []
    return [meant, *(spelled[x] for x in _WORD.findall(meant) if x in spelled and spelled[x] != meant)]
