"""create_slack_app(bot, ...) -> slack_bolt.App: mentions, DMs and threads answered with cited replies."""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict
from typing import Any

from slack_bolt import App, BoltResponse
from slack_sdk import WebClient

from rag.bot import Bot
from rag.errors import BadQuestion, RagError
from rag.news import conflict_lines, outlet_line
from rag.types import Answer, Turn

log = logging.getLogger(__name__)
MENTION = re.compile(r"<@[A-Z0-9]+>")
SORRY = "Sorry, something went wrong while answering. Please try again in a moment."
NOT_COVERED = "The articles do not cover this."


def mrkdwn_escape(text: str) -> str:
    """Escape text for Slack mrkdwn: article text must not become links, mentions or markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def answer_blocks(answer: Answer) -> tuple[str, list[dict[str, Any]]]:
    """Block Kit for an answer: the text, then a context block of sources (outlet, date, quote)."""
    if not answer.found:
        text = f"{NOT_COVERED} {answer.text}"
        return text, [{"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn_escape(text)}}]
    blocks: list[dict[str, Any]] = [{"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn_escape(answer.text)}}]
    lines = [f"_{mrkdwn_escape(line)}_" for line in filter(None, [answer.notice])]
    lines += [mrkdwn_escape(line) for line in filter(None, [outlet_line(answer)])]
    lines += [f":warning: {mrkdwn_escape(line)}" for line in conflict_lines(answer)]
    if lines:  # the outlets behind the answer, then a warning line per disagreement
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)}})
    elements = []
    for c in answer.citations[:10]:  # a context block holds at most 10 elements
        quote = c.quote if len(c.quote) <= 280 else c.quote[:277] + "…"
        by = f", {c.author}" if c.author else ""
        line = f"[{c.n}] *{c.outlet or c.title}*, {c.published or 'no date'}{by} ({c.source}): “{quote}”"
        elements.append({"type": "mrkdwn", "text": mrkdwn_escape(line)})
    blocks.append({"type": "context", "elements": elements})
    return answer.text, blocks


def thread_history(client: WebClient, channel: str, thread_ts: str, current_ts: str, bot_user: str) -> list[Turn]:
    """The thread's earlier messages as conversation turns (the bot's own replies as the assistant)."""
    replies = client.conversations_replies(channel=channel, ts=thread_ts, limit=50)
    turns = []
    for m in replies.get("messages", []):
        if m.get("ts") == current_ts:
            break
        mine = bool(m.get("bot_id")) or m.get("user") == bot_user
        text = MENTION.sub("", m.get("text", "")).strip()
        if text:
            turns.append(Turn("assistant" if mine else "user", text))
    return turns


class _Seen:
    """Event ids already handled, so a redelivered event is not answered twice."""

    def __init__(self, size: int = 1000) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def first_time(self, event_id: str) -> bool:
        with self._lock:
            if event_id in self._ids:
                return False
            self._ids[event_id] = None
            if len(self._ids) > self._size:
                self._ids.popitem(last=False)
            return True


def create_slack_app(bot: Bot, bot_token: str, signing_secret: str, api_url: str = "") -> App:
    """A Bolt app answering mentions (in their thread) and direct messages from `bot`."""
    client = WebClient(token=bot_token, base_url=api_url) if api_url else WebClient(token=bot_token)
    app = App(client=client, signing_secret=signing_secret)
    seen = _Seen()

    @app.middleware
    def skip_retries(req: Any, resp: BoltResponse, next: Any) -> BoltResponse:
        """Slack redelivers when it thinks we were slow; the first delivery is already being answered."""
        if req.headers.get("x-slack-retry-num"):
            return BoltResponse(status=200, body="")
        event_id = (req.body or {}).get("event_id")
        if event_id and not seen.first_time(event_id):
            return BoltResponse(status=200, body="")
        return next()

    def reply(event: dict[str, Any], client: WebClient, context: Any, thread_ts: str | None) -> None:
        channel = event["channel"]
        question = MENTION.sub("", event.get("text", "")).strip()
        try:
            history = []
            if event.get("thread_ts"):
                history = thread_history(client, channel, event["thread_ts"], event["ts"], context.bot_user_id or "")
            text, blocks = answer_blocks(bot.ask(question, history=history))
        except BadQuestion as exc:
            text, blocks = f"I could not take that question: {exc}.", None
        except (RagError, Exception):  # a polite word in Slack; the details only in the log
            log.exception("answering a Slack message failed")
            text, blocks = SORRY, None
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks)

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient, context: Any) -> None:
        reply(event, client, context, thread_ts=event.get("thread_ts") or event["ts"])

    @app.event("message")
    def on_message(event: dict[str, Any], client: WebClient, context: Any) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return  # channel messages are answered only when they mention the bot
        reply(event, client, context, thread_ts=event.get("thread_ts"))

    return app


def serve_http(app: App, host: str, port: int) -> None:
    """Serve the Events API at POST /slack/events."""
    import uvicorn
    from slack_bolt.adapter.starlette import SlackRequestHandler
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.routing import Route

    handler = SlackRequestHandler(app)

    async def events(req: Request) -> Any:
        return await handler.handle(req)

    uvicorn.run(Starlette(routes=[Route("/slack/events", events, methods=["POST"])]), host=host, port=port,
                log_level="warning")  # fmt: skip


def serve_socket_mode(app: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode (no public URL needed)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(app, app_token).start()
