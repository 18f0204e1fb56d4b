"""The BM25 side of retrieval: Indonesian stems and stop words, persisted beside the store."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.text import IndonesianStemmer, stopwords

if TYPE_CHECKING:
    import bm25s
    from llama_index.retrievers.bm25 import BM25Retriever

TOKEN_PATTERN = r"(?u)\b\w\w+\b"
ARRAYS = ("data.csc.index.npy", "indices.csc.index.npy", "indptr.csc.index.npy")


class IndexDamaged(Exception):
    """The BM25 index on disk is missing, partial or holds bad values (rebuilt from Chroma by the caller)."""

    def __init__(self, message: str, folder: str | None = None) -> None:
        super().__init__(message)
        self.folder = folder  # the live folder that failed (None: CURRENT itself is missing)


def corpus_key(node_ids: list[str]) -> str:
    """A fingerprint of which chunks an index covers, to tell a stale index from a current one."""
    return hashlib.sha256("\n".join(sorted(node_ids)).encode()).hexdigest()[:32]


READERS = ".readers"  # where each process makes its private copy (never pruned by writers)
EMPTY_KEY = corpus_key([])  # an empty store: CURRENT names this key and no folder exists


def key_of(folder: str) -> str:
    """The key (which chunks it covers) of an index folder named `<key>` or `<key>-<n>`."""
    return folder.split("-", 1)[0]


class LexicalIndex:
    """A BM25 index kept in `<dir>/<key>-<n>/` with `<dir>/CURRENT` naming the live folder.

    A new version is written to a folder of its own and published by an atomic rename of
    CURRENT, so readers never see a half-written index and the live folder is never
    rewritten in place. Writers must hold the store's write lock (Ingestor does).

    Each process reads a private copy of the live folder, checked before it is mapped:
    a file another process truncates or overwrites cannot crash a reader (SIGBUS).
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self._loaded: tuple[str, bm25s.BM25, dict[int, BM25Retriever]] | None = None
        self._load_lock = threading.Lock()

    def current(self) -> str | None:
        """Name of the live folder (`<key>` or `<key>-<n>`), or None when CURRENT is missing."""
        try:
            return (self.directory / "CURRENT").read_text().strip() or None
        except OSError:
            return None

    def current_key(self) -> str | None:
        """Key of the live index (which chunks it covers), or None when there is none."""
        name = self.current()
        return key_of(name) if name else None

    def rebuild(self, chunks: Sequence[tuple[str, str]], force: bool = False) -> str:
        """Index `chunks`, (id, text) of every chunk in the store, and make that index the live one.

        Unless `force`, an index already live for the same chunks is kept.
        """
        key = corpus_key([node_id for node_id, _ in chunks])
        if key == self.current_key() and not force:
            return key
        self.directory.mkdir(parents=True, exist_ok=True)
        name = key
        if chunks:
            from llama_index.core.schema import TextNode
            from llama_index.retrievers.bm25 import BM25Retriever

            # the index keeps ids and text only; hits get their full nodes from the store (HybridRetriever)
            slim = [TextNode(id_=node_id, text=text) for node_id, text in chunks]
            retriever = BM25Retriever(
                nodes=slim,
                stemmer=IndonesianStemmer(),
                language=sorted(stopwords()),
                token_pattern=TOKEN_PATTERN,
            )
            name = f"{key}-{uuid.uuid4().hex[:8]}"
            tmp = self.directory / f".tmp-{name}"
            retriever.persist(str(tmp), show_progress=False)
            os.replace(tmp, self.directory / name)
        pointer = self.directory / f".CURRENT-{uuid.uuid4().hex}"
        pointer.write_text(name)
        os.replace(pointer, self.directory / "CURRENT")
        self._prune(keep=name)
        with self._load_lock:
            self._loaded = None
        return key

    def _prune(self, keep: str) -> None:
        stale = time.time() - 3600  # copies a killed reader left behind (a live one unlinks its copy in seconds)
        for copy in (self.directory / READERS).glob("copy-*"):
            if copy.stat().st_mtime < stale:
                shutil.rmtree(copy, ignore_errors=True)
        for child in self.directory.iterdir():
            if child.name in (keep, READERS):
                continue
            if child.is_dir():
                shutil.rmtree(child, ignore_errors=True)
            elif child.name.startswith(".CURRENT-"):  # a pointer left by a writer that was killed
                child.unlink(missing_ok=True)

    def check(self) -> None:
        """Load the live index (as `search` would), raising IndexDamaged if it cannot be used."""
        self._bm25()

    def _bm25(self) -> tuple[str, bm25s.BM25, dict[int, BM25Retriever]] | None:
        name = self.current()
        if name is None:
            raise IndexDamaged(f"{self.directory / 'CURRENT'} is missing")
        if key_of(name) == EMPTY_KEY:
            return None
        with self._load_lock:
            if self._loaded is None or self._loaded[0] != name:
                self._loaded = (name, _load_private_copy(self.directory / name, self.directory / READERS), {})
            return self._loaded

    def forget(self) -> None:
        """Drop the loaded copy, so the next search loads the live index again."""
        with self._load_lock:
            self._loaded = None

    def retriever(self, top_k: int) -> BM25Retriever | None:
        """The live index giving `top_k` hits (reloaded when another process rebuilt it), or None if empty."""
        from llama_index.retrievers.bm25 import BM25Retriever

        loaded = self._bm25()
        if loaded is None:
            return None
        _, bm25, by_k = loaded
        k = min(top_k, len(bm25.corpus))
        if k not in by_k:  # one retriever per k over the one loaded index: concurrent asks never share a k
            by_k[k] = BM25Retriever(
                existing_bm25=bm25, similarity_top_k=k, stemmer=IndonesianStemmer(), token_pattern=TOKEN_PATTERN
            )
        return by_k[k]

    def search(self, query: str, top_k: int) -> list[str] | None:
        """Ids of the `top_k` best chunks for `query`, best first; None when nothing is indexed.

        Raises IndexDamaged when the index is missing or cannot be read.
        """
        retriever = self.retriever(top_k)
        if retriever is None:
            return None
        try:
            return [hit.node.node_id for hit in retriever.retrieve(query)]
        except Exception as exc:  # bad values inside the files: IndexError, KeyError, JSON errors...
            loaded = self._loaded
            self.forget()
            folder = loaded[0] if loaded else None
            raise IndexDamaged(f"reading the BM25 index failed: {type(exc).__name__}: {exc}", folder) from exc


