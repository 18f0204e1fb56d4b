"""General word resources from Debian: FreeDict English–Indonesian (widened through other FreeDict
dictionaries, rag.pivot), LibreOffice's Indonesian thesaurus and WordNet's irregular English forms."""

from __future__ import annotations

import gzip
import json
import re
import zlib
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple, NoReturn

from rag.errors import ConfigError
from rag.text import indonesian_stopwords, stem

# dict-freedict-eng-ind (FreeDict/WikDict, CC BY-SA 3.0): dictd's `.index` and `.dict.dz`
DICTD = Path("/usr/share/dictd")
DICTIONARY = DICTD / "freedict-eng-ind"
# English -> Indonesian through German, Dutch, Finnish and Polish FreeDict dictionaries, built at set-up
PIVOT_TABLE = Path(__file__).parent / "data" / "pivot_eng_ind.json"
PIVOTED = "pivot"  # the part of speech a pivoted sense carries: the route does not keep one
# mythes-id (LibreOffice, LGPL-2.1): MyThes `th_id_ID*.dat`
THESAURUS_DIR = Path("/usr/share/mythes")
THESAURUS_GLOB = "th_id_ID*.dat"
# wordnet-base (WordNet 3.0, Princeton's WordNet licence): its lists of irregular forms ("won win", "held hold")
WORDNET_DIR = Path("/usr/share/wordnet")
IRREGULAR_FILES = ("noun.exc", "verb.exc", "adj.exc")
MAX_WORDS = 3  # longer glosses are explanations, not renderings

_EN_FUNCTION = frozenset("preposition conjunction pronoun determiner article particle".split())
_ID_FUNCTION = frozenset("p pron num".split())  # MyThes tags: [p] particle/preposition


class Sense(NamedTuple):
    """One sense of a headword: its part of speech as the resource tags it, and its words."""

    pos: str
    words: tuple[str, ...]


