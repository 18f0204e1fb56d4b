"""The ONNX Runtime embedder gives sentence-transformers' vectors, and falls back to it when it cannot run."""

from __future__ import annotations

import numpy as np

from rag.embedding import OnnxEmbedding, bundled_model_path, load_embedder

TEXTS = [
    "Putin sendiri dalam suratnya berjanji memperdalam hubungan perdagangan dan keamanan dengan Korea Utara.",
    "When did Putin visit North Korea in June 2024?",
    "x",
    "Rutte mengatakan Rusia memberi Korea Utara dukungan untuk program rudal. " * 40,  # past the 256-token limit
]


def test_onnx_vectors_equal_sentence_transformers(embedder):
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    assert isinstance(embedder, OnnxEmbedding)
    reference = HuggingFaceEmbedding(model_name=str(bundled_model_path()), device="cpu")
    ours = np.array(embedder.get_text_embedding_batch(TEXTS))
    theirs = np.array(reference.get_text_embedding_batch(TEXTS))
    assert ours.shape == theirs.shape == (len(TEXTS), 384)
    assert np.all((ours * theirs).sum(axis=1) > 0.9999)
    assert np.allclose(embedder.get_query_embedding(TEXTS[1]), reference.get_query_embedding(TEXTS[1]), atol=1e-4)


def test_without_an_export_it_falls_back_to_sentence_transformers(monkeypatch, tmp_path):
    import rag.embedding

    def broken(*_args):
        raise RuntimeError("Module onnx is not installed!")

    monkeypatch.setattr(rag.embedding, "onnx_file", broken)
    fallback = load_embedder(cache_dir=tmp_path)
    assert type(fallback).__name__ == "HuggingFaceEmbedding"
    assert len(fallback.get_query_embedding("Korea Utara")) == 384
