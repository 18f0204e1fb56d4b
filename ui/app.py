"""build_ui(bot) -> gr.Blocks: a chat over the articles; `rag serve` launches it."""

from __future__ import annotations

import html
import logging
from typing import Any

import gradio as gr

from rag import Answer, BadQuestion, Bot, RagError, Turn

log = logging.getLogger(__name__)
EXAMPLES = [
    "Siapa Sekretaris Jenderal NATO yang berbicara tentang Korea Utara pada Desember 2024?",
    "Apa yang dijanjikan Putin dalam suratnya sebelum kunjungan ke Korea Utara?",
    "What did Donald Trump promise about the war in Ukraine?",
]


def _text(value: Any) -> str:
    """Gradio message content may be a string or a list of parts; keep the text."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return str(value.get("text", ""))
    return str(value or "")


def to_history(messages: list[dict[str, Any]]) -> list[Turn]:
    """Gradio's message dicts -> Turns."""
    return [Turn(m["role"], _text(m.get("content"))) for m in messages if m.get("role") in ("user", "assistant")]


def answer_markdown(answer: Answer) -> str:
    """The answer as Markdown ending with a numbered source list; article text is escaped, never rendered."""
    lines = [html.escape(answer.text, quote=False)]
    if answer.citations:
        lines += ["", "**Sources**", ""]
        for c in answer.citations:
            dated = f", {c.published}" if c.published else ""
            lines.append(f"{c.n}. `{c.source}`, {html.escape(c.outlet or '-')}{dated}: “{html.escape(c.quote)}”")
    return "\n".join(lines)


def build_ui(bot: Bot) -> gr.Blocks:
    """The chat app, wired to `bot.ask`; callable through the API as /chat."""

    def chat(message: str, history: list[dict[str, Any]]) -> str:
        try:
            return answer_markdown(bot.ask(message, history=to_history(history)))
        except BadQuestion as exc:
            gr.Warning(str(exc))
            return f"⚠️ {html.escape(str(exc))}"
        except RagError as exc:
            log.exception("ask failed")
            gr.Warning(str(exc))
            return f"⚠️ {html.escape(str(exc))}"

    return gr.ChatInterface(
        chat,
        title="News QA",
        description="Answers come only from the ingested news articles, with verbatim citations.",
        examples=EXAMPLES,
        api_name="chat",
        concurrency_limit=4,
    )


def serve(bot: Bot, host: str = "127.0.0.1", port: int = 7860) -> None:
    """Launch the web chat and block until interrupted."""
    build_ui(bot).queue(default_concurrency_limit=4).launch(server_name=host, server_port=port, show_error=False)
