"""News-QA bot: answers questions about news articles, citing them verbatim."""

from rag.bot import Bot
from rag.errors import BadDocument, BadQuestion, ConfigError, RagError, StoreUnavailable
from rag.settings import Settings
from rag.types import Answer, Article, Citation, IngestReport, Turn

__all__ = [
    "Answer",
    "Article",
    "BadDocument",
    "BadQuestion",
    "Bot",
    "Citation",
    "ConfigError",
    "IngestReport",
    "RagError",
    "Settings",
    "StoreUnavailable",
    "Turn",
]
