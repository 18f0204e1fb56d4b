"""build_ui(bot) -> gr.Blocks: chat with a sources panel, and an Articles tab; `rag serve` launches it."""

from __future__ import annotations

import contextlib
import json
import logging
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr
from starlette.middleware import Middleware

from rag import BadQuestion, Bot, IngestReport, RagError, Turn
from rag.text import language
from ui.login import LoginGuard, LoginLimiter
from ui.render import CSS, SOURCES, answer_markdown, chat_message, esc, md, plain, sources_html, upload_markdown

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
    turns = []
    for m in messages:
        if m.get("role") in ("user", "assistant"):  # an answer's source list is not part of what it said
            turns.append(Turn(m["role"], plain(_text(m.get("content")).split(SOURCES, 1)[0])))
    return turns


def _pieces(text: str, steps: int = 12) -> Iterator[str]:
    words = text.split(" ")
    size = max(1, len(words) // steps)
    for i in range(size, len(words) + size, size):
        yield " ".join(words[:i])


NO_DATE = "no date"  # the page shows no publication date; none is guessed


def doc_rows(bot: Bot) -> list[list[Any]]:
    """The ingested articles as table rows."""
    return [
        [d["source"], d["outlet"] or "", d["published"] or NO_DATE, d["author"] or "", d["title"], d["chunks"]]
        for d in bot.docs()
    ]


def failure_note(exc: Exception, what: str) -> str:
    """One line for the user: a library error's own message; for anything else an apology with a reference,
    which the log line holding the traceback also names."""
    if isinstance(exc, RagError):
        if not isinstance(exc, BadQuestion):
            log.warning("%s failed: %s", what, exc)
        return str(exc)
    ref = secrets.token_hex(4)
    log.error("%s failed (reference %s)", what, ref, exc_info=exc)
    return (
        f"Sorry, something went wrong on the server and the {what} did not go through. "
        f"The server log has the details under reference {ref}."
    )


def warn(exc: Exception, what: str) -> None:
    """Show `failure_note` as a warning; an unexpected failure's stays until closed (its reference can be copied)."""
    gr.Warning(esc(failure_note(exc, what)), duration=10 if isinstance(exc, RagError) else None)


def discard(files: list[Path]) -> None:
    """Delete uploads from Gradio's temporary folder, and the folder Gradio made for each, once empty."""
    for f in files:
        f.unlink(missing_ok=True)
        with contextlib.suppress(OSError):  # not empty: another upload of the same bytes under another name
            f.parent.rmdir()


def build_ui(bot: Bot, uploads_dir: Path | None = None) -> gr.Blocks:
    """The web app wired to `bot`; uploaded articles are kept in `uploads_dir` under the name they are stored as."""
    uploading = threading.Lock()  # an ingest and the moves of its files, one upload at a time

    def respond(message: str, history: list[dict[str, Any]]) -> Iterator[tuple[Any, str, str]]:
        if not message.strip():  # e.g. a second Enter, run after the first took the question out of the box
            yield gr.skip(), gr.skip(), gr.skip()
            return
        turns = to_history(history)
        shown = [*history, {"role": "user", "content": md(message)}]
        yield shown, gr.skip(), ""  # the question moves into the chat at once, before the answer is ready
        written = ""
        try:
            for event in bot.stream(message, history=turns):
                if isinstance(event, str):  # an LLM writing: show its words as they come
                    written += event
                    yield [*shown, {"role": "assistant", "content": md(written)}], gr.skip(), gr.skip()
                else:
                    answer = event
        except Exception as exc:
            warn(exc, "question")
            yield history, gr.skip(), message  # the question goes back into the textbox
            return
        # from here on the textbox is left alone: the user may be typing the next question
        reply = chat_message(answer, language(message))
        for partial in [] if written else _pieces(reply):  # an extractive answer is written out in pieces
            yield [*shown, {"role": "assistant", "content": partial}], sources_html(answer), gr.skip()
            time.sleep(0.04)
        yield [*shown, {"role": "assistant", "content": reply}], sources_html(answer), gr.skip()

    def chat_api(message: str) -> str:
        """Ask one question; returns the answer as Markdown ending with a numbered source list."""
        try:
            return answer_markdown(bot.ask(message))
        except Exception as exc:
            return f"Cannot answer: {md(failure_note(exc, 'question'))}"

    def list_docs() -> list[list[Any]]:
        try:
            return doc_rows(bot)
        except Exception as exc:
            warn(exc, "list of articles")
            return []

    def keep(files: list[Path], report: IngestReport) -> str:
        """Move each stored upload into `uploads_dir` under the name it is stored as; a warning line if that failed."""
        if uploads_dir is None:
            return ""
        try:
            uploads_dir.mkdir(parents=True, exist_ok=True)
            for f in files:
                if name := report.stored_as(f):
                    shutil.move(f, uploads_dir / name)  # over the file of the version it replaced, if any
        except OSError as exc:
            return f"\n\n**Warning:** {md(failure_note(exc, f'copy into {uploads_dir}'))}"
        return ""

    def add_files(
        uploads: list[dict[str, Any]] | None,
        progress: gr.Progress = gr.Progress(track_tqdm=True),  # noqa: B008
    ) -> tuple[str, Any, Any]:
        # the raw upload payload (preprocess=False): gr.File's own preprocessing leaves an empty temp file per upload
        if not uploads:
            return "Choose one or more .txt, .md or .html files first.", gr.skip(), gr.skip()
        files = [Path(u["path"]) for u in uploads]  # each where Gradio put it, which is how ingest tells uploads apart
        try:
            with uploading:
                report = bot.ingest(files, progress=True)
                note = keep(files, report)
            return upload_markdown(report, files) + note, doc_rows(bot), None
        except Exception as exc:
            return f"**Not added:** {md(failure_note(exc, 'upload'))}", gr.skip(), None
        finally:
            discard(files)  # rejected uploads, and what is left of the kept ones

    with gr.Blocks(title="News QA") as demo:
        gr.Markdown(
            "## News QA\nAnswers come only from the ingested news articles, quoted verbatim with numbered sources."
        )
        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="Conversation", height=480, allow_tags=False, latex_delimiters=[],
                                     elem_id="chat")  # fmt: skip
                question = gr.Textbox(placeholder="Ask about the articles (Indonesian or English)…",
                                      show_label=False, elem_id="question")  # fmt: skip
                with gr.Row():
                    send = gr.Button("Ask", variant="primary", elem_id="ask")
                    new = gr.Button("New conversation", elem_id="new")
                gr.Examples(EXAMPLES, inputs=question, label="Try")
            with gr.Column(scale=2):
                sources = gr.HTML(sources_html(None), elem_id="sources")
        with gr.Tab("Articles"):
            table = gr.Dataframe(value=list_docs, headers=DOC_HEADERS, interactive=False, elem_id="articles")
            upload = gr.File(label="Add articles (.txt, .md, .html)", file_count="multiple",
                             file_types=[".txt", ".md", ".html", ".htm"], elem_id="upload")  # fmt: skip
            add = gr.Button("Add to the articles", variant="primary", elem_id="add")
            report = gr.Markdown(elem_id="report")

        for trigger in (question.submit, send.click):
            # always_last: an Ask while the last answer is still finishing runs after it (Gradio's default drops it)
            trigger(respond, [question, chatbot], [chatbot, sources, question], trigger_mode="always_last",
                    api_visibility="private")  # fmt: skip
        # in the browser, with no round trip: a reply arriving late would wipe a question typed meanwhile
        new.click(None, None, [chatbot, sources, question], js=f"() => [[], {json.dumps(sources_html(None))}, '']")
        add.click(add_files, upload, [report, table, upload], preprocess=False, api_visibility="private")
        gr.api(chat_api, api_name="chat")
    return demo


