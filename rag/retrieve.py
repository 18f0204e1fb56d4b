"""Hybrid retrieval: dense (Chroma + MiniLM) and BM25 (Indonesian stems), fused by reciprocal rank."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.lexical import LexicalIndex
from rag.store import ChromaStore
from rag.text import content_stems, jaccard

if TYPE_CHECKING:
    from llama_index.core.base.base_retriever import BaseRetriever
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import NodeWithScore, QueryBundle


class HybridRetriever:
    """Finds the chunks most likely to answer a query."""

    def __init__(self, store: ChromaStore, embed_model: BaseEmbedding, lexical: LexicalIndex, top_k: int) -> None:
        from llama_index.core import VectorStoreIndex

        self.lexical = lexical
        self.store = store
        self.top_k = top_k
        self.index = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=embed_model)

    def retrieve(self, query: str, k: int | None = None) -> list[NodeWithScore]:
        """The fused top `k` (default top_k) chunks for `query`, best first (empty when the store is empty)."""
        from llama_index.core.llms import MockLLM
        from llama_index.core.retrievers import QueryFusionRetriever

        k = k or self.top_k
        bm25 = self.lexical.retriever(k)
        if bm25 is None:
            return []
        fusion = QueryFusionRetriever(
            [
                self.index.as_retriever(similarity_top_k=k),
                hydrated(bm25, self.store),
            ],  # per call: asks run concurrently
            llm=MockLLM(),
            mode="reciprocal_rerank",
            num_queries=1,  # no LLM query rewriting: the default path runs offline
            similarity_top_k=k * 2,
            use_async=False,
        )
        return diversify(fusion.retrieve(query), k)


def diversify(hits: list[NodeWithScore], k: int, max_overlap: float = 0.6) -> list[NodeWithScore]:
    """The best `k` hits, passing over a chunk that mostly repeats one already kept.

    Outlets copy each other's wording; without this the same statement from four
    articles can fill every slot and push out the passage that answers.
    """
    kept: list[tuple[NodeWithScore, frozenset[str]]] = []
    for hit in hits:
        words = frozenset(content_stems(hit.node.get_content()))
        if all(jaccard(words, w) < max_overlap for _, w in kept):
            kept.append((hit, words))
        if len(kept) == k:
            break
    return [hit for hit, _ in kept]


def hydrated(bm25: BaseRetriever, store: ChromaStore) -> BaseRetriever:
    """BM25 hits with their full nodes from the store, so fusion sees the same nodes as the dense side."""
    from llama_index.core.retrievers import BaseRetriever
    from llama_index.core.schema import NodeWithScore

    class Hydrated(BaseRetriever):
        def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
            hits = bm25.retrieve(query_bundle)
            full = store.get_nodes([h.node.node_id for h in hits])
            return [NodeWithScore(node=full[h.node.node_id], score=h.score) for h in hits if h.node.node_id in full]

    return Hydrated()
