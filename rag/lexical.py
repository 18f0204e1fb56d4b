"""The BM25 side of retrieval: Indonesian stems and stop words, persisted beside the store."""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rag.text import IndonesianStemmer, stopwords

if TYPE_CHECKING:
    import bm25s
    from llama_index.retrievers.bm25 import BM25Retriever

TOKEN_PATTERN = r"(?u)\b\w\w+\b"


def corpus_key(node_ids: list[str]) -> str:
    """A fingerprint of which chunks an index covers, to tell a stale index from a current one."""
    return hashlib.sha256("\n".join(sorted(node_ids)).encode()).hexdigest()[:32]


class LexicalIndex:
    """A BM25 index kept in `<dir>/<key>/` with `<dir>/CURRENT` naming the live one.

    Writing a new version and then swapping CURRENT (an atomic rename) means a crash
    never leaves a half-written index in use.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._loaded: tuple[str, bm25s.BM25, dict[int, BM25Retriever]] | None = None

    def current_key(self) -> str | None:
        """Key of the live index, or None when there is none."""
        try:
            return (self.directory / "CURRENT").read_text().strip() or None
        except OSError:
            return None

    def rebuild(self, chunks: Sequence[tuple[str, str]]) -> str:
        """Index `chunks`, (id, text) of every chunk in the store, and make that index the live one."""
        from llama_index.retrievers.bm25 import BM25Retriever

        key = corpus_key([node_id for node_id, _ in chunks])
        if key == self.current_key():
            return key
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / key
        if chunks:
            from llama_index.core.schema import TextNode

            # the index keeps ids and text only; hits get their full nodes from the store (HybridRetriever)
            slim = [TextNode(id_=node_id, text=text) for node_id, text in chunks]
            retriever = BM25Retriever(
                nodes=slim,
                stemmer=IndonesianStemmer(),
                language=sorted(stopwords()),
                token_pattern=TOKEN_PATTERN,
            )
            tmp = self.directory / f".tmp-{uuid.uuid4().hex}"
            retriever.persist(str(tmp), show_progress=False)
            shutil.rmtree(target, ignore_errors=True)
            os.replace(tmp, target)
        pointer = self.directory / f".CURRENT-{uuid.uuid4().hex}"
        pointer.write_text(key)
        os.replace(pointer, self.directory / "CURRENT")
        self._prune(keep=key)
        return key

    def _prune(self, keep: str) -> None:
        for child in self.directory.iterdir():
            if child.is_dir() and child.name != keep:
                shutil.rmtree(child, ignore_errors=True)

    def retriever(self, top_k: int) -> BM25Retriever | None:
        """The live index giving `top_k` hits (reloaded when another process rebuilt it), or None if empty."""
        import bm25s
        from llama_index.retrievers.bm25 import BM25Retriever

        key = self.current_key()
        if key is None or not (self.directory / key).is_dir():
            return None
        if self._loaded is None or self._loaded[0] != key:
            # memory-mapped: the corpus lines (ids and text) are read only for the hits, not all parsed on load
            bm25 = bm25s.BM25.load(str(self.directory / key), load_corpus=True, mmap=True, show_progress=False)
            self._loaded = (key, bm25, {})
        _, bm25, by_k = self._loaded
        k = min(top_k, len(bm25.corpus))
        if k not in by_k:  # one retriever per k over the one loaded index: concurrent asks never share a k
            by_k[k] = BM25Retriever(
                existing_bm25=bm25, similarity_top_k=k, stemmer=IndonesianStemmer(), token_pattern=TOKEN_PATTERN
            )
        return by_k[k]

    def search(self, query: str, top_k: int) -> list[str] | None:
        """Ids of the `top_k` best chunks for `query`, best first; None when nothing is indexed."""
        retriever = self.retriever(top_k)
        return None if retriever is None else [hit.node.node_id for hit in retriever.retrieve(query)]
