"""Question -> Query: weighted search terms (English mapped to Indonesian), intent, follow-up context."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources

from rag import followup, lexicon
from rag.dates import MONTHS
from rag.text import TOKEN, content_stems, language, stem, stem_as, stopwords
from rag.types import Turn

# Words that frame a question about news rather than name what it is about.
META_WORDS = frozenset(
    "berita kabar artikel media laporan menurut sebut sebutkan disebut disebutkan kata hal apakah bagaimana "
    "jelaskan uraikan ceritakan "
    "news article articles report media according mention mentioned say said tell explain".split()
) | frozenset("which who whom whose what when where why how did does do is are was were".split())
INTENTS = {
    "author": re.compile(
        r"\b(siapa\s+(\w+\s+)?(yang\s+)?(menulis|penulis)|penulis(nya)?|wartawan|jurnalis|reporter|who\s+wrote"
        r"|author|written\s+by|journalist)\b",
        re.I,
    ),
    # "tahun berapa", "what year": which year, a time ("berapa tahun", "how many years" ask how long)
    "when": re.compile(
        r"\b(kapan|hari\s+apa|tanggal\s+berapa|(tahun|bulan)\s+(berapa|apa)|when|(what|which)\s+(day|date|year|month))\b",
        re.I,
    ),
    # "seberapa sering" asks how often: "setiap hari" answers it without a number
    "quantity": re.compile(r"\b(berapa|seberapa(?!\s+sering)|how\s+many|how\s+much)\b", re.I),
    "where": re.compile(r"\b(di\s*mana|ke\s*mana|dari\s*mana|(di|ke|dari)\s+\w+\s+mana|where)\b", re.I),
}  # fmt: skip
# "the latest": prefer newer articles; the words themselves are not what the answer must mention
RECENCY = re.compile(r"\b(terbaru|terkini|terakhir|paling\s+baru|latest|most\s+recent|newest|recent(ly)?)\b", re.I)
INTENT_WORDS = frozenset(
    "kapan hari tanggal berapa jumlah nama menulis tulis penulis wartawan mana "
    "when day date many much name wrote author written where".split()
)
DAY_NAMES = frozenset(
    "senin selasa rabu kamis jumat sabtu minggu monday tuesday wednesday thursday friday saturday sunday".split()
)
NAME = re.compile(r"\b[A-Z][\w'’-]+")
# How far the general dictionary and thesaurus may widen one question word (precision over recall).
EN_SENSES = 2  # an English word's Indonesian renderings come from its first senses only
MAX_RENDERINGS = 5  # Indonesian renderings of an English word, besides the hand-written ones
MAX_ENGLISH = 3  # English words an Indonesian word may match in English articles
MAX_SYNONYMS = 4  # thesaurus synonyms of an Indonesian word
UNTRANSLATED = 0.3  # the weight of an English word with no Indonesian rendering: it cannot match Indonesian text
CARRIED = 0.6  # the weight of a word a follow-up takes from earlier turns, against its own words'


@dataclass(frozen=True)
class Term:
    """One thing the answer should mention: satisfied when any alternative's stems all appear."""

    label: str
    alternatives: tuple[frozenset[str], ...]
    scale: float = 1.0
    critical: bool = False  # a name or number: if no passage mentions it, the articles are silent
    search: str = ""  # words it adds to the search text: its renderings in the articles' other language
    carried: bool = False  # a word a follow-up takes from earlier turns, not one of its own


@dataclass(frozen=True)
class Query:
    """What the bot looks for to answer a question."""

    question: str
    lang: str
    terms: tuple[Term, ...]
    search_text: str
    intent: str | None
    recency: bool = False  # the question asks for the latest news
    said: str = ""  # what the last answer gave as its answer, when the question is a follow-up


@lru_cache(maxsize=1)
def _dictionary() -> dict[str, tuple[str, ...]]:
    data = json.loads(resources.files("rag.data").joinpath("en_id.json").read_text("utf-8"))
    return {k: tuple(v) for k, v in data.items() if not k.startswith("_")}


