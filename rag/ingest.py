"""Files -> Articles -> chunks -> embeddings -> store, idempotent by content hash."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rag.articles import read_article
from rag.chunking import chunk_article
from rag.dates import event_dates
from rag.errors import BadDocument
from rag.lexical import LexicalIndex, corpus_key
from rag.store import ChromaStore
from rag.types import Article, Chunk, Failure, IngestReport

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import TextNode


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and every non-hidden file below a named folder, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def chunk_node(chunk: Chunk, total: int, previous: Chunk | None = None) -> TextNode:
    """A chunk as a llama-index node whose metadata carries everything a citation needs.

    `lead` holds the two sentences before the chunk, so "Dia ..." at a chunk's start
    can still be read with the sentence that says who "dia" is.
    """
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    a: Article = chunk.article
    metadata = {
        "source": a.source,
        "title": a.title,
        "outlet": a.outlet or "",
        "published": a.published or "",
        "author": a.author or "",
        "content_hash": a.content_hash,
        "chunk": chunk.index,
        "n_chunks": total,
        "start": chunk.start,
        "end": chunk.end,
        "sentences": json.dumps(chunk.sentences),
        "lead": " ".join(a.text[s:e] for s, e in previous.sentences[-2:]) if previous else "",
        # event dates, read with the article's own date as context, in article offsets
        "dates": json.dumps(
            [
                [d.text, d.start + chunk.start, d.end + chunk.start, d.first, d.last, d.weekday]
                for d in event_dates(chunk.text, a.published)
            ]
        ),
    }
    node = TextNode(
        # the source is part of the id: two files with the same text are two articles
        id_=f"{hashlib.sha256(f'{a.source}|{a.content_hash}'.encode()).hexdigest()[:24]}-{chunk.index:05d}",
        text=chunk.text,
        metadata=metadata,
        excluded_embed_metadata_keys=list(metadata),
        excluded_llm_metadata_keys=list(metadata),
    )
    node.relationships[NodeRelationship.SOURCE] = RelatedNodeInfo(node_id=a.source)
    return node


class Ingestor:
    """Adds articles to the store and keeps the BM25 index in step with it."""

    def __init__(
        self,
        store: ChromaStore,
        embed_model: BaseEmbedding,
        lexical: LexicalIndex,
        max_bytes: int,
        batch_chunks: int = 256,
    ) -> None:
        self.store = store
        self.embed_model = embed_model
        self.lexical = lexical
        self.max_bytes = max_bytes
        self.batch_chunks = batch_chunks

    def ingest(self, paths: Iterable[Path], progress: bool = False) -> IngestReport:
        """Ingest files and folders; bad files are reported, never fatal to the others.

        Articles are committed in batches, each article whole: a run killed part-way
        leaves finished articles stored and the next run completes the rest.
        """
        from tqdm import tqdm

        added: list[str] = []
        unchanged: list[str] = []
        replaced: list[str] = []
        failed: list[Failure] = []
        pending: list[tuple[Article, list[TextNode]]] = []
        seen: set[str] = set()
        total = 0
        files = list(expand(paths))
        for path in tqdm(files, desc="Ingesting", unit="file", disable=not progress):
            if not path.exists():
                failed.append(Failure(str(path), "no such file or folder"))
                continue
            try:
                article = read_article(path, self.max_bytes)
            except BadDocument as exc:
                failed.append(Failure(str(path), str(exc)))
                continue
            if article.source in seen:
                failed.append(Failure(str(path), f"another file named {article.source} is in this run"))
                continue
            seen.add(article.source)
            chunks = chunk_article(article)
            versions = self.store.versions(article.source)
            if versions == {article.content_hash: len(chunks)}:
                unchanged.append(article.source)
                continue
            (replaced if set(versions) - {article.content_hash} else added).append(article.source)
            nodes = [chunk_node(c, len(chunks), chunks[i - 1] if i else None) for i, c in enumerate(chunks)]
            pending.append((article, nodes))
            if sum(len(ns) for _, ns in pending) >= self.batch_chunks:
                total += self._commit(pending, progress)
                pending = []
        total += self._commit(pending, progress)
        if total:
            self._rebuild_lexical()
        else:
            self.sync_lexical()
        return IngestReport(tuple(added), tuple(unchanged), tuple(replaced), tuple(failed), total)

    def sync_lexical(self) -> None:
        """Bring the BM25 index in step with the store, if it is not (an ingest killed part-way, or a
        Chroma server filled by another process); each bot runs this when it opens.

        A finished ingest records its BM25 key and chunk count in the collection; when they match,
        reading every id (0.8 s at 100k chunks) is not needed.
        """
        key = self.lexical.current_key()
        if key is not None and self.store.index_mark() == (key, self.store.count()):
            return
        if key != corpus_key(self.store.ids()):
            self._rebuild_lexical()
        else:
            self.store.set_index_mark(key, self.store.count())

    def _rebuild_lexical(self) -> None:
        nodes = self.store.nodes()
        self.store.set_index_mark(self.lexical.rebuild(nodes), len(nodes))

    def _commit(self, batch: list[tuple[Article, list[TextNode]]], progress: bool = False) -> int:
        """Embed and store a batch; then drop what the new versions replace."""
        from llama_index.core.schema import MetadataMode

        nodes = [n for _, article_nodes in batch for n in article_nodes]
        if not nodes:
            return 0
        self.store.set_index_mark(None)  # until the BM25 index is rebuilt: a run killed now is seen on open
        for article, _ in batch:  # leftovers of an interrupted run of this same version
            self.store.delete_version(article.source, article.content_hash, keep=False)
        texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
        vectors = self.embed_model.get_text_embedding_batch(texts, show_progress=progress)
        for node, vector in zip(nodes, vectors, strict=True):
            node.embedding = vector
        self.store.add(nodes)
        for article, _ in batch:
            self.store.delete_version(article.source, article.content_hash, keep=True)
        return len(nodes)