def _load_private_copy(folder: Path, scratch: Path) -> bm25s.BM25:
    """Copy `folder` into a private folder under `scratch` (same disk as the store, not a RAM-backed /tmp),
    check the copy, and memory-map it. The copy's files are unlinked at once: the mappings keep them
    alive, and no other process can truncate or rewrite them."""
    import bm25s

    scratch.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="copy-", dir=scratch) as tmp:
        copy = Path(tmp) / "index"
        try:
            shutil.copytree(folder, copy)
            _validate(copy)
            return bm25s.BM25.load(str(copy), load_corpus=True, mmap=True, show_progress=False)
        except Exception as exc:  # missing files, truncated arrays, bad JSON, values that disagree
            message = f"the BM25 index in {folder} cannot be used: {type(exc).__name__}: {exc}"
            raise IndexDamaged(message, folder.name) from exc


def _validate(folder: Path) -> None:
    """Raise ValueError unless the arrays, vocabulary and corpus of the index agree with each other."""
    import numpy as np

    params: dict[str, Any] = json.loads((folder / "params.index.json").read_text())
    vocab: dict[str, Any] = json.loads((folder / "vocab.index.json").read_text(encoding="utf-8"))
    data, indices, indptr = (np.load(folder / name, mmap_mode="r") for name in ARRAYS)
    docs = int(params.get("num_docs") or 0)
    offsets: list[int] = json.loads((folder / "corpus.mmindex.json").read_text())
    corpus = folder / "corpus.jsonl"
    problems = []
    if docs <= 0 or len(offsets) < docs:
        problems.append(f"{docs} documents but {len(offsets)} corpus lines")
    elif corpus.stat().st_size < offsets[docs - 1] + 2:
        problems.append("the corpus file is shorter than its line index")
    if not 0 < len(indptr) <= len(vocab) + 1 or int(indptr[0]) != 0:
        problems.append("the token pointers do not match the vocabulary")
    elif int(indptr[-1]) != len(indices) or len(data) != len(indices) or np.any(np.diff(indptr) < 0):
        problems.append("the score arrays do not match their pointers")
    elif len(indices) and (int(indices.min()) < 0 or int(indices.max()) >= docs):
        problems.append("document numbers out of range")
    elif not np.all(np.isfinite(data)):
        problems.append("scores that are not numbers")
    if not problems:
        with corpus.open("rb") as f:  # the first and last corpus lines must be whole JSON objects
            for at in (0, offsets[docs - 1]):
                f.seek(at)
                try:
                    json.loads(f.readline())
                except ValueError:
                    problems.append(f"a corpus line at byte {at} is not JSON")
    if problems:
        raise ValueError("; ".join(problems))
