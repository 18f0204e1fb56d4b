"""Files -> Articles -> chunks -> embeddings -> store, idempotent by content hash."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout

from rag.articles import read_article
from rag.chunking import chunk_article
from rag.dates import event_dates
from rag.errors import BadDocument, StoreUnavailable
from rag.glossary import glossary
from rag.lexical import IndexDamaged, LexicalIndex, corpus_key
from rag.naming import Placed, place
from rag.store import ChromaStore
from rag.text import detect, sentence_language
from rag.types import Article, Chunk, Failure, IngestReport, Renamed

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import TextNode

log = logging.getLogger(__name__)


def expand(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named directly, and every non-hidden file below a named folder, in sorted order."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def article_language(article: Article) -> str:
    """The language its content (boilerplate left out) is written in: "id", "en", or another ISO 639-1 code."""
    return detect(" ".join(article.text[s:e] for s, e in article.segments) or article.text)


def chunk_id(source: str, content_hash: str, index: int) -> str:
    """The id of one chunk of one version of an article: the source is part of it, so two files with
    the same text are two articles, and every chunk's id follows from its article and place."""
    return f"{hashlib.sha256(f'{source}|{content_hash}'.encode()).hexdigest()[:24]}-{index:05d}"


@lru_cache(maxsize=4)
def _glossary(text: str) -> str:
    """An article's glossary as its chunks store it (read once per article, not once per chunk)."""
    return glossary(text)


