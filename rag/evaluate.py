"""`rag eval`: score the bot on a QA file (dev_qa.jsonl format) and report what failed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.features import PHOTO
from rag.types import Answer, Citation, Turn

if TYPE_CHECKING:
    from rag.bot import Bot

MAX_CHARS = 600


@dataclass
class ItemResult:
    """The outcome of one QA item."""

    id: str
    lang: str
    answerable: bool
    passed: bool
    reasons: list[str]
    text: str
    rank: int | None  # 1-based rank of the first retrieved chunk from a gold source
    notes: list[str] = field(default_factory=list)  # faults outside the QA format's pass rule (false backing, ...)


@dataclass
class EvalReport:
    """Scores over a QA file."""

    items: list[ItemResult] = field(default_factory=list)
    unverbatim_quotes: int = 0
    backing_named: int = 0  # outlets an answer names as also reporting it, beyond the answer's own
    backing_true: int = 0  # of those, the ones whose cited sentences state the asked fact (every `must` group)
    aside_answers: int = 0  # answers that quote a headline or caption (not about a photo) as the answer

    def summary(self, k: int = 5) -> dict[str, Any]:
        """Pass counts, refusal rate, retrieval hit@k and MRR."""
        answerable = [i for i in self.items if i.answerable]
        unanswerable = [i for i in self.items if not i.answerable]
        ranks = [i.rank for i in answerable]
        return {
            "total": len(self.items),
            "passed": sum(i.passed for i in self.items),
            "answerable_passed": sum(i.passed for i in answerable),
            "answerable": len(answerable),
            "unanswerable_refused": sum(i.passed for i in unanswerable),
            "unanswerable": len(unanswerable),
            f"hit@{k}": round(sum(r is not None and r <= k for r in ranks) / max(len(ranks), 1), 3),
            "mrr": round(sum(1 / r for r in ranks if r) / max(len(ranks), 1), 3),
            "unverbatim_quotes": self.unverbatim_quotes,
            "outlet_precision": round(self.backing_true / self.backing_named, 3) if self.backing_named else None,
            "backing_outlets": self.backing_named,
            "aside_answers": self.aside_answers,
        }


def load_items(path: Path) -> list[dict[str, Any]]:
    """The QA items of a JSON-lines file."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def history_turns(pairs: list[list[str]]) -> list[Turn]:
    """[[user, assistant], ...] -> Turns."""
    turns: list[Turn] = []
    for user, assistant in pairs:
        turns += [Turn("user", user), Turn("assistant", assistant)]
    return turns


def evaluate(bot: Bot, items: list[dict[str, Any]], article_texts: dict[str, str]) -> EvalReport:
    """Ask every item and check it as the QA format defines a pass."""
    report = EvalReport()
    for item in items:
        history = history_turns(item.get("history", []))
        answer = bot.ask(item["question"], history=history)
        reasons: list[str] = []
        notes: list[str] = []
        for c in answer.citations:
            if article_texts.get(c.source, "")[c.start : c.end] != c.quote:
                report.unverbatim_quotes += 1
                reasons.append(f"quote not verbatim in {c.source}")
        sources = set(item.get("sources", []))
        rank = None
        if item["answerable"]:
            found_sources = bot.retrieved_sources(item["question"], history=history)
            rank = next((i + 1 for i, s in enumerate(found_sources) if s in sources), None)
            lowered = answer.text.lower()
            if not answer.found:
                reasons.append("refused")
            for group in item.get("must", []):
                if not any(alt.lower() in lowered for alt in group):
                    reasons.append(f"missing one of {group}")
            if not any(c.source in sources for c in answer.citations):
                reasons.append("no citation from " + ", ".join(sorted(sources)))
            if len(answer.text) > MAX_CHARS:
                reasons.append(f"answer is {len(answer.text)} characters")
            for outlet in backers(answer) if item.get("must") else ():  # no `must`: nothing to check against
                report.backing_named += 1
                if states(answer, outlet, item.get("must", [])):
                    report.backing_true += 1
                else:
                    notes.append(f"{outlet} is named as backing but its cited sentences lack the asked fact")
        elif answer.found:
            reasons.append("answered, should refuse")
        if answer.found and answer.citations and answer.citations[0].aside and not PHOTO.search(item["question"]):
            report.aside_answers += 1
            notes.append(f"quotes a {answer.citations[0].aside} as the answer")
        report.items.append(
            ItemResult(
                item["id"], item.get("lang", ""), item["answerable"], not reasons, reasons, answer.text, rank, notes
            )
        )
    return report


def _outlet(c: Citation) -> str:
    return c.outlet or c.source


def backers(answer: Answer) -> list[str]:
    """The outlets an answer names besides the one that gives the answer (its first citation's)."""
    if not answer.found or not answer.citations:
        return []
    own = _outlet(answer.citations[0])
    return [o for o in answer.outlets if o != own]


def states(answer: Answer, outlet: str, must: list[list[str]]) -> bool:
    """Whether `outlet`'s cited sentences hold the asked fact: an alternative of every `must` group."""
    quoted = " ".join(c.quote for c in answer.citations if _outlet(c) == outlet).lower()
    return all(any(alt.lower() in quoted for alt in group) for group in must)


def report_lines(report: EvalReport) -> list[str]:
    """Human-readable lines: each failed item, then the summary."""
    lines = []
    for i in report.items:
        if not i.passed:
            lines.append(f"FAIL {i.id} ({i.lang}): {'; '.join(i.reasons)}\n     {i.text[:300]}")
        if i.notes:
            lines.append(f"NOTE {i.id} ({i.lang}): {'; '.join(i.notes)}")
    s = report.summary()
    lines.append(
        f"passed {s['passed']}/{s['total']}  answerable {s['answerable_passed']}/{s['answerable']}  "
        f"refused {s['unanswerable_refused']}/{s['unanswerable']}  hit@5 {s['hit@5']}  MRR {s['mrr']}  "
        f"unverbatim quotes {s['unverbatim_quotes']}\n"
        f"outlet precision {s['outlet_precision']} (of {s['backing_outlets']} backing outlets named)  "
        f"headlines or captions quoted as answers {s['aside_answers']}"
    )
    return lines


def report_json(report: EvalReport) -> dict[str, Any]:
    """The report as JSON: summary plus every item."""
    return {"summary": report.summary(), "items": [asdict(i) for i in report.items]}
