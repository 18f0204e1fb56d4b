"""build_ui(bot) -> gr.Blocks: chat with a sources panel, and an Articles tab; `rag serve` launches it."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from rag import BadQuestion, Bot, RagError, Turn
from rag.text import language
from ui.render import CSS, answer_markdown, chat_message, esc, sources_html

log = logging.getLogger(__name__)
EXAMPLES = [
    "Siapa Sekretaris Jenderal NATO yang berbicara tentang Korea Utara pada Desember 2024?",
    "Negara mana saja yang menurut Stoltenberg mendukung perang Rusia di Ukraina?",
    "What did Donald Trump promise about the war in Ukraine?",
    "Where did Putin and Kim Jong Un hold their talks?",
]
DOC_HEADERS = ["File", "Outlet", "Published", "Author", "Title", "Chunks"]


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


def _pieces(text: str, steps: int = 12) -> Iterator[str]:
    words = text.split(" ")
    size = max(1, len(words) // steps)
    for i in range(size, len(words) + size, size):
        yield " ".join(words[:i])


def doc_rows(bot: Bot) -> list[list[Any]]:
    """The ingested articles as table rows."""
    return [
        [d["source"], d["outlet"] or "", d["published"] or "", d["author"] or "", d["title"], d["chunks"]]
        for d in bot.docs()
    ]


def build_ui(bot: Bot, uploads_dir: Path | None = None) -> gr.Blocks:
    """The web app wired to `bot`; uploads are kept in `uploads_dir` (default: a temp folder)."""
    keep = uploads_dir

    def respond(message: str, history: list[dict[str, Any]]) -> Iterator[tuple[Any, str, str]]:
        turns = to_history(history)
        shown = [*history, {"role": "user", "content": esc(message)}]
        yield shown, gr.skip(), ""  # the question shows at once, before the answer is ready
        written = ""
        try:
            for event in bot.stream(message, history=turns):
                if isinstance(event, str):  # an LLM writing: show its words as they come
                    written += event
                    yield [*shown, {"role": "assistant", "content": esc(written)}], gr.skip(), ""
                else:
                    answer = event
        except BadQuestion as exc:
            gr.Warning(str(exc))
            yield history, gr.skip(), message
            return
        except RagError as exc:
            log.exception("ask failed")
            gr.Warning(str(exc))
            yield history, gr.skip(), message
            return
        reply = chat_message(answer, language(message))
        for partial in [] if written else _pieces(reply):  # an extractive answer is written out in pieces
            yield [*shown, {"role": "assistant", "content": partial}], sources_html(answer), ""
            time.sleep(0.04)
        yield [*shown, {"role": "assistant", "content": reply}], sources_html(answer), ""

    def chat_api(message: str) -> str:
        """Ask one question; returns the answer as Markdown ending with a numbered source list."""
        try:
            return answer_markdown(bot.ask(message))
        except RagError as exc:
            if not isinstance(exc, BadQuestion):
                log.exception("ask failed")
            return f"Cannot answer: {esc(str(exc))}"

    def add_files(files: list[str] | None, progress: gr.Progress = gr.Progress(track_tqdm=True)) -> tuple[str, Any]:  # noqa: B008
        if not files:
            return "Choose one or more .txt, .md or .html files first.", gr.skip()
        target = keep or Path(files[0]).parent
        target.mkdir(parents=True, exist_ok=True)
        copies = []
        for f in files:
            dest = target / Path(f).name
            if Path(f).resolve() != dest.resolve():
                shutil.copyfile(f, dest)
            copies.append(dest)
        try:
            report = bot.ingest(copies, progress=True)
        except RagError as exc:
            log.exception("ingest failed")
            return f"**Error:** {esc(str(exc))}", gr.skip()
        lines = [
            f"**Added** {len(report.added)} · **replaced** {len(report.replaced)} · "
            f"**unchanged** {len(report.unchanged)} · **failed** {len(report.failed)}"
        ]
        lines += [f"- added `{esc(name)}`" for name in (*report.added, *report.replaced)]
        lines += [f"- **not added** `{esc(Path(f.path).name)}`: {esc(f.reason)}" for f in report.failed]
        return "\n".join(lines), doc_rows(bot)

    with gr.Blocks(title="News QA") as demo:
        gr.Markdown(
            "## News QA\nAnswers come only from the ingested news articles, quoted verbatim with numbered sources."
        )
        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Conversation", height=480, allow_tags=False, elem_id="chat")
                question = gr.Textbox(placeholder="Ask about the articles (Indonesian or English)…",
                                      show_label=False, elem_id="question")  # fmt: skip
                with gr.Row():
                    send = gr.Button("Ask", variant="primary", elem_id="ask")
                    new = gr.Button("New conversation", elem_id="new")
                gr.Examples(EXAMPLES, inputs=question, label="Try")
            with gr.Column(scale=2):
                sources = gr.HTML(sources_html(None), elem_id="sources")
        with gr.Tab("Articles"):
            table = gr.Dataframe(value=lambda: doc_rows(bot), headers=DOC_HEADERS, interactive=False,
                                 elem_id="articles")  # fmt: skip
            upload = gr.File(label="Add articles (.txt, .md, .html)", file_count="multiple",
                             file_types=[".txt", ".md", ".html", ".htm"], elem_id="upload")  # fmt: skip
            add = gr.Button("Add to the articles", variant="primary", elem_id="add")
            report = gr.Markdown(elem_id="report")

        for trigger in (question.submit, send.click):
            trigger(respond, [question, chatbot], [chatbot, sources, question], api_visibility="private")
        new.click(lambda: ([], sources_html(None), ""), None, [chatbot, sources, question], api_visibility="private")
        add.click(add_files, upload, [report, table], api_visibility="private")
        gr.api(chat_api, api_name="chat")
    return demo


def serve(
    bot: Bot,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: tuple[str, str] | None = None,
    concurrency: int = 4,
    uploads_dir: Path | None = None,
) -> None:
    """Launch the web app and block until interrupted."""
    app = build_ui(bot, uploads_dir)
    app.queue(default_concurrency_limit=concurrency)
    app.launch(server_name=host, server_port=port, auth=auth, show_error=False, css=CSS, footer_links=["api"])
