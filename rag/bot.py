"""Bot: the facade every adapter uses (ingest, ask, stats, docs)."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.answer import ExtractiveAnswerer, answered, quoted
from rag.errors import BadQuestion, StoreUnavailable
from rag.generate import LLMAnswerer
from rag.ingest import Ingestor, chunk_id
from rag.lexical import IndexDamaged
from rag.query import Query, analyse
from rag.retrieve import HybridRetriever
from rag.settings import Settings
from rag.store import ChromaStore
from rag.types import Answer, IngestReport, Turn

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import NodeWithScore

    from rag.ranker import Ranker

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# one question in each language, with an irregular English form: every word resource is read for them
WARM_QUESTIONS = ("Who won the vote and when?", "Siapa yang menang dan kapan?")


class Bot:
    """Answers questions about the ingested articles, citing them."""

    def __init__(
        self,
        store: ChromaStore,
        ingestor: Ingestor,
        retriever: HybridRetriever,
        answerer: ExtractiveAnswerer | LLMAnswerer,
        max_question_chars: int = 2000,
        whole_articles: int = 0,
    ) -> None:
        self.store = store
        self.ingestor = ingestor
        self.retriever = retriever
        self.answerer = answerer
        self.max_question_chars = max_question_chars
        self.whole_articles = whole_articles  # the best-ranked articles whose every chunk the answerer weighs

    @classmethod
    def from_settings(
        cls, settings: Settings | None = None, embedder: BaseEmbedding | None = None, ranker: Ranker | None = None
    ) -> Bot:
        """Build the real parts (Chroma, MiniLM, BM25) from settings (env and .env by default).

        `embedder` lets callers that hold a loaded model (tests, benchmarks) share it; `ranker` replaces the
        trained sentence ranker (training does, before there is one).
        """
        from rag.embedding import load_embedder
        from rag.lexical import LexicalIndex
        from rag.llm import build_llm
        from rag.ranker import load

        s = settings or Settings()
        llm = build_llm(s)  # first: a setting that is wrong fails before the model loads
        store = ChromaStore.open(s.store_dir, s.collection, s.chroma_host, s.chroma_port)
        embedder = embedder or load_embedder(s.embed_model, s.embed_batch_size, s.cache_dir)
        lexical = LexicalIndex(s.store_dir / "bm25")
        ingestor = Ingestor(store, embedder, lexical, int(s.max_file_mb * 1_000_000), s.ingest_batch_chunks,
                            lock_path=s.store_dir / ".rag-write.lock")  # fmt: skip
        ingestor.sync_lexical()
        extractive = ExtractiveAnswerer(ranker or load(), s.min_evidence)
        return cls(
            store=store,
            ingestor=ingestor,
            retriever=HybridRetriever(store, embedder, lexical, s.top_k),
            answerer=LLMAnswerer(llm, extractive, s.top_k, serial=s.llm == "gguf") if llm else extractive,
            max_question_chars=s.max_question_chars,
            whole_articles=s.whole_articles,
        )

    def warm(self) -> None:
        """Read a question in each language now, so that the word resources and the language model are
        loaded before the first user asks: a server does this at start-up (and a missing resource stops
        it there, with its set-up step)."""
        for question in WARM_QUESTIONS:
            analyse(question)

    def ingest(self, paths: Iterable[str | Path], progress: bool = False) -> IngestReport:
        """Add or update articles from files and folders; unchanged files are skipped."""
        return self.ingestor.ingest([Path(p) for p in paths], progress=progress)

    def ask(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        """Answer `question` from the articles; `history` holds the earlier turns of the conversation."""
        query = self.understand(self._check(question), history)
        return self.answerer.answer(query, self.passages(query))

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        """Like `ask`, but yields the answer's text as an LLM writes it (if one is set), then the Answer."""
        query = self.understand(self._check(question), history)
        yield from self.answerer.stream(query, self.passages(query))

    def retrieved_sources(self, question: str, history: Sequence[Turn] = ()) -> list[str]:
        """Source file of each chunk `ask` would read, best first (for evaluating retrieval)."""
        query = self.understand(self._check(question), history)
        return [str(n.node.metadata["source"]) for n in self.passages(query)]

    def passages(self, query: Query) -> list[NodeWithScore]:
        """The passages the answer is drawn from: the retrieved chunks, then the rest of their best articles."""
        # "the latest" reads more passages, so newer articles that rank lower are still weighed
        nodes = self._retrieve(query.search_text, self.retriever.top_k * (2 if query.recency else 1))
        if query.intent == "author" and nodes and (author := nodes[0].node.metadata.get("author")):
            seen = {n.node.node_id for n in nodes}  # fetch the byline that names the author
            nodes += [n for n in self._retrieve(str(author)) if n.node.node_id not in seen]
        if not nodes:
            raise StoreUnavailable(f"no articles in {self.store.where}: run `rag ingest` first")
        return nodes + self._rest_of_articles(nodes)

    def _rest_of_articles(self, nodes: list[NodeWithScore]) -> list[NodeWithScore]:
        """The other chunks of the best-ranked articles, after the retrieved ones: the sentence that answers
        often sits in a paragraph that shares few words with the question ("disaksikan" for "watched").
        Their ids follow from the article and its chunk count, so one read by id fetches them."""
        from llama_index.core.schema import NodeWithScore

        seen = {n.node.node_id for n in nodes}
        articles: dict[tuple[str, str], int] = {}
        for n in nodes:
            meta = n.node.metadata
            key = (str(meta["source"]), str(meta.get("content_hash") or ""))
            if key not in articles and len(articles) < self.whole_articles:
                articles[key] = int(meta.get("n_chunks") or 0)
        wanted = [chunk_id(source, version, i) for (source, version), count in articles.items() for i in range(count)]
        found = self.store.get_nodes([i for i in wanted if i not in seen])
        return [NodeWithScore(node=found[i], score=0.0) for i in wanted if i in found]

    def _retrieve(self, text: str, k: int | None = None) -> list[NodeWithScore]:
        """Retrieve, repairing the BM25 index from Chroma once if it is missing, damaged or out of step."""
        for attempt in (1, 2):
            try:
                nodes = self.retriever.retrieve(text, k)
            except IndexDamaged as exc:
                if attempt == 2:
                    raise StoreUnavailable(f"the search index of {self.store.where} cannot be read: {exc}") from exc
                self.ingestor.repair_lexical(exc.folder, str(exc))
                continue
            # an empty result is counted only here: Chroma's count takes 7 ms at 100k chunks
            if nodes or attempt == 2 or self.store.count() == 0:
                return nodes
            live = self.retriever.lexical.current()
            self.ingestor.repair_lexical(live, "the BM25 index is empty but the store holds chunks")
        return []

    def understand(self, question: str, history: Sequence[Turn]) -> Query:
        """The question as the answerer weighs it: its terms and intent, with what a follow-up refers to."""
        if history and isinstance(self.answerer, LLMAnswerer):  # the LLM rewrites a follow-up to stand alone
            return analyse(self.answerer.condense(question, history))
        said = [Turn(t.role, quoted(t.content) if t.role == "assistant" else t.content) for t in history]
        last = next((t.content for t in reversed(history) if t.role == "assistant"), "")
        return analyse(question, said, answered(last))  # an earlier answer counts by what it quoted

    def _check(self, question: str) -> str:
        if not isinstance(question, str):
            raise BadQuestion("the question must be text")
        cleaned = " ".join(_CONTROL.sub(" ", question).split())
        if not cleaned:
            raise BadQuestion("the question is empty; type a question about the articles")
        if len(cleaned) > self.max_question_chars:
            raise BadQuestion(
                f"the question is {len(cleaned)} characters long; the limit is {self.max_question_chars} "
                "(RAG_MAX_QUESTION_CHARS)"
            )
        try:
            cleaned.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise BadQuestion("the question holds characters that are not valid Unicode text") from exc
        if not any(ch.isalnum() for ch in cleaned):
            raise BadQuestion("the question has no words in it")
        return cleaned

    def stats(self) -> dict[str, int]:
        """How many articles and chunks the store holds."""
        docs = self.store.docs()
        return {"documents": len(docs), "chunks": sum(d["chunks"] for d in docs)}

    def docs(self) -> list[dict[str, Any]]:
        """One dict per article: source, title, outlet, published, author, chunks."""
        return self.store.docs()


def ready_to_serve(bot: Bot) -> Bot:
    """`bot` warmed, and what start-up loaded (the store's search index, the word resources) kept out of
    the garbage collector's full passes with `gc.freeze`: it lives as long as the process, and walking its
    objects on every full collection made a question's own allocations slower."""
    bot.warm()
    gc.collect()
    gc.freeze()
    return bot