def _singular(word: str) -> list[str]:
    forms = [word]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith("es"):
        forms.append(word[:-2])
    if word.endswith("men"):  # "women", "fishermen" (WordNet's morphy has the same rule)
        forms.append(word[:-3] + "man")
    if word.endswith("s"):
        forms.append(word[:-1])
    if word.endswith("ed"):
        forms += [word[:-2], word[:-1]]
        if word.endswith("ied"):  # "carried": carry
            forms.append(word[:-3] + "y")
    if word.endswith("ing"):
        forms += [word[:-3], word[:-3] + "e"]
    root = word[:-3] if word.endswith("ing") else word[:-2] if word.endswith("ed") else ""
    if len(root) > 2 and root[-1] == root[-2] and root[-1] not in "aeiou":
        forms.append(root[:-1])  # "winning", "stopped": win, stop
    return forms


def word_forms(text: str) -> frozenset[str]:
    """Every form a question term may match in `text`: Indonesian stems and English base forms."""
    words = [w.lower() for w in TOKEN.findall(text)]
    return frozenset(content_stems(text)) | {f for w in words for f in _singular(w)}


def _alternative(phrase: str) -> frozenset[str]:
    return frozenset(content_stems(phrase) or [stem(w) for w in TOKEN.findall(phrase.lower())])


def _content(phrase: str) -> frozenset[str] | None:
    """An Indonesian rendering as Indonesian text stems it, or None when it is only stop words."""
    stops = stopwords()
    stems = frozenset(stem(w) for w in TOKEN.findall(phrase.lower()) if w not in stops)
    return stems or None


def _english(word: str, base: str | None = None, name: bool = False) -> list[frozenset[str]]:
    """Alternatives that find an English word: its forms as English text keeps them, and as Indonesian
    text stems them (names and loanwords appear there too: "Perseta" -> "seta")."""
    forms = [word] if name else [word, *(lexicon.inflections(base) if base else _singular(word))]
    # and as English text stems it: "appointment" finds "appointed" (Snowball: "appoint")
    return list(dict.fromkeys(frozenset([f]) for w in forms for f in (w, stem(w), stem_as(w, "en"))))


def _base(word: str) -> str | None:
    """The dictionary form of an English word ("prices" -> "price"), if either dictionary knows it. A form
    FreeDict has is taken before one only the pivot table has ("waiting": wait, menunggu; the table's
    "waiting" went through a third language astray)."""
    forms = _singular(word)
    own = (f for f in forms if f in _dictionary() or lexicon.knows(f, pivoted=False))
    return next(own, None) or next((f for f in forms if lexicon.knows(f)), None)


def _renderings(english: str, general: bool = True, name: bool = False) -> list[frozenset[str]]:
    """Indonesian alternatives for an English word or phrase: the hand-written core, then the dictionary's."""
    core = [_content(t) or _alternative(t) for t in _dictionary().get(english, ())]
    found = lexicon.indonesian(english, EN_SENSES, name)[:MAX_RENDERINGS] if general else ()
    # Indonesian writes a name of three words or more by its initials: "sekolah menengah atas" is "SMA"
    initials = [frozenset([a]) for t in found if (a := _initials(t))]
    return list(dict.fromkeys(core + [a for t in found if (a := _content(t))] + initials))


def _initials(phrase: str) -> str | None:
    """The initials of a phrase of three words or more, as Indonesian shortens it ("sekolah menengah atas": sma)."""
    words = phrase.split()
    return "".join(w[0] for w in words).lower() if len(words) >= 3 and all(w.isalpha() for w in words) else None


def _phrases(text: str) -> list[tuple[str, str]]:
    """Two- and three-word phrases of `text` the dictionary renders, longest first (none that only frame it),
    each with the headword it is listed under: its last word may be plural ("high schools": high school)."""
    words, framing = TOKEN.findall(text), stopwords() | META_WORDS | INTENT_WORDS
    found = []
    for n in (3, 2):
        for i in range(len(words) - n + 1):
            gram = words[i : i + n]
            if set(gram) & framing:
                continue
            heads = (" ".join([*gram[:-1], last]) for last in dict.fromkeys(_singular(gram[-1])))  # itself first
            listed = next((h for h in heads if lexicon.indonesian(h)), None)
            if listed:
                found.append((" ".join(gram), listed))
    return found