def serve(
    bot: Bot,
    host: str = "127.0.0.1",
    port: int = 7860,
    auth: tuple[str, str] | None = None,
    concurrency: int = 4,
    uploads_dir: Path | None = None,
    max_file_mb: float | None = None,
    login_failures: int = 5,
    login_window: float = 60.0,
    block: bool = True,
) -> gr.Blocks:
    """Launch the web app; block until interrupted unless `block` is False (then close() the returned app).

    With `auth`, `login_failures` failed logins within `login_window` seconds lock a client or the user out
    (see LoginLimiter). Uploads over `max_file_mb` are refused by Gradio before they reach the disk.
    """
    app = build_ui(bot, uploads_dir)
    app.queue(default_concurrency_limit=concurrency)
    limiter = LoginLimiter(*auth, max_failures=login_failures, window=login_window) if auth else None
    app.launch(
        server_name=host,
        server_port=port,
        auth=limiter,
        auth_message=f"After {login_failures} failed logins, logins from that address or as that user are refused "
        f"for {login_window:g} s or longer, even with the right password.",
        app_kwargs={"middleware": [Middleware(LoginGuard)]} if limiter else None,
        max_file_size=int(max_file_mb * 1_000_000) if max_file_mb else None,
        ssr_mode=False,  # Python serves the page itself, so a login's client address is the client's own
        show_error=False,
        css=CSS,
        footer_links=["api"],
        prevent_thread_lock=not block,
        quiet=not block,
    )
    return app
