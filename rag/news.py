"""Reading across articles: which outlets back an answer, where they disagree, and which is newest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from rag import lexicon
from rag.dates import WEEKDAYS, EventDate, calendar_word
from rag.features import satisfied
from rag.quantity import Quantity, quantities, same_time
from rag.query import Query, senses
from rag.text import TOKEN, content_stems, jaccard, stem, stopwords
from rag.types import Answer, Citation, Conflict, FactValue

if TYPE_CHECKING:
    from rag.sentences import Sentence

RIVAL_SHARE = 0.55  # for "when": another article's dated sentence this close is its account of the event
MAX_SUPPORT = 4
SAME_EVENT_DAYS = 7  # two dates this close, given for the same question, are two accounts of one event
SAME_STATEMENT = 0.5  # word overlap (Jaccard, numbers aside) above which two sentences say the same thing
SAME_FACT_SHARE = 0.5  # of the question's words the answer holds, the share a backing sentence must hold
# Verbs of saying: these forms, and any me-/di-/-nya form of these Sastrawi stems ("menegaskan", "ujarnya")
SAY = frozenset("kata ujar mengatakan menyatakan menambahkan menjelaskan said says told added stated".split())
SAY_STEMS = frozenset("kata ujar ungkap tegas tutur imbuh sebut klaim".split())
SPEAKER_RUN = 4  # the longest run of capitalised words read as the speaker's name
ADDED_SHARE = 0.25  # of the words an answer adds to the question, the share a backing sentence must repeat

WEEKDAY_NAMES = {
    "id": "Senin Selasa Rabu Kamis Jumat Sabtu Minggu".split(),
    "en": "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split(),
}
WORDS = {
    "id": {
        "outlets": "Dilaporkan oleh {n} outlet: {names}.",
        "single": "Hanya satu outlet yang melaporkannya: {names}.",
        "date": "tanggal",
        "conflict": "Sumber berbeda soal {about}: {values}.",
        "says": "{who} menyebut {value} [{n}]",
        "weekday": "{written} tidak cocok: {value} jatuh pada hari {day}",
    },
    "en": {
        "outlets": "Reported by {n} outlets: {names}.",
        "single": "Only one outlet reports this: {names}.",
        "date": "the date",
        "conflict": "Sources disagree on {about}: {values}.",
        "says": "{who} says {value} [{n}]",
        "weekday": "{written} does not fit: {value} was a {day}",
    },
}


def outlet_of(meta: dict[str, object]) -> str:
    """The outlet that published a passage (its file name when the outlet is unknown)."""
    return str(meta.get("outlet") or meta.get("source"))


def outlets_of(cited: Sequence[tuple[Citation, Sentence]]) -> tuple[str, ...]:
    """The distinct outlets of the cited sentences, in citation order."""
    return tuple(dict.fromkeys(outlet_of(s.meta) for _, s in cited))


def _says(word: str) -> bool:
    """Whether a word is a verb of saying: a listed one, or an inflected verb form of one ("menegaskan",
    "dikatakan", "ujarnya"; not the noun "pernyataan")."""
    return word in SAY or ((word.startswith(("me", "di")) or word.endswith("nya")) and stem(word) in SAY_STEMS)


def speakers(text: str) -> set[str]:
    """The names a sentence attributes words to: "Mark Rutte menegaskan ...", "..., ujar Rutte", "said Campbell".

    A name counts when its run of capitalised words stands right before the verb (a date between them
    aside: "Rutte, pada Senin 2 Desember 2024, mengungkapkan") or right after it; quoted words do not.
    """
    words = TOKEN.findall(re.sub(r"[“\"][^”\"]*[”\"]", " ", text))
    found: set[str] = set()
    for i, w in enumerate(words):
        if not _says(w.lower()):
            continue
        j = i - 1
        while j >= 0 and (words[j].isdigit() or calendar_word(words[j]) or words[j].lower() in ("pada", "on")):
            j -= 1
        before = []
        while j >= 0 and words[j][0].isupper() and len(before) < SPEAKER_RUN:
            before.append(words[j])
            j -= 1
        after = []
        for n in words[i + 1 : i + 1 + SPEAKER_RUN]:
            if not n[0].isupper():
                break
            after.append(n)
        # a title is not who spoke ("Presiden", "Menteri"), nor a pronoun ("Ia menambahkan"): only the name
        found |= {n.lower() for n in before + after if n.lower() not in stopwords() and not lexicon.common(n.lower())}
    return found


def same_fact(query: Query, answer: Sentence, other: Sentence) -> bool:
    """Whether `other` states the fact `answer` gives, so that its outlet backs the answer.

    - The question does not name the answer's outlet or author ("what did usmnews quote?"), and when
      both sentences attribute their words, one speaker is the same.
    - The question's names and numbers that the answer holds, `other` holds too, and at least half of
      its other words the answer holds (in the sentence or just before it: "Letusan itu ...").
    - The answer's value: for "when", a date of the same day and hour (or another day within a week: a
      conflict, shown as such); for an answer giving a figure, a comparable figure (equal, or a conflict);
      otherwise a share of the words the answer adds to the question.
    A sentence of another outlet that shares the subject but not the answer's point is related, not backing.
    """
    near_answer, near_other = answer.stems | answer.context, other.stems | other.context
    held = [t for t in query.terms if satisfied(t, near_answer)]
    meta = answer.meta
    byline = frozenset(w.lower() for w in TOKEN.findall(f"{meta.get('outlet') or ''} {meta.get('author') or ''}"))
    if any(satisfied(t, byline) for t in held):
        return False  # the question asks about this outlet's (or author's) article: no other outlet states that
    if not all(satisfied(t, near_other) for t in held if t.critical):
        return False
    words = [t for t in held if not t.critical]
    if sum(satisfied(t, near_other) for t in words) < SAME_FACT_SHARE * len(words):
        return False
    if query.intent == "when" and (days := [d for d in answer.dates if d.exact]):
        return any(_same_event(a, b) for a in days for b in other.dates if b.exact)
    if own := quantities(answer):
        return any(comparable(a, b) for a in own for b in quantities(other))
    said_by, other_said_by = speakers(answer.text), speakers(other.text)
    if said_by and other_said_by and not said_by & other_said_by:
        return False  # Rutte's statement is not backed by what Stoltenberg said
    asked = {w for t in query.terms for alt in t.alternatives for w in alt}
    added = {w for w in content_stems(answer.text, answer.lang) if w not in asked and not w.isdigit()}
    return bool(added) and len(added & other.stems) >= ADDED_SHARE * len(added)


def _same_event(a: EventDate, b: EventDate) -> bool:
    """Whether two dates can be two accounts of one event: the same day at the same (or an unstated) time,
    or different days within a week (a conflict). The same day at another hour is another event."""
    if a.first == b.first:
        return not (a.time and b.time) or a.time == b.time
    return _within_a_week(a.first, b.first)


def _within_a_week(a: str, b: str) -> bool:
    """Whether two days (ISO) are close enough to be two accounts of one event."""
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days) <= SAME_EVENT_DAYS


def supporting(
    scored: Sequence[tuple[float, Sentence]],
    taken: Sequence[Sentence],
    floor: float,
    share: float = 0.0,
    dated: bool = False,
    query: Query | None = None,
) -> list[tuple[Sentence, float]]:
    """The best sentence of each other article scoring at least `floor` (and `share` of the best one).

    `scored` holds (score, sentence), the answer first; `taken` are the sentences the answer already
    quotes. With `dated`, only sentences that name a day count (a rival account of when something happened).
    With `query`, only a sentence that states the same fact as the answer's (`same_fact`) counts: a
    related sentence of another outlet is not backing.
    """
    if not scored:
        return []
    bar = max(floor, share * scored[0][0])
    sources = {s.meta["source"] for s in taken}
    found: list[tuple[Sentence, float]] = []
    for value, s in sorted(scored, key=lambda pair: -pair[0]):
        if value < bar or len(found) == MAX_SUPPORT:
            break
        if dated and not any(d.exact for d in s.dates):
            continue
        lead = taken[0] if taken else s
        if query is not None and not same_fact(query, lead, s):
            continue
        if s.meta["source"] not in sources and not (_before(lead, s) or _before(s, lead)):
            sources.add(s.meta["source"])
            found.append((s, value))
    return found


def _before(report: Sentence, event: Sentence) -> bool:
    """Whether `report`'s article was published before the day `event` names: they cannot tell the same news."""
    published = str(report.meta.get("published") or "")
    days = [d.first for d in event.dates if d.exact]
    return bool(published and days) and published < min(days)


