"""`rag eval`: score the bot on a QA file (dev_qa.jsonl format) and report what failed."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.types import Turn

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


@dataclass
class EvalReport:
    """Scores over a QA file."""

    items: list[ItemResult] = field(default_factory=list)
    unverbatim_quotes: int = 0

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
        elif answer.found:
            reasons.append("answered, should refuse")
        report.items.append(
            ItemResult(item["id"], item.get("lang", ""), item["answerable"], not reasons, reasons, answer.text, rank)
        )
    return report


def report_lines(report: EvalReport) -> list[str]:
    """Human-readable lines: each failed item, then the summary."""
    lines = []
    for i in report.items:
        if not i.passed:
            lines.append(f"FAIL {i.id} ({i.lang}): {'; '.join(i.reasons)}\n     {i.text[:300]}")
    s = report.summary()
    lines.append(
        f"passed {s['passed']}/{s['total']}  answerable {s['answerable_passed']}/{s['answerable']}  "
        f"refused {s['unanswerable_refused']}/{s['unanswerable']}  hit@5 {s['hit@5']}  MRR {s['mrr']}  "
        f"unverbatim quotes {s['unverbatim_quotes']}"
    )
    return lines


def report_json(report: EvalReport) -> dict[str, Any]:
    """The report as JSON: summary plus every item."""
    return {"summary": report.summary(), "items": [asdict(i) for i in report.items]}