# "how old" asks for an age, "how far" a distance: after "how", a measure adjective stands for its noun,
# and is found by the noun's words too ("berusia", "jarak", "waktu tempuh"). English grammar, not a topic.
MEASURE_NOUNS = {
    "old": ("age",), "long": ("length", "time"), "far": ("distance",), "tall": ("height",), "high": ("height",),
    "big": ("size",), "large": ("size",), "heavy": ("weight",), "fast": ("speed",), "quickly": ("speed",),
    "deep": ("depth",), "wide": ("width",),
}  # fmt: skip
_HOW = re.compile(r"\bhow\s+(\w+)", re.I)
MEASURE_SENSES = 4  # a measure noun's senses are few and all name the dimension ("age": umur, usia)


def english_terms(question: str) -> list[Term]:
    """Terms of an English question: each word itself, and its Indonesian renderings where known."""
    dictionary = _dictionary()
    names = {w.lower() for w in NAME.findall(question)[1:]}  # the first word is capitalised anyway
    text = question.lower().replace("’", "'")
    terms: list[Term] = []
    hand = sorted((k for k in dictionary if " " in k or "-" in k), key=len, reverse=True)
    for phrase, listed in [*((h, h) for h in hand), *_phrases(text)]:
        if re.search(rf"\b{re.escape(phrase)}\b", text):
            renderings = _renderings(listed)
            alts = [*_english_phrase(phrase), *renderings]  # as English text has it too
            terms.append(Term(phrase, tuple(dict.fromkeys(alts)), search=_search(renderings)))
            text = re.sub(rf"\b{re.escape(phrase)}\b", " ", text)
    stops = stopwords()
    measured = {m.group(1).lower() for m in _HOW.finditer(question)} & MEASURE_NOUNS.keys()
    for word in TOKEN.findall(text):
        if word in stops or word in META_WORDS or word in INTENT_WORDS:
            continue
        name = word in names
        # an irregular form is read as its base too ("held": hold, "spent": spend); one the dictionaries have
        # keeps its own senses and gains its base's ("won": the currency, and win; "lost": lose)
        base = _base(word)
        known = (b for b in lexicon.lemmas(word) if b in _dictionary() or lexicon.knows(b))
        irregular = [] if name else [b for b in known if b != base]
        base = base or next(iter(irregular), None)
        if base and not name and lexicon.english_function_word(base):
            continue  # "from", "around", "after": the dictionary tags them; Lucene's 33 stop words miss them
        renderings = _renderings(base, name or not lexicon.english_function_word(base), name) if base else []
        renderings += [r for b in irregular if b != base for r in _renderings(b)]
        found = [*_english(word, base, name), *(a for b in irregular if b != base for a in _english(b, b))]
        if word in measured:
            nouns = MEASURE_NOUNS[word]
            renderings += [a for n in nouns for t in lexicon.indonesian(n, MEASURE_SENSES) if (a := _content(t))]
            found += [a for n in nouns for a in _english(n, n)]
        alts = tuple(dict.fromkeys([*found, *renderings]))
        if renderings:
            terms.append(Term(word, alts, search=_search(renderings)))
        else:  # a name keeps full weight; an untranslatable common word cannot match Indonesian text
            terms.append(Term(word, alts, 1.0 if name else UNTRANSLATED))
    return terms


def _english_phrase(phrase: str) -> list[frozenset[str]]:
    """An English phrase as English text keeps its words, and as Indonesian text would stem them."""
    words = [w for w in TOKEN.findall(phrase.lower()) if w not in stopwords()]
    return [frozenset(words), frozenset(stem(w) for w in words)] if words else []


def _search(alternatives: Sequence[frozenset[str]]) -> str:
    return " ".join(" ".join(sorted(a)) for a in alternatives)


