"""Data-driven removal of site boilerplate; keeps the character spans of real content."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

Span = tuple[int, int]
LINE = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Cleaner:
    """Drops whole lines that match `drop`, and everything from a `cutoff` line on."""

    drop: tuple[re.Pattern[str], ...]
    cutoff: tuple[re.Pattern[str], ...]

    @classmethod
    def from_json(cls, raw: str) -> Cleaner:
        """Build a cleaner from the JSON format of rag/data/boilerplate.json."""
        data = json.loads(raw)

        def compile_all(key: str) -> tuple[re.Pattern[str], ...]:
            return tuple(re.compile(rf"(?:{p})", re.IGNORECASE) for p in data.get(key, []))

        return cls(drop=compile_all("drop"), cutoff=compile_all("cutoff"))

    def content_lines(self, text: str) -> list[Span]:
        """Spans of the lines that are article content, stripped of surrounding blanks."""
        kept: list[Span] = []
        for m in LINE.finditer(text):
            line = m[0]
            stripped = line.strip()
            if not stripped:
                continue
            if any(p.fullmatch(stripped) for p in self.cutoff):
                break
            if any(p.fullmatch(stripped) for p in self.drop):
                continue
            start = m.start() + (len(line) - len(line.lstrip()))
            kept.append((start, start + len(stripped)))
        return kept


@lru_cache(maxsize=1)
def default_cleaner() -> Cleaner:
    """The cleaner built from the bundled boilerplate list."""
    return Cleaner.from_json(resources.files("rag.data").joinpath("boilerplate.json").read_text("utf-8"))
