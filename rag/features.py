"""(question, sentence) -> named features: the one place that says what the ranker sees.

Every feature is general: shares of the question's words a sentence mentions, whether it holds the
kind of value asked for, and where and how it is written. None names a topic or a corpus.
"""

from __future__ import annotations

import math
import re

from rag.answertype import answers_kind, counted, counted_asked, question_kind
from rag.cognates import widen
from rag.pagemeta import DATELINE
from rag.query import Query, Term
from rag.sentences import Sentence
from rag.text import TOKEN, content_stems, stem, stopwords

# A sentence that opens by pointing back ("Hal tersebut ...", "Ia ...", "This ...") continues the one before.
ANAPHOR = re.compile(r"^\W*((\w+\s+){0,2}(ini|itu|tersebut)\b|(ia|dia|mereka|beliau|this|it|he|she|they)\b)", re.I)
PRONOUN_OPEN = re.compile(
    r"^\W*(hal\s+(ini|itu|tersebut)|ia|dia|mereka|beliau|this|that|it|these|those|he|she|they)\b", re.I
)
CONNECTIVE = re.compile(
    r"^\W*(sementara|selain|oleh\s+karena|karena|untuk|setelah|sebelum|di\s+samping|meski|namun)\s+itu\b", re.I
)
QUOTE_OPEN = ('"', "“", "'", "‘")
PHOTO = re.compile(
    r"\b(?:\w*foto\w*|\w*potret\w*|photo\w*|credit\w*|kredit|gambar|images?|pictures?|captions?|ilustrasi|illustration)\b",
    re.I,
)
# an apposition after a name ("Irawati Simanjuntak, ketua KPU Sungai Pandan?", "Rusli Hamdani, the
# governor, ..."): it says who is meant, not what is asked
APPOSITION = re.compile(r"\b[A-Z][\w.'-]*,\s+([^,?!]+)")
# whose account is asked for ("Menurut kepala badan penanggulangan bencana setempat, ...", "..., according
# to the audit?"): it says who is meant, not what is asked
ATTRIBUTION = re.compile(r"(?:^\W*|,\s*)(?:menurut|according\s+to)\s+([^,?!]+)", re.I)
# asked as a number of some unit
COUNTED_KINDS = frozenset({"duration", "measure", "length", "area", "weight", "speed", "time_or_length", "age"})
# kinds whose value says what is asked by itself: "(52)" is an age, "Rp2,4 miliar" a cost
VALUE_KINDS = COUNTED_KINDS | {"time", "year", "time_or_duration", "money", "percent", "frequency", "score"}
FAR = 4000  # characters into an article past which position no longer counts

FEATURES: tuple[str, ...] = (
    "coverage",  # IDF-weighted share of the question's terms the sentence mentions
    "term_share",  # plain share of the question's terms it mentions
    "relative",  # its coverage over the best candidate's
    "in_article",  # coverage of the sentence read with the two before it and its article's headline
    "focus",  # coverage of the terms its article's headline does not hold (what is asked, not the story)
    "context_gain",  # what the two sentences before it add, when it does not point back
    "anaphor_gain",  # what they add when it opens by pointing back ("Ia ...", "Hal itu ...")
    "critical",  # share of the question's names and numbers it mentions (1 when there are none)
    "plain",  # share of the weight of the question's other words it mentions, read with the two before it
    "names_only",  # read so, it mentions the question's names and numbers but none of its other words, nor
    # holds the value asked for ("Berapa usia Kepala Desa Lembang?" is answered by "Asep Sunarya (52)")
    "kind_fit",  # the question asks for a kind of value (a time, a count, a sum, a place) and it holds one
    "kind_miss",  # ... and it holds none
    "counted",  # the question asks how many of something, and one of the sentence's numbers counts that thing
    "counts_other",  # ... and its numbers count other things only ("11.000 kontainer" for how many soldiers)
    "headline",  # it is the article's headline
    "caption",  # it is a photo caption, and the question is not about a photo
    "photo",  # it is a photo caption, and the question asks about a photo (who took it, what it shows)
    "short",  # fewer than six words
    "quote",  # it is a direct quote
    "byline",  # the question asks who wrote it, and it names the article's author
    "chunk_rank",  # where its passage ranked in retrieval (0 = first, 1 = last)
    "position",  # how far into the article it lies (0 = the top, 1 = FAR characters or more)
    "unfound",  # share of the question's weight that no candidate mentions (the same for every candidate)
)