_POS = re.compile(r"<([^>]+)>\s*$")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"  # dictd's offsets and lengths
_BASE64 = re.compile(r"^[A-Za-z0-9+/]+$")
_WIKI_LINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")  # [[kemudi|mengemudi]] -> mengemudi
_NOTE = re.compile(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>")  # (notes), [fields], <genders>
_SUBSENSE = re.compile(r"\s+\d+\.$")  # "harga 2." -> "harga": the gloss's own numbering follows
_ANTONYMS = re.compile(r"^\W*ant\b", re.I)  # MyThes marks antonyms "[ant]"
_WORDS = re.compile(r"^[^\W\d_]+(?:[-' ][^\W\d_]+)*$")


def clean(gloss: str) -> str | None:
    """A gloss as a lower-case word or short phrase, without notes in brackets; None if it is not one."""
    text = _NOTE.sub(" ", _WIKI_LINK.sub(r"\1", gloss)).lower()
    text = " ".join(text.replace("’", "'").split()).strip(" .,;:!?-'\"")
    if not text or len(text.split()) > MAX_WORDS or not _WORDS.match(text):
        return None
    return text


def _missing(what: str, package: str, path: Path) -> NoReturn:
    """Answering without the resource would quietly answer worse: stop with the set-up step instead."""
    raise ConfigError(f"{what} cannot be read at {path}: install the Debian package {package} (`make run` does)")


def _offset(code: str) -> int:
    value = 0
    for ch in code:
        value = value * 64 + _B64.index(ch)
    return value


def _renderings(entry: str) -> list[list[str]]:
    """The translation line of each sense of one dictd entry (header, then numbered senses with glosses)."""
    lines = entry.split("\n")[1:]
    if not lines:
        return []
    if not lines[0].startswith("1. "):  # a single sense: its translations, then its gloss
        return [lines[0].split(",")]
    senses, expected = [], 1
    for line in lines:
        if line.startswith(f"{expected}. "):
            senses.append(line[len(f"{expected}. ") :].split(","))
            expected += 1
    return senses


def read_dictionary(path: Path, package: str) -> dict[str, tuple[Sense, ...]]:
    """Headword (lower case) -> its senses in dictionary order, from one FreeDict dictd dictionary
    (`path` without its `.index` / `.dict.dz` suffix); stops with the set-up step if it cannot be read."""
    index, data = path.with_suffix(".index"), path.with_suffix(".dict.dz")
    try:
        rows = index.read_text("utf-8", "replace").splitlines()
        with gzip.open(data) as f:  # dictzip is gzip with a seek table
            raw = f.read()
    except (OSError, EOFError, zlib.error):  # missing, unreadable or truncated
        _missing(f"The dictionary {path.name}", package, index)
    found: dict[str, list[Sense]] = {}
    for row in rows:
        parts = row.split("\t")
        if len(parts) != 3 or parts[0].startswith("00database") or not _BASE64.match(parts[1] + parts[2]):
            continue
        start, length = _offset(parts[1]), _offset(parts[2])
        entry = raw[start : start + length].decode("utf-8", "replace")
        pos = _POS.search(entry.partition("\n")[0])
        for sense in _renderings(entry):
            kept = tuple(dict.fromkeys(c for t in sense if (c := clean(_SUBSENSE.sub("", t.strip())))))
            if kept:
                found.setdefault(parts[0].lower(), []).append(Sense(pos[1] if pos else "", kept))
    return {k: tuple(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def _pivoted() -> dict[str, tuple[str, ...]]:
    """English headword -> Indonesian renderings reached through other languages (built by rag.pivot)."""
    try:
        table = json.loads(PIVOT_TABLE.read_text("utf-8"))
    except (OSError, ValueError):
        table = None
    if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
        raise ConfigError(
            f"The pivot word table cannot be read at {PIVOT_TABLE}: build it with `make` (python -m rag.pivot)"
        )
    return {str(k): tuple(str(w) for w in v) for k, v in table.items() if v}


@lru_cache(maxsize=1)
def _english_indonesian() -> dict[str, tuple[Sense, ...]]:
    """English headword -> its senses: FreeDict's English–Indonesian ones, else those reached through a
    third language (rag.pivot) for a headword it lacks ("complaint": keluhan, "spectator": penonton)."""
    found = read_dictionary(DICTIONARY, "dict-freedict-eng-ind")
    for headword, words in _pivoted().items():
        found.setdefault(headword, (Sense(PIVOTED, words),))
    return found


@lru_cache(maxsize=1)
def _indonesian_english() -> dict[str, tuple[str, ...]]:
    """Indonesian rendering -> English headwords, those it renders first (by sense, then place) first."""
    ranked: dict[str, list[tuple[int, int, str]]] = {}
    for english, senses in _english_indonesian().items():
        for i, sense in enumerate(senses):
            for j, word in enumerate(sense.words):
                ranked.setdefault(word, []).append((i + j, len(english.split()), english))
    return {k: tuple(dict.fromkeys(e for *_, e in sorted(v))) for k, v in ranked.items()}


@lru_cache(maxsize=1)
def _thesaurus() -> dict[str, tuple[Sense, ...]]:
    """Indonesian word -> its senses in thesaurus order, each a tuple of synonyms (antonyms left out)."""
    files = sorted(THESAURUS_DIR.glob(THESAURUS_GLOB)) if THESAURUS_DIR.is_dir() else []
    if not files:
        _missing("The Indonesian thesaurus", "mythes-id", THESAURUS_DIR / THESAURUS_GLOB)
    try:
        raw = files[-1].read_bytes()
    except OSError:
        _missing("The Indonesian thesaurus", "mythes-id", files[-1])
    encoding, _, body = raw.partition(b"\n")
    try:
        lines = body.decode(encoding.decode("ascii", "replace").strip() or "utf-8", "replace").split("\n")
    except LookupError:
        lines = body.decode("utf-8", "replace").split("\n")
    found: dict[str, list[Sense]] = {}
    i = 0
    while i < len(lines):
        word, _, count = lines[i].rpartition("|")
        i += 1
        if not word or not count.strip().isdigit():
            continue
        n = int(count)
        for line in lines[i : i + n]:
            pos, *synonyms = line.split("|")
            if _ANTONYMS.match(pos):
                continue
            kept = tuple(dict.fromkeys(c for s in synonyms if (c := clean(s))))
            if kept:
                found.setdefault(word.lower(), []).append(Sense(pos.strip("[]() ").lower(), kept))
        i += n
    return {k: tuple(v) for k, v in found.items()}


def indonesian(english: str, senses: int = 3, name: bool = False) -> tuple[str, ...]:
    """Indonesian renderings of an English word or phrase, from its first `senses` senses, in order.

    A common word ("job") is never rendered by a proper-noun sense; a `name` ("Japan") is by those
    if it has any, else as the common word ("North").
    """
    every = _english_indonesian().get(english.lower(), ())
    proper = [s for s in every if s.pos == "pn"]
    found = (proper if name and proper else [s for s in every if s.pos != "pn"])[:senses]
    return tuple(dict.fromkeys(w for sense in found for w in sense.words))


def knows(english: str, pivoted: bool = True) -> bool:
    """Whether the dictionary has an English headword (FreeDict's own only, unless `pivoted`)."""
    senses = _english_indonesian().get(english.lower(), ())
    return any(pivoted or s.pos != PIVOTED for s in senses)


def english(indonesian_word: str) -> tuple[str, ...]:
    """English words an Indonesian word or phrase renders, the likeliest first (the dictionary read backwards)."""
    return _indonesian_english().get(indonesian_word.lower(), ())


def synonyms(indonesian_word: str) -> tuple[str, ...]:
    """Indonesian synonyms of a word from the thesaurus, sense by sense, in its order."""
    return tuple(dict.fromkeys(w for sense in _thesaurus().get(indonesian_word.lower(), ()) for w in sense.words))


def common(word: str) -> bool:
    """Whether a word is a common word the resources know (the thesaurus, or an English headword with an
    Indonesian rendering): "presiden", "pembangunan", "minister"; a name ("Rutte") is not."""
    return bool(synonyms(word) or indonesian(word))


def english_function_word(word: str) -> bool:
    """Whether an English word is a function word: the dictionary tags it a preposition, pronoun,
    determiner or the like, or renders one of its senses by Indonesian function words ("can": "bisa")."""
    found = _english_indonesian().get(word.lower(), ())
    stops = indonesian_stopwords()
    return any(s.pos in _EN_FUNCTION or (s.pos != "pn" and set(s.words) <= stops) for s in found)


def indonesian_function_word(word: str) -> bool:
    """Whether the thesaurus's first sense of an Indonesian word is a particle, pronoun or numeral."""
    found = _thesaurus().get(word.lower(), ())
    return bool(found) and found[0].pos in _ID_FUNCTION


def indonesian_particle(word: str) -> bool:
    """Whether the thesaurus's first sense of an Indonesian word is a particle or preposition ("di", "pun")."""
    found = _thesaurus().get(word.lower(), ())
    return bool(found) and found[0].pos == "p"


def close_synonyms(word: str) -> tuple[str, ...]:
    """The thesaurus's synonyms of an Indonesian word that the dictionary backs up, in thesaurus order.

    MyThes lists synonyms alphabetically and by loose senses ("warga": ahli, anak, anggota, ...),
    so a synonym is kept only when the dictionary gives it an English word in common with `word`
    ("biaya", "ongkos": cost). A word is looked up as written, never by its stem: "peluncuran"
    is a launch, "luncur" a slide.
    """
    own = set(english(word))
    return tuple(s for s in synonyms(word) if own & set(english(s)))


def _rendered_back(word: str, senses: int, name: bool = False) -> tuple[str, ...]:
    own = {word, stem(word)}
    kinds = (False, True) if name else (False,)  # a name also as what its proper-noun senses say
    return tuple(e for e in english(word) if own & {stem(w) for k in kinds for w in indonesian(e, senses, k)})


def translations(word: str, senses: int = 3, inflected: bool = True) -> tuple[str, ...]:
    """English words for an Indonesian word whose own first `senses` render it back ("tahun": year).

    A word the dictionary does not list as written is looked up as it lists such words, unless it is
    not `inflected` (a name: "Maluku" is not "malu", shame): without its clitic, a passive verb by its
    active form, else by its root (`dictionary_forms`): "dibayar" is "membayar", pay. A name renders
    back through the dictionary's proper-noun senses: "Singapura" is "Singapore", "Swedia" "Sweden".
    """
    for form in (word, *(dictionary_forms(word) if inflected else ())):
        if found := _rendered_back(form, senses, name=not inflected):
            return found
    return ()


_CLITICS = ("nya", "lah", "kah", "pun", "ku", "mu")  # possessive and emphatic endings: "alasannya", "bisakah"
_VERB_SUFFIXES = ("kan", "i")
# the active prefix meN- before a root's first letter; k, p, t, s are swallowed ("kirim": mengirim)
_ACTIVE = {**dict.fromkeys("aiueogh", "meng"), "k": "meng", **dict.fromkeys("bfv", "mem"), "p": "mem",
           **dict.fromkeys("dcjz", "men"), "t": "men", "s": "meny", **dict.fromkeys("lmnrwy", "me")}  # fmt: skip
_SWALLOWED = frozenset("kpts")
MIN_ROOT = 3


def dictionary_forms(word: str) -> tuple[str, ...]:
    """Forms under which the dictionary may list an inflected Indonesian word, the likeliest first.

    Indonesian grammar, not a word list: a clitic comes off ("alasannya": alasan); a passive di- verb
    becomes the active meN- form dictionaries list ("dibutuhkan": membutuhkan, "diterima": menerima),
    then that form without -kan / -i ("dikirimkan": mengirim), then its bare root ("dibayar": bayar);
    last, the stemmer's root, if the word holds it ("penerbangan": terbang).
    """
    forms: list[str] = []
    for clitic in _CLITICS:
        if word.endswith(clitic) and len(word) - len(clitic) >= MIN_ROOT + 1:
            forms.append(word[: -len(clitic)])
            break
    for base in [word, *forms]:
        if not base.startswith("di") or len(base) < MIN_ROOT + 3 or (prefix := _ACTIVE.get(base[2])) is None:
            continue
        bare = base[2:]
        active = prefix + (bare[1:] if bare[0] in _SWALLOWED else bare)
        forms.append(active)
        forms += [active[: -len(s)] for s in _VERB_SUFFIXES if active.endswith(s) and len(active) > len(prefix + s) + 2]
        forms.append(bare)
    root = stem(word)  # last, the Sastrawi root: "penerbangan" (flight) is "terbang", fly; but only a
    # root the word holds, as written or with the first consonant a nasal prefix swallows ("peN-" +
    # "terbang"), not one the stemmer rebuilt from a few letters ("memenangi" is not "tang", pliers)
    if root in word or (root[0] in _SWALLOWED and len(root) > MIN_ROOT + 1 and root[1:] in word):
        forms.append(root)
    return tuple(dict.fromkeys(f for f in forms if f != word))


@lru_cache(maxsize=1)
def _irregular() -> dict[str, tuple[str, ...]]:
    """Irregular English form -> its base forms, from WordNet's exception lists ("children": child)."""
    found: dict[str, list[str]] = {}
    for name in IRREGULAR_FILES:
        try:
            lines = (WORDNET_DIR / name).read_text("utf-8", "replace").splitlines()
        except OSError:
            _missing("WordNet's list of irregular English forms", "wordnet-base", WORDNET_DIR / name)
        for line in lines:
            form, *bases = (w.replace("_", " ") for w in line.split())
            found.setdefault(form, []).extend(b for b in bases if b != form)
    return {k: tuple(dict.fromkeys(v)) for k, v in found.items() if v}


def lemmas(word: str) -> tuple[str, ...]:
    """The base forms of an irregular English word ("won": win, "held": hold, "children": child); () if
    regular or left to WordNet's suffix rules ("women": rag.query reads "-men" as "-man")."""
    return _irregular().get(word.lower(), ())


def inflections(base: str) -> list[str]:
    """An English base word and its regular inflections ("price": prices, priced, pricing)."""
    if not base.isalpha():
        return [base]
    if base.endswith("e"):
        return [base, base + "s", base + "d", base[:-1] + "ing"]
    if base.endswith("y") and base[-2:-1] not in ("a", "e", "o", "u"):
        return [base, base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
    plural = base + "es" if base.endswith(("s", "x", "z", "ch", "sh")) else base + "s"
    return [base, plural, base + "ed", base + "ing"]
