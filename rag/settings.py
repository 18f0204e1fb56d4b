"""All configuration, read once from the environment and `.env` (prefix RAG_)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """The bot's settings; the only place that reads the environment."""

    model_config = SettingsConfigDict(env_prefix="RAG_", env_file=".env", extra="ignore", populate_by_name=True)

    store_dir: Path = Field(Path("store"), description="folder of the embedded Chroma store and BM25 index")
    seeds_dir: Path = Field(Path("seeds"), description="articles ingested by default")
    collection: str = Field("articles", description="Chroma collection name")
    chroma_host: str = Field("", description="Chroma server host; empty = embedded store in store_dir")
    chroma_port: int = Field(8000, description="Chroma server port")
    embed_model: str = Field("", description="sentence-transformers model folder; empty = bundled MiniLM")
    cache_dir: Path = Field(
        default_factory=lambda: Path.home() / ".cache" / "rag-news",
        description="where the embedding model exported to ONNX is kept (made once, ~15 s)",
    )
    embed_batch_size: int = Field(8, ge=1, description="texts embedded per batch")
    ingest_batch_chunks: int = Field(256, ge=1, description="chunks committed to the store at a time during ingest")
    top_k: int = Field(8, ge=1, le=50, description="passages retrieved per question")
    min_evidence: float | None = Field(
        None, ge=0.0, le=1.0, description="score below which the bot refuses; empty = the ranker's calibrated one"
    )
    whole_articles: int = Field(3, ge=0, le=20, description="best-ranked articles whose every passage is weighed")
    max_question_chars: int = Field(2000, ge=10, description="longest question accepted")
    max_file_mb: float = Field(20.0, gt=0, description="largest article file accepted, in MB")
    host: str = Field("127.0.0.1", description="address the web chat binds to")
    port: int = Field(7860, description="port of the web chat")
    auth_user: str = Field("", description="user name for the web chat's basic auth; empty = no login")
    auth_password: SecretStr = Field(SecretStr(""), description="password for the web chat's basic auth")
    login_max_failures: int = Field(5, ge=1, description="failed logins per client, or for the user, before a lockout")
    login_window_s: float = Field(60.0, gt=0, description="seconds failures count for; the first lockout's length")
    concurrency: int = Field(4, ge=1, description="questions the web chat answers at the same time")
    slack_bot_token: SecretStr = Field(
        SecretStr(""),
        validation_alias=AliasChoices("SLACK_BOT_TOKEN", "RAG_SLACK_BOT_TOKEN"),
        description="xoxb- token",
    )
    slack_signing_secret: SecretStr = Field(
        SecretStr(""), validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "RAG_SLACK_SIGNING_SECRET")
    )
    slack_app_token: SecretStr = Field(
        SecretStr(""),
        validation_alias=AliasChoices("SLACK_APP_TOKEN", "RAG_SLACK_APP_TOKEN"),
        description="xapp- token",
    )
    slack_api_url: str = Field("", validation_alias=AliasChoices("SLACK_API_URL", "RAG_SLACK_API_URL"))
    llm: Literal["none", "openai", "ollama", "gguf"] = Field(
        "none",
        description="none = extractive answers; openai = any OpenAI-compatible endpoint; ollama; gguf = local file",
    )
    llm_base_url: str = Field("", description="OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1")
    llm_model: str = Field("", description="model name at the endpoint (or in Ollama)")
    llm_api_key: SecretStr = Field(SecretStr(""), description="API key for the endpoint, if it needs one")
    ollama_url: str = Field("http://127.0.0.1:11434", description="Ollama server")
    gguf_path: Path | None = Field(
        None, description="GGUF model file for RAG_LLM=gguf; empty = the bundled gemma3 270M"
    )
    llm_timeout: float = Field(30.0, gt=0, description="seconds to wait for the LLM before answering extractively")
    llm_max_tokens: int = Field(400, ge=16, description="longest LLM answer, in tokens")
    slack_host: str = Field("127.0.0.1", description="address `rag slack --http` binds to")
    slack_port: int = Field(3000, description="port of `rag slack --http`")
    slack_max_body_bytes: int = Field(1_000_000, ge=1, description="larger Events API requests get 413, unread")

    @field_validator("gguf_path", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value in ("", None) else value
