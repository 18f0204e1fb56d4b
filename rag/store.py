"""The one module that talks to Chroma: embedded under RAG_STORE_DIR, or a Chroma server."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import StoreUnavailable

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode
    from llama_index.vector_stores.chroma import ChromaVectorStore

DOC_FIELDS = ("source", "title", "outlet", "published", "author", "lang")
FILTER_FIELDS = ("source", "content_hash")  # kept as Chroma metadata keys: ingest filters on them
FIELDS = "fields"  # the key holding every other metadata field, as one JSON object
PAGE = 5000  # chunks read from Chroma per call
MARK_KEY, MARK_CHUNKS = "rag_bm25_key", "rag_bm25_chunks"  # collection metadata: the BM25 index that covers it


@dataclass
class Stored:
    """What the store holds under one source name: chunks per content hash, where they came from, titles."""

    hashes: Counter[str] = field(default_factory=Counter)
    origins: set[str] = field(default_factory=set)
    titles: set[str] = field(default_factory=set)


class ChromaStore:
    """Chunks with their embeddings and article metadata, in one Chroma collection."""

    def __init__(self, collection: Any, where: str) -> None:
        self._collection = collection
        self.where = where

    @property
    def vector_store(self) -> ChromaVectorStore:
        """The collection as a llama-index vector store (for the benchmark's naive baseline)."""
        from llama_index.vector_stores.chroma import ChromaVectorStore

        return ChromaVectorStore(chroma_collection=self._collection)

    @classmethod
    def open(cls, store_dir: Path, collection: str, host: str = "", port: int = 8000) -> ChromaStore:
        """Open (creating if needed) the collection; StoreUnavailable names the setting to fix."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        try:
            if host:
                where = f"the Chroma server at {host}:{port} (RAG_CHROMA_HOST / RAG_CHROMA_PORT)"
                client = chromadb.HttpClient(host=host, port=port, settings=chroma_settings)
            else:
                where = f"the store folder {store_dir} (RAG_STORE_DIR)"
                store_dir.mkdir(parents=True, exist_ok=True)
                client = chromadb.PersistentClient(path=str(store_dir), settings=chroma_settings)
            coll = client.get_or_create_collection(collection, metadata={"hnsw:space": "cosine"})
        except Exception as exc:  # chromadb raises many kinds; all mean "cannot open"
            raise StoreUnavailable(f"cannot open {where}: {_first_line(exc)}") from exc
        return cls(coll, where)

    def _call(self, what: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except Exception as exc:
            raise StoreUnavailable(f"cannot {what} {self.where}: {_first_line(exc)}") from exc

    def count(self) -> int:
        """Number of chunks stored."""
        return int(self._call("count chunks in", self._collection.count))

    def _pages(self, include: list[str], where: dict[str, Any] | None = None) -> Iterator[dict[str, Any]]:
        """Chroma's `get` a page at a time: one call for 100k chunks exceeds SQLite's variable limit."""
        offset = 0
        while True:
            got = self._call("read", self._collection.get, where=where, include=include, limit=PAGE, offset=offset)
            yield got
            if len(got["ids"]) < PAGE:
                return
            offset += PAGE

    def nearest(self, vector: list[float], k: int) -> list[str]:
        """Ids of the `k` chunks whose embeddings are nearest to `vector`, nearest first."""
        query = self._collection.query
        got = self._call("search", query, query_embeddings=[vector], n_results=k, include=["distances"])
        return list(got["ids"][0])

    def index_mark(self) -> tuple[str, int] | None:
        """The BM25 key and chunk count the last finished ingest recorded, or None (none yet, or one under way)."""
        meta = self._collection.metadata or {}
        key, chunks = meta.get(MARK_KEY), meta.get(MARK_CHUNKS)
        return (key, chunks) if isinstance(key, str) and key and isinstance(chunks, int) else None

    def set_index_mark(self, key: str | None, chunks: int = -1) -> None:
        """Record which BM25 index covers the collection; None while an ingest is writing.

        Kept in the collection itself, so every process sharing a Chroma server sees it.
        """
        self._call("write to", self._collection.modify, metadata={MARK_KEY: key or "", MARK_CHUNKS: chunks})

    def get_nodes(self, ids: list[str]) -> dict[str, BaseNode]:
        """The stored chunks with these ids, by id."""
        if not ids:
            return {}
        got = self._call("read", self._collection.get, ids=ids, include=["documents", "metadatas"])
        rows = zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        return {node_id: _node(node_id, text, meta) for node_id, text, meta in rows}

    def ids(self) -> list[str]:
        """Ids of every stored chunk."""
        return [i for page in self._pages([]) for i in page["ids"]]

    def metadatas(self, where: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        """Metadata of every stored chunk (optionally filtered)."""
        return [_fields(m or {}) for page in self._pages(["metadatas"], where) for m in page["metadatas"]]

    def versions(self, sources: list[str]) -> dict[str, Stored]:
        """For each of `sources` in the store: its chunks per content hash, and the origins and titles."""
        found: dict[str, Stored] = {}
        if sources:
            for m in self.metadatas({"source": {"$in": sources}}):
                got = found.setdefault(m.get("source", ""), Stored())
                got.hashes[m.get("content_hash", "")] += 1
                got.origins.add(m.get("origin") or "")
                got.titles.add(m.get("title") or "")
        return found

    def add(self, nodes: list[BaseNode]) -> None:
        """Store nodes that already carry embeddings.

        Three metadata keys per chunk (source, content_hash, the rest as JSON), not llama-index's
        layout (every field as its own key plus a JSON copy of the node): Chroma reads a chunk's
        keys row by row, and this halves the time to read 16 chunks at 100k (README, Benchmark).
        """
        metadatas = []
        for node in nodes:
            rest = {k: v for k, v in node.metadata.items() if k not in FILTER_FIELDS}
            flat = {k: node.metadata[k] for k in FILTER_FIELDS if k in node.metadata}
            metadatas.append({**flat, FIELDS: json.dumps(rest, ensure_ascii=False)})
        self._call("write to", self._collection.add, ids=[n.node_id for n in nodes],
                   embeddings=[n.get_embedding() for n in nodes], metadatas=metadatas,
                   documents=[n.get_content() for n in nodes])  # fmt: skip

    def delete_version(self, source: str, content_hash: str, keep: bool) -> None:
        """Delete the chunks of `source` with (keep=False) or without (keep=True) this hash."""
        op = "$ne" if keep else "$eq"
        where = {"$and": [{"source": source}, {"content_hash": {op: content_hash}}]}
        self._call("delete from", self._collection.delete, where=where)

    def texts(self) -> list[tuple[str, str]]:
        """Id and text of every stored chunk (what the BM25 index is built from)."""
        pages = self._pages(["documents"])
        return [pair for page in pages for pair in zip(page["ids"], page["documents"], strict=True)]

    def docs(self) -> list[dict[str, Any]]:
        """One dict per article: source, title, outlet, published, author, lang, chunks."""
        by_source: dict[str, dict[str, Any]] = {}
        counts: defaultdict[str, int] = defaultdict(int)
        for m in self.metadatas():
            src = m.get("source", "")
            counts[src] += 1
            by_source.setdefault(src, {k: (m.get(k) or None) for k in DOC_FIELDS})
        return [dict(by_source[s], chunks=counts[s]) for s in sorted(by_source)]


def _fields(meta: dict[str, Any]) -> dict[str, Any]:
    """A chunk's metadata as one flat dict, whichever layout it was stored in."""
    if FIELDS not in meta:
        return meta  # llama-index's layout (stores written before 2026-11-22): every field is a key
    flat = {k: v for k, v in meta.items() if k != FIELDS}
    return {**json.loads(meta[FIELDS]), **flat}


def _node(node_id: str, text: str, meta: dict[str, Any]) -> BaseNode:
    """A stored chunk as a llama-index node; its metadata is for citations, never embedded or shown to an LLM."""
    from llama_index.core.schema import TextNode
    from llama_index.core.vector_stores.utils import metadata_dict_to_node

    if "_node_content" in meta:  # llama-index's layout
        return metadata_dict_to_node(meta, text=text)
    fields = _fields(meta)
    keys = list(fields)
    return TextNode(id_=node_id, text=text, metadata=fields, excluded_embed_metadata_keys=keys,
                    excluded_llm_metadata_keys=keys)  # fmt: skip


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
