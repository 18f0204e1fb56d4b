"""News-QA bot: answers questions about news articles, citing them verbatim."""

from rag.bot import Bot
from rag.errors import BadDocument, BadQuestion, ConfigError, RagError, StoreUnavailable
from rag.news import conflict_lines, outlet_line
from rag.settings import Settings
from rag.types import Answer, Article, Citation, Conflict, FactValue, IngestReport, Renamed, Turn

__all__ = [
    "Answer",
    "Article",
    "BadDocument",
    "BadQuestion",
    "Bot",
    "Citation",
    "ConfigError",
    "Conflict",
    "FactValue",
    "IngestReport",
    "RagError",
    "Renamed",
    "Settings",
    "StoreUnavailable",
    "Turn",
    "conflict_lines",
    "outlet_line",
]
