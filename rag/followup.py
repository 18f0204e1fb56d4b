"""Follow-up questions: what "dia", "di sana", "jembatan itu", "-nya" or an elliptic question leans on.

The extractive path has no LLM to rewrite a follow-up, so the words it refers to are taken from the
earlier turns (the user's questions and what the answers quoted) and added to the question:
- a person pronoun ("dia", "ia", "beliau", "he", "she") takes the people named there;
- a place ("di sana", "ke situ", "there") takes the places named there;
- "<noun> itu/tersebut", "that/the <noun>" takes the name that noun had ("jembatan" -> "Jembatan Sungai Rangas");
- "-nya", "itu", "it", or a question with almost no words of its own ("Berapa korbannya?",
  "And how much?") takes the previous exchange's subject: its question and what the answer quoted.
A question on a new subject (it names something and refers to nothing) takes nothing. Only the last
three exchanges are read; empty turns are skipped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rag import lexicon
from rag.answertype import PLACE_NOUNS
from rag.dates import calendar_word
from rag.text import TOKEN, stem, stopwords
from rag.types import Turn

MAX_TURNS = 6  # the last three exchanges: older turns do not steer a follow-up
MAX_TURN_CHARS = 2000  # a longer turn is read from its start (a pasted article is not a referent)
PERSON = re.compile(r"\b(dia|ia|beliau|mereka|he|she|him|her|his|they|them|their)\b", re.I)
PLACE = re.compile(r"\b(?:di|ke|dari)\s*(?:sana|situ)\b|\b(?:there)\b", re.I)
# "jembatan itu", "proyek tersebut"; "that bridge", "the plant"
DEMONSTRATIVE_ID = re.compile(r"\b(\w+)\s+(?:itu|tersebut|ini)\b", re.I)
DEMONSTRATIVE_EN = re.compile(r"\b(?:the|that|this|those|these)\s+(\w+)", re.I)
IT = re.compile(r"\b(?:itu|tersebut|it)\b", re.I)  # English "that" and "this" are too often not references
# "Apa itu NATO?", "Siapa itu Rutte?": "itu" introduces what is asked about, it does not point back
DEFINING = re.compile(r"\b(?:apa|siapa)\s+(?:itu|ini)\b(?=\s+\w)", re.I)
# adverbs in -nya that point nowhere: "sebenarnya", "selanjutnya" (se-...-nya), and a few more
ADVERBS = frozenset("akhirnya biasanya rupanya tampaknya agaknya katanya misalnya umumnya khususnya kiranya".split())
# "Dan ...?", "Lalu ...?", "And how much ...?", "What about ...?": the question continues the last one
CONTINUES = re.compile(
    r"^\s*(?:dan|lalu|terus|kemudian|bagaimana\s+dengan|and|so|then|what\s+about|how\s+about)\b", re.I
)
# Words that put a name in a place: "di Lumajang", "Kecamatan Rangas Hulu", "in Ternate", "Mount Welang"
AT = frozenset("di ke dari dekat menuju sekitar in at from near to".split())
NAME_RUN = re.compile(r"\b[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|\d[\d.,]*))*")
OWN_WORDS = 2  # a question with at most this many words of its own leans on the last one


@dataclass(frozen=True)
class Name:
    """A name in an earlier turn, and whether the words around it make it a place."""

    text: str
    place: bool


def _recent(history: Sequence[Turn]) -> list[Turn]:
    turns = [Turn(t.role, t.content.strip()[:MAX_TURN_CHARS]) for t in history if TOKEN.search(t.content or "")]
    return turns[-MAX_TURNS:]


def _first_word(text: str, start: int) -> bool:
    """Whether the word at `start` opens a sentence (so its capital letter says nothing)."""
    before = text[:start].rstrip()
    return not before or before[-1] in ".!?:;\"“”'(\n"


def names(text: str) -> list[Name]:
    """Runs of capitalised words ("Jembatan Sungai Rangas", "PO Sinar Mulya Trans"), each marked place or not.

    A run that opens a sentence loses a first word that is only capitalised there ("Sebuah bus", "In
    Pyongyang"); a day, a month or a figure is not a name.
    """
    stops = stopwords()
    found: list[Name] = []
    for m in NAME_RUN.finditer(text):
        words = [w.rstrip(".,") for w in m.group().split()]
        before = TOKEN.findall(text[: m.start()].lower())[-1:]
        if _first_word(text, m.start()):
            while words and words[0].lower() in stops:
                before = [words.pop(0).lower()]
            if words and _common(words[0]):
                before = [words.pop(0).lower()]
        words = [w for w in words if not calendar_word(w) and not w[0].isdigit()]
        if not words or all(w.lower() in stops for w in words):
            continue
        place = bool(set(before) & AT) or words[0].lower() in PLACE_NOUNS
        found.append(Name(" ".join(words), place))
    return found


def _common(word: str) -> bool:
    """Whether a capitalised sentence opener is a common word ("Sebuah", "Pembangunan", "What"), or one
    Sastrawi stems to a thesaurus word."""
    w = word.lower()
    return lexicon.common(w) or bool(lexicon.synonyms(stem(w)))


def _own_words(question: str) -> list[str]:
    stops = stopwords()
    return [w for w in TOKEN.findall(question.lower()) if w not in stops and not _reference(w)]


def _reference(word: str) -> bool:
    """Whether a word refers back: a pronoun or demonstrative, or a noun with "-nya" ("korbannya")."""
    if PERSON.fullmatch(word) or IT.fullmatch(word) or word in ("sana", "situ", "there"):
        return True
    if word in ADVERBS or (word.startswith("se") and word.endswith("nya")):
        return False
    if word.endswith("nya") and len(word) > 5:
        base = word[:-3]
        return bool(lexicon.synonyms(base) or lexicon.synonyms(stem(base)) or lexicon.english(base))
    return False


def leans_back(question: str) -> bool:
    """Whether a question refers to earlier turns rather than standing alone."""
    words = TOKEN.findall(DEFINING.sub(" ", question).lower())
    if CONTINUES.search(question) or any(_reference(w) for w in words):
        return True
    if names(question):  # "Siapa Bonnie Jenkins?": it names its own subject
        return False
    return len(_own_words(question)) <= OWN_WORDS


def _exchanges(turns: list[Turn]) -> list[list[Turn]]:
    """The turns grouped into exchanges (a question and its answer), the most recent first."""
    groups: list[list[Turn]] = []
    for t in turns:
        if t.role == "user" or not groups:
            groups.append([t])
        else:
            groups[-1].append(t)
    return groups[::-1]


def _named(noun: str, text: str) -> str | None:
    """The name a noun carried in `text`: "jembatan" in "Pembangunan Jembatan Sungai Rangas" -> that run."""
    key = stem(noun.lower())
    for n in names(text):
        if key in {stem(w.lower()) for w in n.text.split()}:
            return n.text
    m = re.search(rf"\b(?i:{re.escape(noun)})\b((?:\s+[A-Z][\w'’.-]*)+)", text)
    return (noun + m.group(1)) if m else None


def context(question: str, history: Sequence[Turn]) -> str:
    """The words of earlier turns that `question` refers to ("" when it stands alone or there is no history)."""
    turns = _recent(history)
    if not turns or not question.strip() or not leans_back(question):
        return ""
    exchanges = _exchanges(turns)
    by_exchange = [[t.content for t in e] for e in exchanges]  # the most recent first
    by_turn = [[t.content] for e in exchanges for t in reversed(e)]  # the most recent first
    carried: list[str] = []
    if PERSON.search(question):  # "dia", "they": the people of the last exchange that named any
        carried += _first(by_exchange, lambda text: [n.text for n in names(text) if not n.place])
    if PLACE.search(question):  # "di sana", "there": the places of the last turn that named any
        carried += _first(by_turn, lambda text: [n.text for n in names(text) if n.place])
    nouns = [m.group(1) for m in DEMONSTRATIVE_ID.finditer(question)]
    nouns += [m.group(1) for m in DEMONSTRATIVE_EN.finditer(question)]
    nouns = [n for n in nouns if n.lower() not in stopwords()]
    for noun in nouns:
        carried += _first(by_turn, lambda text, noun=noun: [x] if (x := _named(noun, text)) else [])
    if not carried and nouns:  # "kesepakatan itu" for "Pakta pertahanan": another word for what was answered
        carried = [t.content for t in exchanges[0] if t.role == "assistant"]
    if not carried:  # "-nya", "itu", "it", "Dan berapa ...?": the last exchange's subject, asked and answered
        carried = by_exchange[0]
    return " ".join(dict.fromkeys(carried))


def _first(groups: list[list[str]], pick: Callable[[str], list[str]]) -> list[str]:
    """What `pick` finds in the texts of the most recent group that has any."""
    for group in groups:
        if found := [x for text in group for x in pick(text)]:
            return list(dict.fromkeys(found))
    return []
