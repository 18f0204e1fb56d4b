"""Hybrid retrieval: dense (Chroma + MiniLM) and BM25 (Indonesian stems), fused by reciprocal rank."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rag.lexical import LexicalIndex
from rag.store import ChromaStore

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from llama_index.core.schema import NodeWithScore


class HybridRetriever:
    """Finds the chunks most likely to answer a query."""

    def __init__(self, store: ChromaStore, embed_model: BaseEmbedding, lexical: LexicalIndex, top_k: int) -> None:
        from llama_index.core import VectorStoreIndex

        self.lexical = lexical
        self.top_k = top_k
        index = VectorStoreIndex.from_vector_store(store.vector_store, embed_model=embed_model)
        self.dense = index.as_retriever(similarity_top_k=top_k)

    def retrieve(self, query: str) -> list[NodeWithScore]:
        """The fused top chunks for `query`, best first (empty when the store is empty)."""
        from llama_index.core.llms import MockLLM
        from llama_index.core.retrievers import QueryFusionRetriever

        bm25 = self.lexical.retriever(self.top_k)
        if bm25 is None:
            return []
        fusion = QueryFusionRetriever(
            [self.dense, bm25],
            llm=MockLLM(),
            mode="reciprocal_rerank",
            num_queries=1,  # no LLM query rewriting: the default path runs offline
            similarity_top_k=self.top_k,
            use_async=False,
        )
        return fusion.retrieve(query)