def article_date(s: Sentence, sentences: Sequence[Sentence]) -> str:
    """When an article was published; failing that, the latest day it mentions (it cannot be older)."""
    if s.meta.get("published"):
        return str(s.meta["published"])
    days = [d.first for o in sentences if o.meta["source"] == s.meta["source"] for d in o.dates if d.exact]
    return max(days, default="")


def newest_first(scored: list[tuple[float, Sentence]], floor: float) -> list[tuple[float, Sentence]]:
    """For "latest" questions: of the sentences that answer, those of the newest article first."""
    sentences = [s for _, s in scored]
    good = [pair for pair in scored if pair[0] >= floor]  # every sentence that would answer on its own
    good.sort(key=lambda pair: article_date(pair[1], sentences), reverse=True)  # stable: best score within a date
    return good + [pair for pair in scored if pair[0] < floor]


def same_unit(a: str, b: str) -> bool:
    """Whether two counted nouns (stems) name the same thing."""
    return a == b or bool(senses().get(a, frozenset()) & senses().get(b, frozenset()))


def comparable(a: Quantity, b: Quantity) -> bool:
    """Whether two figures describe the same thing at the same time (the old value of a change never does)."""
    return not (a.old or b.old) and a.per == b.per and same_unit(a.unit, b.unit) and same_time(a, b)


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


