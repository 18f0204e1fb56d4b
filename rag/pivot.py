"""English -> Indonesian renderings found through third languages, built once at set-up.

FreeDict's English–Indonesian dictionary has about 10,300 headwords: "complaint", "spectator" and
"evacuate" are not among them. FreeDict also has English–X and X–Indonesian dictionaries for German,
Dutch, Finnish and Polish. An English word is rendered into each of those languages, and each of
those renderings into Indonesian; an Indonesian word reached through two languages or more is kept
(triangulation: one route alone often lands on another sense of an ambiguous word, "fine" -> "fein" ->
"tipis"). The table is written to `rag.lexicon.PIVOT_TABLE`, which `rag.lexicon` reads.

Run: python -m rag.pivot   (`make` does)
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections import Counter
from pathlib import Path

from rag import lexicon

PIVOTS = ("deu", "nld", "fin", "pol")  # the languages FreeDict pairs with both English and Indonesian
MIN_ROUTES = 2  # languages an Indonesian rendering must be reached through
MAX_RENDERINGS = 4  # per English word, the most-reached first


def _dictionary(pair: str) -> dict[str, list[str]]:
    """Headword -> its renderings in sense order, from Debian's dict-freedict-<pair>."""
    senses = lexicon.read_dictionary(lexicon.DICTD / f"freedict-{pair}", f"dict-freedict-{pair}")
    return {k: list(dict.fromkeys(w for s in v for w in s.words)) for k, v in senses.items()}


def build() -> dict[str, list[str]]:
    """English word -> the Indonesian renderings reached through at least MIN_ROUTES pivot languages."""
    routes: dict[str, Counter[str]] = {}
    for language in PIVOTS:
        to_pivot, to_indonesian = _dictionary(f"eng-{language}"), _dictionary(f"{language}-ind")
        for english, pivots in to_pivot.items():
            # in sense order, so that renderings reached as often stay in the dictionaries' order
            # (a set's order changes with Python's hash seed, and so would the table)
            reached = list(dict.fromkeys(w for p in pivots for w in to_indonesian.get(p, ())))
            if reached:
                routes.setdefault(english, Counter()).update(reached)
    table = {}
    for english, counts in sorted(routes.items()):
        kept = [w for w, n in counts.most_common() if n >= MIN_ROUTES][:MAX_RENDERINGS]
        if kept:
            table[english] = kept
    return table


def write(table: dict[str, list[str]], path: Path) -> None:
    """Write the table whole or not at all (a reader never sees half a file)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    tmp.write_text(json.dumps(table, ensure_ascii=False, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def main() -> int:
    table = build()
    write(table, lexicon.PIVOT_TABLE)
    print(f"{len(table)} English words rendered through {', '.join(PIVOTS)} -> {lexicon.PIVOT_TABLE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