def chunk_node(
    chunk: Chunk, total: int, previous: Chunk | None = None, origin: str = "", lang: str | None = None
) -> TextNode:
    """A chunk as a llama-index node whose metadata carries everything a citation needs.

    `lead` holds the two sentences before the chunk, so "Dia ..." at a chunk's start
    can still be read with the sentence that says who "dia" is. `origin` is the file it was
    read from, which tells a new version of an article from another article of the same name.
    `lang` is the article's language (detected when None), by which its words are stemmed;
    `sentence_langs` marks a sentence written in the other one, which is stemmed by its own.
    """
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    a: Article = chunk.article
    lang = lang or article_language(a)
    # a sentence in the article's other language (an English quote in an Indonesian article), by its start
    other = {str(s): own for s, e in chunk.sentences if (own := sentence_language(a.text[s:e], lang)) != lang}
    metadata = {
        "source": a.source,
        "title": a.title,
        "outlet": a.outlet or "",
        "published": a.published or "",
        "author": a.author or "",
        "content_hash": a.content_hash,
        "origin": origin,
        "lang": lang,
        "sentence_langs": json.dumps(other) if other else "",
        "chunk": chunk.index,
        "n_chunks": total,
        "start": chunk.start,
        "end": chunk.end,
        "sentences": json.dumps(chunk.sentences),
        "lead": " ".join(a.text[s:e] for s, e in previous.sentences[-2:]) if previous else "",
        # what the article's abbreviations and its people's given or family names stand for
        "glossary": _glossary(a.text),
        # event dates, read with the article's own date as context, in article offsets
        "dates": json.dumps(
            [
                [d.text, d.start + chunk.start, d.end + chunk.start, d.first, d.last, d.weekday, d.time]
                for d in event_dates(chunk.text, a.published)
            ]
        ),
    }
    node = TextNode(
        id_=chunk_id(a.source, a.content_hash, chunk.index),
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
    """Adds articles to the store and keeps the BM25 index in step with it.

    Every write (an ingest, a BM25 rebuild) holds `lock_path`, a file lock, so threads and
    processes sharing a store write one at a time.
    """

    def __init__(
        self,
        store: ChromaStore,
        embed_model: BaseEmbedding,
        lexical: LexicalIndex,
        max_bytes: int,
        batch_chunks: int = 256,
        lock_path: Path | None = None,
        lock_timeout: float = 600.0,
    ) -> None:
        self.store = store
        self.embed_model = embed_model
        self.lexical = lexical
        self.max_bytes = max_bytes
        self.batch_chunks = batch_chunks
        self.lock = FileLock(str(lock_path or lexical.directory.parent / ".rag-write.lock"))
        self.lock_timeout = lock_timeout

    @contextmanager
    def _locked(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the write lock (StoreUnavailable if another writer holds it past the timeout)."""
        try:
            self.lexical.directory.parent.mkdir(parents=True, exist_ok=True)
            self.lock.acquire(timeout=self.lock_timeout if timeout is None else timeout)
        except Timeout as exc:
            raise StoreUnavailable(
                f"another ingest has been writing to {self.store.where} for over {self.lock_timeout:.0f} s; "
                "try again when it has finished"
            ) from exc
        try:
            yield
        finally:
            self.lock.release()

    def ingest(self, paths: Iterable[Path], progress: bool = False) -> IngestReport:
        """Ingest files and folders; bad files are reported, never fatal to the others.

        Articles are committed in batches, each article whole: a run killed part-way
        leaves finished articles stored and the next run completes the rest. One batch
        is written to Chroma while the next is embedded. Runs that overlap (threads or
        processes) take turns.
        """
        files = list(expand(paths))
        with self._locked():
            return self._ingest(files, progress)

    def _ingest(self, files: list[Path], progress: bool) -> IngestReport:
        from tqdm import tqdm

        added: list[str] = []
        unchanged: list[str] = []
        replaced: list[str] = []
        renamed: list[Renamed] = []
        untitled: list[str] = []
        failed: list[Failure] = []
        pending: list[Pending] = []
        total = 0
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

            for placed in tqdm(self._read(files, failed), desc="Ingesting", unit="file",
                               total=len(files), disable=not progress):  # fmt: skip
                if placed is None:
                    continue
                article, versions = placed.article, placed.stored
                if article.source != placed.path.name:
                    renamed.append(Renamed(str(placed.path), article.source))
                if article.title_from_name:
                    untitled.append(article.source)
                chunks = chunk_article(article)
                if placed.duplicate or versions == {article.content_hash: len(chunks)}:
                    unchanged.append(article.source)
                    continue
                (replaced if set(versions) - {article.content_hash} else added).append(article.source)
                lang = article_language(article)
                nodes = [chunk_node(c, len(chunks), chunks[i - 1] if i else None, placed.origin, lang)
                         for i, c in enumerate(chunks)]  # fmt: skip
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
            self._sync_lexical()
        return IngestReport(
            tuple(added), tuple(unchanged), tuple(replaced), tuple(failed), total, tuple(renamed), tuple(untitled)
        )

    def _read(self, files: list[Path], failed: list[Failure]) -> Iterator[Placed | None]:
        """Each file's article under the name it is to be stored as (None if it failed, noted in
        `failed`); the stored versions are looked up for LOOKUP_FILES files per Chroma call."""
        taken: dict[str, str] = {}  # names given in this run -> content hash
        for start in range(0, len(files), LOOKUP_FILES):
            group: list[tuple[Path, Article | None]] = []
            for path in files[start : start + LOOKUP_FILES]:
                group.append((path, None))
                if not path.exists():
                    failed.append(Failure(str(path), "no such file or folder"))
                    continue
                try:
                    group[-1] = (path, read_article(path, self.max_bytes))
                except BadDocument as exc:
                    failed.append(Failure(str(path), str(exc)))
            known = self.store.versions([a.source for _, a in group if a])
            for path, article in group:
                placed = None
                if article is not None:
                    try:
                        placed = place(self.store, path, article, known, taken)
                    except BadDocument as exc:  # every copy name is taken
                        failed.append(Failure(str(path), str(exc)))
                yield placed

    def sync_lexical(self) -> None:
        """Bring the BM25 index in step with the store, if it is not: an ingest killed part-way, a Chroma
        server filled by another process, or index files that are missing or damaged. Each bot runs
        this when it opens.

        A finished ingest records its BM25 key and chunk count in the collection; when they match and
        the index loads, reading every id (0.8 s at 100k chunks) is not needed. While another writer
        holds the lock, a readable index is left as it is: that writer publishes a new one.
        """
        readable = self._lexical_ok()
        if readable and self.store.index_mark() == (self.lexical.current_key(), self.store.count()):
            return
        try:
            with self._locked(timeout=0 if readable else None):
                self._sync_lexical()
        except StoreUnavailable:  # another writer holds the lock: it publishes a fresh index when done
            if not readable:
                raise

    def repair_lexical(self, failed: str | None, reason: str) -> None:
        """Rebuild the BM25 index from Chroma after a read of the live folder `failed` went wrong
        (`reason`), unless another thread or process has published a good index meanwhile."""
        self.lexical.forget()
        with self._locked():
            if self.lexical.current() not in (failed, None) and self._lexical_ok():
                return
            log.warning("The BM25 index was unusable (%s); rebuilding it from the Chroma store.", reason)
            self._rebuild_lexical(force=True)

    def _lexical_ok(self) -> bool:
        try:
            self.lexical.check()
        except IndexDamaged as exc:
            log.debug("BM25 index check failed: %s", exc)
            return False
        return True

    def _sync_lexical(self) -> None:
        """Under the write lock: compare the index with Chroma's ids and rebuild it if they differ or it is damaged."""
        ids = self.store.ids()
        key = self.lexical.current_key()
        if key != corpus_key(ids) or not self._lexical_ok():
            if key is not None:
                log.warning("The BM25 index did not match the Chroma store or was damaged; rebuilding it.")
            self._rebuild_lexical(force=True)
        else:
            self.store.set_index_mark(key, len(ids))

    def _rebuild_lexical(self, force: bool = False) -> None:
        chunks = self.store.texts()
        self.store.set_index_mark(self.lexical.rebuild(chunks, force=force), len(chunks))

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
