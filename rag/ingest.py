"""Files -> Articles -> chunks -> embeddings -> store, idempotent by content hash."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
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


@dataclass
class Pending:
    """An article waiting to be committed: its chunk nodes and the versions (hashes) already stored."""

    article: Article
    nodes: list[TextNode]
    stored: set[str]


LOOKUP_FILES = 64  # files whose stored versions are read in one Chroma call


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
        leaves finished articles stored and the next run completes the rest. One batch
        is written to Chroma while the next is embedded.
        """
        from tqdm import tqdm

        added: list[str] = []
        unchanged: list[str] = []
        replaced: list[str] = []
        failed: list[Failure] = []
        pending: list[Pending] = []
        total = 0
        files = list(expand(paths))
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="rag-store") as writer:
            writing: list[Future[None]] = []
            embedded: list[tuple[list[Pending], list[TextNode]]] = []

            def commit(batch: list[Pending]) -> int:
                # the batch embedded before is written while this one is embedded; the next files
                # are read after, so their lookups do not wait behind the write
                if writing:
                    writing.pop().result()  # raises the write's error, if any
                if embedded:
                    writing.append(writer.submit(self._store, *embedded.pop()))
                nodes = self._embed(batch, progress)
                if nodes:
                    embedded.append((batch, nodes))
                return len(nodes)

            for article, versions in tqdm(self._read(files, failed), desc="Ingesting", unit="file",
                                          total=len(files), disable=not progress):  # fmt: skip
                if article is None:
                    continue
                chunks = chunk_article(article)
                if versions == {article.content_hash: len(chunks)}:
                    unchanged.append(article.source)
                    continue
                (replaced if set(versions) - {article.content_hash} else added).append(article.source)
                nodes = [chunk_node(c, len(chunks), chunks[i - 1] if i else None) for i, c in enumerate(chunks)]
                pending.append(Pending(article, nodes, set(versions)))
                if sum(len(p.nodes) for p in pending) >= self.batch_chunks:
                    total += commit(pending)
                    pending = []
            total += commit(pending)
            commit([])  # writes the last batch
            if writing:
                writing.pop().result()
        if total:
            self._rebuild_lexical()
        else:
            self.sync_lexical()
        return IngestReport(tuple(added), tuple(unchanged), tuple(replaced), tuple(failed), total)

    def _read(self, files: list[Path], failed: list[Failure]) -> Iterator[tuple[Article | None, Counter[str]]]:
        """Each file's article (None if it failed, noted in `failed`) with how many chunks each stored
        version of it has; the versions are looked up for LOOKUP_FILES files per Chroma call."""
        seen: set[str] = set()
        for start in range(0, len(files), LOOKUP_FILES):
            group: list[Article | None] = []
            for path in files[start : start + LOOKUP_FILES]:
                group.append(None)
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
                group[-1] = article
            stored = self.store.versions([a.source for a in group if a])
            for article in group:
                yield article, stored.get(article.source, Counter()) if article else Counter()

    def sync_lexical(self) -> None:
        """Bring the BM25 index in step with the store, if it is not (an ingest killed part-way, or a
        Chroma server filled by another process); each bot runs this when it opens.

        A finished ingest records its BM25 key and chunk count in the collection; when they match,
        reading every id (0.8 s at 100k chunks) is not needed.
        """
        key = self.lexical.current_key()
        if key is not None and self.store.index_mark() == (key, self.store.count()):
            return
        ids = self.store.ids()
        if key != corpus_key(ids):
            self._rebuild_lexical()
        else:
            self.store.set_index_mark(key, len(ids))

    def _rebuild_lexical(self) -> None:
        chunks = self.store.texts()
        self.store.set_index_mark(self.lexical.rebuild(chunks), len(chunks))

    def _embed(self, batch: list[Pending], progress: bool) -> list[TextNode]:
        """The batch's nodes, each given its embedding."""
        from llama_index.core.schema import MetadataMode

        nodes = [n for p in batch for n in p.nodes]
        texts = [n.get_content(metadata_mode=MetadataMode.EMBED) for n in nodes]
        vectors = self.embed_model.get_text_embedding_batch(texts, show_progress=progress) if texts else []
        for node, vector in zip(nodes, vectors, strict=True):
            node.embedding = vector
        return nodes

    def _store(self, batch: list[Pending], nodes: list[TextNode]) -> None:
        """Write embedded nodes; then drop what the new versions replace."""
        self.store.set_index_mark(None)  # until the BM25 index is rebuilt: a run killed now is seen on open
        for p in batch:
            if p.article.content_hash in p.stored:  # leftovers of an interrupted run of this same version
                self.store.delete_version(p.article.source, p.article.content_hash, keep=False)
        self.store.add(nodes)
        for p in batch:
            if p.stored - {p.article.content_hash}:
                self.store.delete_version(p.article.source, p.article.content_hash, keep=True)