def points_back(text: str) -> bool:
    """Whether a sentence opens by pointing back to the one before ("Hal itu ...", "Ia ...", "This ...")."""
    return bool(ANAPHOR.match(text)) and not CONNECTIVE.match(text)


def stands_for_the_last(text: str) -> bool:
    """Whether a sentence cannot be read alone: its subject is a pronoun ("Ia ...", "Hal itu ...", "They ..."),
    not a noun it names ("Pembangunan jembatan itu ...")."""
    return bool(PRONOUN_OPEN.match(text)) and not CONNECTIVE.match(text)


def satisfied(term: Term, stems: frozenset[str]) -> bool:
    """Whether any alternative of `term` appears whole in `stems`."""
    return any(alt <= stems for alt in term.alternatives)


def sentence_key(s: Sentence) -> tuple[str, int]:
    """A candidate sentence's place: its article and where it starts."""
    return str(s.meta.get("source")), s.start


def _said_in(s: Sentence, said: str) -> bool:
    """Whether `s` is part of what an earlier answer gave (`said`), quoted with or without its dateline."""
    text = " ".join(s.text.split())
    return text in said or DATELINE.sub("", text) in said


class Evidence:
    """The question's terms weighed against one question's candidate sentences."""

    def __init__(self, query: Query, sentences: list[Sentence]) -> None:
        query = widen(query, sentences)  # loanwords the other language's sentences share with the question
        self.query = query
        self.kind = question_kind(query.question)  # a sum of money, a share, a length of time, ...
        self.about_photo = bool(PHOTO.search(query.question))
        # the names and numbers the question holds, with those a follow-up carries (they stand for its
        # pronoun, its subject); a common word ("Di pantai mana") is not one, though a sentence may
        # capitalise it in a name ("di Pantai Lamaran")
        _, *rest = TOKEN.findall(query.search_text) or [""]
        named = {w.lower() for w in rest if w[0].isupper() or w[0].isdigit()}
        self._asked_words = frozenset(named | {stem(w) for w in named})
        n = max(len(sentences), 1)
        # a caption stands for its photo: "foto", "memotret" are what it shows, not words it must repeat
        self.photo_terms = frozenset(t for t in query.terms if self.about_photo and PHOTO.fullmatch(t.label))
        # a follow-up's carried words were taken from the last answer's sentence: found there again, no evidence
        said = {sentence_key(s) for s in sentences if query.said and _said_in(s, query.said)}
        # the terms each sentence mentions, found once: the weights, the best coverage and every feature use them
        self._mentions = {
            sentence_key(s): frozenset(
                t for t in query.terms if satisfied(t, s.stems) and not (t.carried and sentence_key(s) in said)
            )
            for s in sentences
        }
        df = {t: sum(t in self._own(s) for s in sentences) for t in query.terms}
        idf = {t: math.log(1 + n / (1 + df[t])) for t in query.terms}
        # A word found nowhere is often just the question's own verb ("digelar" for "held"):
        # it weighs as much as a typical word found, not more, so paraphrase is not fatal.
        found = sorted(idf[t] for t in query.terms if df[t])
        typical = found[len(found) // 2] if found else 1.0
        self.weights = {t: t.scale * (idf[t] if df[t] else typical) for t in query.terms}
        self.total = sum(self.weights.values())
        self.unfound = sum(w for t, w in self.weights.items() if not df[t]) / self.total if self.total else 1.0
        self.critical = frozenset(t for t in query.terms if t.critical)
        whom = [m.group(1) for pattern in (APPOSITION, ATTRIBUTION) for m in pattern.finditer(query.question)]
        apposed = [w.lower() for phrase in whom for w in TOKEN.findall(phrase)]
        whom_words = set(apposed) | {stem(w) for w in apposed}
        # the names and numbers, and the words of an apposition or attribution that says whom they name
        self.identifying = self.critical | {t for t in query.terms if set(t.label.split()) <= whom_words}
        # a person named by one name is who the article described: "Menurut Wahyu" is the head of the disaster
        # agency's account, so the description's words count for the question's words that say whom it means
        # (its names are found as they are, in the sentence or the ones before it)
        roles = self.identifying - self.critical
        for s in sentences if roles else ():
            if s.described:
                key = sentence_key(s)
                self._mentions[key] |= frozenset(t for t in roles if satisfied(t, s.described))
        self._plain_total = sum(w for t, w in self.weights.items() if t not in self.identifying)
        # A name or number that no passage mentions means the articles do not cover the question.
        self.missing = [t.label for t in query.terms if t.critical and not df[t]]
        self._titles: dict[str, frozenset[Term]] = {}
        self.counts = self._counted_terms()
        self.best = max((self.share(self._mentions[sentence_key(s)]) for s in sentences), default=0.0)
        self.span = max((s.rank for s in sentences), default=0) or 1

    def _unasked(self, text: str) -> str:
        """`text` with the names and numbers the question already says blanked: the value asked for must
        be new ("Di mana jembatan Sungai Rangas?" is not answered by "Sungai Rangas", "by 2026" not by 2026).
        Blanking is word by word, so a name sharing a word with the question loses that word ("Rangas Hulu")."""
        asked = self._asked_words

        def blank(m: re.Match[str]) -> str:
            word = m.group()
            named = word[0].isupper() or word[0].isdigit()
            return "_" if named and (word.lower() in asked or stem(word.lower()) in asked) else word

        return re.sub(r"\w+", blank, text)

    def may_answer(self, s: Sentence) -> bool:
        """Whether `s` may be quoted as the answer: a body sentence, or a caption when the photo is asked about.

        A headline or caption frames the story; it stays context (its words still count for the
        sentences after it) but is never the quoted answer.
        """
        return not s.aside or (s.aside == "caption" and self.about_photo)

    def _own(self, s: Sentence) -> frozenset[Term]:
        """The terms `s` mentions, a caption standing for its photo in a photo question."""
        own = self._mentions.get(sentence_key(s))
        if own is None:  # a sentence the question was not weighed against
            own = self.found(s.stems)
        return own | self.photo_terms if s.aside == "caption" else own

    def found(self, stems: frozenset[str]) -> frozenset[Term]:
        """The query's terms mentioned in `stems`."""
        return frozenset(t for t in self.weights if satisfied(t, stems))

    def share(self, terms: frozenset[Term]) -> float:
        """Share (0..1) of the query's weight these terms carry."""
        return sum(self.weights[t] for t in terms) / self.total if self.total else 0.0

    def coverage(self, stems: frozenset[str]) -> float:
        """Share (0..1) of the query's weight mentioned in `stems`."""
        return self.share(self.found(stems))

    def _in_meta(self, s: Sentence, key: str) -> frozenset[Term]:
        """The query's terms that `s`'s article's `key` field (its headline, its outlet) mentions."""
        lang = str(s.meta.get("lang") or "") or None
        return self.found(frozenset(content_stems(str(s.meta.get(key) or ""), lang)))

    def _title(self, s: Sentence) -> frozenset[Term]:
        """The query's terms the headline of `s`'s article mentions (read once per article)."""
        source = str(s.meta.get("source"))
        if source not in self._titles:
            self._titles[source] = self._in_meta(s, "title")
        return self._titles[source]

    def names_article(self, s: Sentence) -> bool:
        """Whether the question names `s`'s article: a word of its headline, or its outlet."""
        return bool(self._title(s) or self._in_meta(s, "outlet"))

    def focus(self, s: Sentence, own: frozenset[Term]) -> float:
        """Share of the weight of the terms its headline lacks that the sentence mentions (`own`)."""
        rest = set(self.weights) - self._title(s)
        total = sum(self.weights[t] for t in rest)
        if not total:  # the headline holds every term: the sentence is read as a whole
            return self.share(own)
        return sum(self.weights[t] for t in own & rest) / total

    def _counted_terms(self) -> frozenset[Term]:
        """The terms of the first two words the question asks to count ("berapa banyak orang yang menonton":
        orang, tonton), names and numbers aside."""
        if self.query.intent != "quantity" and self.kind not in COUNTED_KINDS:
            return frozenset()
        words = [w.lower() for w in TOKEN.findall(counted_asked(self.query.question))]
        asked = [w for w in words if w not in stopwords()][:2]
        keys = {k for w in asked for k in (w, stem(w))}
        return frozenset(t for t in self.query.terms if set(t.label.split()) & keys and not t.critical)

    def _counts(self, s: Sentence, unasked: str) -> tuple[bool, bool]:
        """Whether the question asks how many (how long, how far) and a number of `s` counts one of its
        words ("180 tempat tidur" for "how many beds", "18.432 penonton" for "berapa orang yang menonton"),
        and whether, asked so, its numbers count only other things."""
        if not self.counts:
            return False, False
        nouns = frozenset(w for phrase in counted(unasked) for w in content_stems(phrase, s.lang))
        found = any(satisfied(t, nouns) for t in self.counts)
        return found, bool(nouns) and not found

    def _plain(self, terms: frozenset[Term]) -> float:
        """Share of the weight of the question's words other than its names and numbers that `terms` hold
        (1 when it has no others): an article may name whom a question asks about and not what it asks."""
        total = self._plain_total
        return sum(self.weights[t] for t in terms - self.identifying) / total if total else 1.0

    def of(self, s: Sentence) -> dict[str, float]:
        """The named features of `s` as an answer to the question."""
        own_terms = self._own(s)
        near_terms = own_terms | self.found(s.context)  # a term's alternative may span both: rare, not counted
        own, near = self.share(own_terms), self.share(near_terms)
        back = points_back(s.text)
        asks = self.kind is not None or self.query.intent in ("when", "quantity", "where")
        unasked = self._unasked(s.text)
        fit = answers_kind(self.query.intent, self.kind, unasked) if asks else False
        author = str(s.meta.get("author") or "")
        plain = self._plain(near_terms)
        counts, counts_other = self._counts(s, unasked)
        return {
            "coverage": own,
            "term_share": len(own_terms) / len(self.weights) if self.weights else 0.0,
            "relative": own / self.best if self.best else 0.0,
            "in_article": self.share(near_terms | self._title(s)),
            "focus": self.focus(s, own_terms),
            "context_gain": 0.0 if back else near - own,
            "anaphor_gain": near - own if back else 0.0,
            "critical": len(near_terms & self.critical) / len(self.critical) if self.critical else 1.0,
            "plain": plain,
            "names_only": float(bool(self.critical) and plain == 0.0 and not (fit and self.kind in VALUE_KINDS)),
            "kind_fit": float(asks and fit),
            "kind_miss": float(asks and not fit),
            "counted": float(counts),
            "counts_other": float(counts_other),
            "headline": float(s.aside == "headline"),
            "caption": float(s.aside == "caption" and not self.about_photo),
            "photo": float(s.aside == "caption" and self.about_photo),
            "short": float(len(s.text.split()) < 6),
            "quote": float(s.text.startswith(QUOTE_OPEN)),
            "byline": float(self.query.intent == "author" and bool(author) and author in s.text),
            "chunk_rank": s.rank / self.span,
            "position": min(s.start, FAR) / FAR,
            "unfound": self.unfound,
        }