def _same_statement(a: Sentence, b: Sentence) -> bool:
    wa = {w for w in a.stems if not w.isdigit()}
    wb = {w for w in b.stems if not w.isdigit()}
    return jaccard(wa, wb) >= SAME_STATEMENT


def _fact(c: Citation, s: Sentence, value: str, written: str, note: str = "") -> FactValue:
    return FactValue(value, written, c.n, c.source, c.outlet, s.text, note)


def _weekday_note(d: EventDate, lang: str) -> str:
    if not d.weekday:
        return ""
    day = WEEKDAY_NAMES[lang][date.fromisoformat(d.first).weekday()]
    written = d.weekday.title()
    if lang == "en":
        written += f" ({WEEKDAY_NAMES['en'][WEEKDAYS[d.weekday]]})"
    return WORDS[lang]["weekday"].format(written=written, value=d.first, day=day)


def date_conflict(cited: Sequence[tuple[Citation, Sentence]], lang: str) -> Conflict | None:
    """Different days given for one event by different articles (dates within a week of each other)."""
    first: dict[str, Sentence] = {}
    for c, s in cited:  # each article's account is its best sentence
        first.setdefault(c.source, s)
    facts = [(c, s, d) for c, s in cited if first[c.source] is s for d in s.dates if d.exact]
    by_source: dict[str, set[str]] = {}
    for c, _, d in facts:
        by_source.setdefault(c.source, set()).add(d.first)
    clash = any(
        not (days_a & days_b) and any(_within_a_week(x, y) for x in days_a for y in days_b)
        for a, days_a in by_source.items()
        for b, days_b in by_source.items()
        if a < b
    )
    if not clash:
        return None
    values = {(c.source, d.first): _fact(c, s, d.first, d.text, _weekday_note(d, lang)) for c, s, d in facts}
    return Conflict("date", "date", tuple(values.values()))


def number_conflicts(cited: Sequence[tuple[Citation, Sentence]], any_statement: bool) -> list[Conflict]:
    """Different figures from different articles for the same counted or priced thing at the same time.

    With `any_statement` false (the question is not "how many"), only sentences that make the
    same statement are compared, so "10.000 tentara dikirim" is not set against "300 tentara tewas".
    A price "naik dari Rp13.200" is an old value, and "pada 2021" is not "pada 2024": neither is a conflict.
    """
    conflicts: list[Conflict] = []
    for i, (ca, sa) in enumerate(cited):
        for cb, sb in cited[i + 1 :]:
            if ca.source == cb.source or not (any_statement or _same_statement(sa, sb)):
                continue
            for qa in quantities(sa):
                for qb in quantities(sb):
                    if qa.value != qb.value and comparable(qa, qb):
                        values = (
                            _fact(ca, sa, _number(qa.value), qa.written),
                            _fact(cb, sb, _number(qb.value), qb.written),
                        )
                        conflicts.append(Conflict("number", qa.about, values))
    return conflicts


def find_conflicts(intent: str | None, cited: Sequence[tuple[Citation, Sentence]], lang: str) -> tuple[Conflict, ...]:
    """The facts on which the sentences an answer cites disagree."""
    found: list[Conflict] = []
    if intent == "when" and (dated := date_conflict(cited, lang)):
        found.append(dated)
    found += number_conflicts(cited, any_statement=intent == "quantity")
    return tuple(found)


def outlet_line(answer: Answer) -> str | None:
    """ "Reported by 2 outlets: usmnews, Metrotvnews." in the answer's language (None for a refusal)."""
    if not answer.found or not answer.outlets:
        return None
    words = WORDS.get(answer.lang, WORDS["en"])
    if len(answer.outlets) == 1:
        return words["single"].format(names=answer.outlets[0])
    return words["outlets"].format(n=len(answer.outlets), names=", ".join(answer.outlets))


def conflict_lines(answer: Answer) -> list[str]:
    """One warning line per fact the sources disagree on, each value with its source and [n]."""
    words = WORDS.get(answer.lang, WORDS["en"])
    lines = []
    for conflict in answer.conflicts:
        about = words["date"] if conflict.kind == "date" else conflict.about
        parts = []
        for v in conflict.values:
            part = words["says"].format(who=v.outlet or v.source, value=v.value, n=v.citation)
            parts.append(f"{part} ({v.note})" if v.note else part)
        lines.append(words["conflict"].format(about=about, values="; ".join(parts)))
    return lines
