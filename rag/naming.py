"""Which name an article is stored under: two different articles never share one, a new version keeps it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path

from rag.errors import BadDocument
from rag.store import ChromaStore, Stored
from rag.types import Article

MAX_COPIES = 1000  # "name (2).txt" ... "name (1000).txt" are tried for a file whose name is taken
LOOKUP = 8  # names looked up in the store at a time


@dataclass
class Placed:
    """A file's article under the name it is stored as, with what the store already holds under that name."""

    path: Path
    origin: str  # the resolved path, stored with each chunk: the same origin is the same article
    article: Article
    stored: Counter[str]
    duplicate: bool = False  # the same text as another file of this run, stored under the same name


def copy_names(source: str) -> Iterator[str]:
    """`source`, then "stem (2).ext", "stem (3).ext", ...: the names a new article may be stored under."""
    yield source
    p = Path(source)
    for n in range(2, MAX_COPIES + 1):
        yield f"{p.stem} ({n}){p.suffix}"


def same_article(article: Article, origin: str, stored: Stored) -> bool:
    """Is `article` (read from `origin`) the article stored under its name, or a new version of it?

    The same text, the same file, or the same headline (a real one, not the file name) says so.
    """
    if article.content_hash in stored.hashes or origin in stored.origins:
        return True
    title = article.title.strip()
    return bool(title) and title != Path(article.source).stem and title in stored.titles


def place(store: ChromaStore, path: Path, article: Article, known: dict[str, Stored], taken: dict[str, str]) -> Placed:
    """The article under the first name that is free or already holds this article (a new version of it).

    Two different articles never share a name: the second is stored as "name (2).ext". `known` holds
    what the store has under names looked up so far (more are looked up as needed); `taken` the names
    given in this run, with their content hash.
    """
    origin = str(path.resolve())
    names = copy_names(article.source)  # made as needed: nearly every article takes the first
    while batch := list(islice(names, LOOKUP)):  # looked up in the store a few at a time
        unknown = [n for n in batch if n not in known and n not in taken]
        if unknown:
            known.update(store.versions(unknown))
            for n in unknown:
                known.setdefault(n, Stored())
        for name in batch:
            if name in taken:
                if taken[name] == article.content_hash:  # the same text twice in one run: stored once
                    return Placed(path, origin, replace(article, source=name), Counter(), duplicate=True)
                continue
            stored = known[name]
            candidate = replace(article, source=name)
            if not stored.hashes or same_article(candidate, origin, stored):
                taken[name] = article.content_hash
                return Placed(path, origin, candidate, stored.hashes)
    raise BadDocument(f"{path.name}: {MAX_COPIES} articles already have this file name; rename the file")
