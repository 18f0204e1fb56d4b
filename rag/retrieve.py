"""Hybrid retrieval: dense (Chroma + MiniLM) and BM25 (Indonesian stems), fused by reciprocal rank."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rag.lexical import LexicalIndex
from rag.store import ChromaStore
from rag.text import content_stems, jaccard

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import NodeWithScore

RRF_K = 60.0  # the constant of reciprocal rank fusion (Cormack et al. 2009; llama-index's QueryFusionRetriever too)


class HybridRetriever:
    """Finds the chunks most likely to answer a query.

    Both sides rank chunk ids only; the fused best are then read from Chroma in one call.
    llama-index's VectorIndexRetriever + QueryFusionRetriever read and parse every hit of
    both sides first, which cost about a quarter of an ask at 100k chunks (README, Benchmark).
    """

    def __init__(self, store: ChromaStore, embed_model: BaseEmbedding, lexical: LexicalIndex, top_k: int) -> None:
        self.lexical = lexical
        self.store = store
        self.embed_model = embed_model
        self.top_k = top_k

    def retrieve(self, query: str, k: int | None = None) -> list[NodeWithScore]:
        """The fused top `k` (default top_k) chunks for `query`, best first (empty when the store is empty)."""
        from llama_index.core.schema import NodeWithScore

        k = k or self.top_k
        lexical = self.lexical.search(query, k)
        if lexical is None:
            return []
        dense = self.store.nearest(self.embed_model.get_query_embedding(query), k)
        fused = reciprocal_rank([dense, lexical])[: k * 2]
        nodes = self.store.get_nodes([i for i, _ in fused])
        return diversify([NodeWithScore(node=nodes[i], score=s) for i, s in fused if i in nodes], k)


def reciprocal_rank(rankings: Sequence[Sequence[str]]) -> list[tuple[str, float]]:
    """Ids by the sum of 1 / (RRF_K + rank) over the rankings that hold them, best first (ties: first seen)."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, node_id in enumerate(ranking):
            scores[node_id] = scores.get(node_id, 0.0) + 1.0 / (RRF_K + rank)
    return sorted(scores.items(), key=lambda item: item[1], reverse=True)


def diversify(hits: list[NodeWithScore], k: int, max_overlap: float = 0.6) -> list[NodeWithScore]:
    """The best `k` hits, passing over a chunk that mostly repeats one already kept.

    Outlets copy each other's wording; without this the same statement from four
    articles can fill every slot and push out the passage that answers.
    """
    kept: list[tuple[NodeWithScore, frozenset[str]]] = []
    for hit in hits:
        lang = str(hit.node.metadata.get("lang") or "") or None  # stored at ingest: no detection per question
        words = frozenset(content_stems(hit.node.get_content(), lang))
        if all(jaccard(words, w) < max_overlap for _, w in kept):
            kept.append((hit, words))
        if len(kept) == k:
            break
    return [hit for hit, _ in kept]