@lru_cache(maxsize=1)
def senses() -> dict[str, frozenset[str]]:
    """Indonesian stem -> the English words it renders, from the bilingual vocabulary."""
    found: dict[str, set[str]] = {}
    for english, renderings in _dictionary().items():
        for r in renderings:
            if " " not in r:
                found.setdefault(stem(r), set()).add(english)
    return {k: frozenset(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, frozenset[str]]:
    """Indonesian stem -> stems that render one of the same English words ("kunjung" -> "lawat")."""
    by_sense: dict[str, set[str]] = {}
    for s, english in senses().items():
        for e in english:
            by_sense.setdefault(e, set()).add(s)
    return {s: frozenset(o for e in english for o in by_sense[e]) for s, english in senses().items()}


# Prefixes that swallow a root's first consonant: "mengunjungi" is meng- + kunjungi, "menulis" men- + tulis.
_NASAL = (("meng", "k"), ("peng", "k"), ("meny", "s"), ("peny", "s"), ("mem", "p"), ("pem", "p"), ("men", "t"))


def word_stems(word: str) -> frozenset[str]:
    """The stem of an Indonesian word, with the root a prefix may have hidden, and its synonyms."""
    found = {stem(word)}
    for prefix, consonant in _NASAL:
        if word.startswith(prefix) and len(word) > len(prefix) + 2 and word[len(prefix)] in "aiueo":
            found.add(stem(consonant + word[len(prefix) :]))
            break
    for s in list(found):
        found |= _synonyms().get(s, frozenset())
    return frozenset(found)


def indonesian_terms(question: str) -> list[Term]:
    """Terms of an Indonesian question: one per content word, satisfied by its stem, a synonym's,
    or (for English articles) its English translation."""
    skip = {stem(w) for w in META_WORDS | INTENT_WORDS}
    stops = stopwords()
    framing = stops | META_WORDS | INTENT_WORDS
    words = TOKEN.findall(question)
    names = {w.lower() for w in words[1:] if w[0].isupper()} | {w.lower() for w in words if w.isupper()}  # "SMP"
    terms: dict[str, Term] = {}
    lowered = [t.lower() for t in words]
    # a two-word phrase the dictionary knows ("perdana menteri": prime minister, "rumah sakit": hospital)
    # is one term, satisfied only when both words are there
    taken: set[int] = set()
    for i in range(len(lowered) - 1):
        pair = lowered[i : i + 2]
        phrase = " ".join(pair)
        if i in taken or set(pair) & framing or not (renderings := lexicon.translations(phrase, EN_SENSES)):
            continue
        english = list(renderings[:MAX_ENGLISH])
        alts = [frozenset(stem(w) for w in pair), *(a for e in english for a in _english_phrase(e))]
        terms[phrase] = Term(phrase, tuple(dict.fromkeys(alts)), search=" ".join(english))
        taken |= {i, i + 1}
    for word in (t for i, t in enumerate(lowered) if i not in taken):
        s = stem(word)
        if word in stops or s in skip or s in terms or lexicon.indonesian_particle(word):
            continue
        alts = [frozenset([alt]) for alt in sorted(word_stems(word), key=lambda a: a != s)]
        english: list[str] = []
        if not lexicon.indonesian_function_word(word):
            synonyms = lexicon.close_synonyms(word)
            if word not in names and not set(synonyms) & META_WORDS:  # "kabar" frames a question as "berita" does
                alts += [a for w in synonyms[:MAX_SYNONYMS] if (a := _content(w))]
            # a name has no synonyms, but "Gubernur", "Utara" have English words
            translated = lexicon.translations(word, EN_SENSES, inflected=word not in names)
            english = [e for e in translated if not set(e.split()) & framing][:MAX_ENGLISH]
            alts += [a for e in english for a in _english(e)]
        terms[s] = Term(s, tuple(dict.fromkeys(alts)), search=" ".join(english))
    return list(terms.values())


def _mark_critical(question: str, terms: list[Term]) -> list[Term]:
    """Flag the terms that name something (capitalised after the first word) or are numbers.

    Month and day names are not critical: articles often write dates as "19/6". The common words of a
    name ("Mount" Welang) weigh as an untranslated word: an article in either language may say them its
    own way ("Gunung Welang", "North Maluku Governor") or leave them out.
    """
    words = TOKEN.findall(question)
    nouns = _name_nouns(words)
    nouns |= {stem(n) for n in nouns}
    names = {w.lower() for w in words[1:] if w[0].isupper()} - set(MONTHS) - DAY_NAMES - nouns
    names |= {stem(n) for n in names}  # Indonesian terms are labelled by their stem ("Perseta" -> "seta")
    numbers = {w for w in words if w.isdigit()}
    marked = []
    for t in terms:
        label_words = set(t.label.split())
        critical = bool(label_words & (names | numbers)) and not label_words & (set(MONTHS) | DAY_NAMES)
        scale = t.scale * UNTRANSLATED if label_words <= nouns and t.scale == 1.0 else t.scale
        marked.append(replace(t, critical=critical, scale=scale))
    return marked


def _name_nouns(words: Sequence[str]) -> set[str]:
    """Common words that head or qualify a name beside a word that is only a name ("Mount" Welang,
    "Gubernur" Maluku "Utara", "Pasar" Cipinang): an article may say "Gunung Welang" for "Mount Welang",
    so only the name proper must be found. A name of common words alone ("Mitra Samudra") keeps them all."""
    found: set[str] = set()
    run: list[str] = []
    for word in ["", *words[1:], ""]:  # the first word is capitalised anyway
        if word[:1].isupper():
            run.append(word)
            continue
        common = {w.lower() for w in run if not w.isupper() and lexicon.common(w)}
        if len(run) > 1 and common and len(common) < len(run):
            found |= common
        run = []
    return found


def script(word: str) -> str:
    """The Unicode script of a word's first letter ("LATIN", "CYRILLIC", "CJK"), or "" for none."""
    letter = next((c for c in word if c.isalpha()), "")
    return unicodedata.name(letter, "").split(" ")[0] if letter else ""


def without_glosses(question: str) -> str:
    """The question without words in a script other than its main one: "Kim Jong Un (金正恩)" glosses
    a name, and a gloss cannot match an article written in the main script."""
    words = TOKEN.findall(question)
    counts = Counter(script(w) for w in words if script(w))
    if len(counts) < 2:
        return question
    main = counts.most_common(1)[0][0]
    foreign = {w for w in words if script(w) and script(w) != main}
    return "".join(" " if w in foreign else w for w in re.split(r"(\W+)", question))


def carried_terms(carried: str, own: set[str]) -> list[Term]:
    """Terms for the words a follow-up leans on, in their own language: they weigh less than the
    question's own words, and the articles need not name them (history may paraphrase)."""
    if not carried:
        return []
    found = english_terms(carried) if language(carried) == "en" else indonesian_terms(carried)
    return [replace(t, scale=t.scale * CARRIED, critical=False, carried=True) for t in found if t.label not in own]


def analyse(question: str, history: Sequence[Turn] = (), answered: str = "") -> Query:
    """Turn a question (and the conversation so far, and what the last answer gave as its answer) into a Query."""
    lang = language(question)
    recency = bool(RECENCY.search(question))
    asked = RECENCY.sub(" ", without_glosses(question))
    terms = english_terms(asked) if lang == "en" else indonesian_terms(asked)
    terms = _mark_critical(asked, terms)
    terms += carried_terms(carried := followup.context(question, history), {t.label for t in terms})
    if not carried:  # "di sana" with no earlier turn naming a place points at nothing the articles can name
        terms = [replace(t, critical=True) if followup.PLACE.fullmatch(t.label) else t for t in terms]
    intent = next((name for name, rx in INTENTS.items() if rx.search(question)), None)
    words = [question, carried]
    if lang == "en":  # BM25 and the English-only embedder both get the Indonesian renderings
        words += [t.search for t in terms if t.search]
    said = " ".join(answered.split()) if carried else ""
    return Query(question, lang, tuple(terms), " ".join(words), intent, recency, said)
