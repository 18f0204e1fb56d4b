"""create_slack_app(bot, ...) -> slack_bolt.App: mentions, DMs and threads answered with cited replies."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import threading
import time
from collections import OrderedDict
from contextlib import aclosing
from typing import TYPE_CHECKING, Any

from slack_bolt import App, BoltRequest, BoltResponse
from slack_bolt.error import BoltUnhandledRequestError
from slack_sdk import WebClient

from rag.bot import Bot
from rag.errors import BadQuestion, RagError
from rag.news import conflict_lines, outlet_line
from rag.types import Answer, Turn

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request

log = logging.getLogger(__name__)
MENTION = re.compile(r"<@[A-Z0-9]+>")
SORRY = "Sorry, something went wrong while answering. Please try again in a moment."
NOT_COVERED = "The articles do not cover this."
MAX_BODY_BYTES = 1_000_000
MAX_AGE_SECONDS = 5 * 60  # Slack's rule: older signed requests may be replays
TIMESTAMP = re.compile(r"[0-9]{1,12}")


def mrkdwn_escape(text: str) -> str:
    """Escape text for Slack mrkdwn: article text must not become links or mentions (`<url|text>`, `<!channel>`).

    Slack defines no escape for `*`, `_`, `~` and backticks, so those may still style the text.
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def mrkdwn(text: str) -> dict[str, Any]:
    """A mrkdwn text object for `text` (already escaped); verbatim, so Slack links no bare URL or name in it."""
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def answer_blocks(answer: Answer) -> tuple[str, list[dict[str, Any]]]:
    """Block Kit for an answer: the text, then a context block of sources (outlet, date, quote).

    Both parts are escaped mrkdwn, the fallback text too: Slack reads it as mrkdwn for notifications.
    """
    if not answer.found:
        text = mrkdwn_escape(f"{NOT_COVERED} {answer.text}")
        return text, [{"type": "section", "text": mrkdwn(text)}]
    blocks: list[dict[str, Any]] = [{"type": "section", "text": mrkdwn(mrkdwn_escape(answer.text))}]
    lines = [f"_{mrkdwn_escape(line)}_" for line in filter(None, [answer.notice])]
    lines += [mrkdwn_escape(line) for line in filter(None, [outlet_line(answer)])]
    lines += [f":warning: {mrkdwn_escape(line)}" for line in conflict_lines(answer)]
    if lines:  # the outlets behind the answer, then a warning line per disagreement
        blocks.append({"type": "section", "text": mrkdwn("\n".join(lines))})
    elements = []
    for c in answer.citations[:10]:  # a context block holds at most 10 elements
        quote = c.quote if len(c.quote) <= 280 else c.quote[:277] + "…"
        by = f", {c.author}" if c.author else ""
        line = f"[{c.n}] *{c.outlet or c.title}*, {c.published or 'no date'}{by} ({c.source}): “{quote}”"
        elements.append(mrkdwn(mrkdwn_escape(line)))
    blocks.append({"type": "context", "elements": elements})
    return mrkdwn_escape(answer.text), blocks


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


def _ts(value: object) -> str | None:
    """A Slack timestamp field, or None when it is missing or not a string."""
    return value if isinstance(value, str) and value else None


def create_slack_app(bot: Bot, bot_token: str, signing_secret: str, api_url: str = "") -> App:
    """A Bolt app answering mentions (in their thread) and direct messages from `bot`."""
    client = WebClient(token=bot_token, base_url=api_url) if api_url else WebClient(token=bot_token)
    app = App(client=client, signing_secret=signing_secret, raise_error_for_unhandled_request=True)
    # Bolt logs a forged request's whole body at INFO; serve_http logs one line with its size instead.
    logging.getLogger("slack_bolt.RequestVerification").setLevel(logging.WARNING)
    seen = _Seen()

    @app.middleware
    def skip_retries(req: Any, resp: BoltResponse, next: Any) -> BoltResponse:
        """Slack redelivers when it thinks we were slow; the first delivery is already being answered."""
        if req.headers.get("x-slack-retry-num"):
            return BoltResponse(status=200, body="")
        event_id = (req.body or {}).get("event_id")
        if isinstance(event_id, str) and not seen.first_time(event_id):
            return BoltResponse(status=200, body="")
        return next()

    @app.error
    def on_error(error: Exception, body: dict[str, Any]) -> BoltResponse | None:
        """Acknowledge an event no listener takes (Slack would redeliver a 404); log any other error."""
        if isinstance(error, BoltUnhandledRequestError):
            event = body.get("event")
            kind = event.get("type") if isinstance(event, dict) else body.get("type")
            log.warning("ignored a Slack request no listener takes (type %r)", str(kind)[:40])
            return BoltResponse(status=200, body="")
        log.error("handling a Slack request failed", exc_info=error)
        return None

    def reply(event: dict[str, Any], client: WebClient, context: Any, thread_ts: str | None) -> None:
        channel = event.get("channel")
        if not isinstance(channel, str) or not channel:
            log.warning("ignored a Slack %.40s event with no channel to answer in", event.get("type"))
            return
        try:
            said = event.get("text", "")
            if not isinstance(said, str):
                raise BadQuestion("the message holds no text")
            history = []
            if thread := _ts(event.get("thread_ts")):
                current = _ts(event.get("ts")) or ""
                history = thread_history(client, channel, thread, current, context.bot_user_id or "")
            text, blocks = answer_blocks(bot.ask(MENTION.sub("", said).strip(), history=history))
        except BadQuestion as exc:
            text, blocks = mrkdwn_escape(f"I could not take that question: {exc}."), None
        except (RagError, Exception):  # a polite word in Slack; the details only in the log
            log.exception("answering a Slack message failed")
            text, blocks = SORRY, None
        client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text, blocks=blocks)

    @app.event("app_mention")
    def on_mention(event: dict[str, Any], client: WebClient, context: Any) -> None:
        # in the mention's thread; a mention with no ts is answered in the channel itself
        reply(event, client, context, thread_ts=_ts(event.get("thread_ts")) or _ts(event.get("ts")))

    @app.event("message")
    def on_message(event: dict[str, Any], client: WebClient, context: Any) -> None:
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return  # channel messages are answered only when they mention the bot
        reply(event, client, context, thread_ts=_ts(event.get("thread_ts")))

    return app


def signed(secret: str, body: bytes, timestamp: str, signature: str, now: float) -> bool:
    """Whether `signature` is Slack's v0 signature of `body` at `timestamp`, made within 5 minutes of `now`.

    https://api.slack.com/authentication/verifying-requests-from-slack
    """
    if not TIMESTAMP.fullmatch(timestamp) or abs(now - int(timestamp)) > MAX_AGE_SECONDS:
        return False
    expected = "v0=" + hmac.new(secret.encode(), b"v0:%s:%s" % (timestamp.encode(), body), hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace"))


async def read_capped(req: Request, limit: int) -> bytes | None:
    """The request's body, or None as soon as it passes `limit` bytes (the rest is never read)."""
    chunks, size = [], 0
    async with aclosing(req.stream()) as stream:
        async for chunk in stream:
            size += len(chunk)
            if size > limit:
                return None
            chunks.append(chunk)
    return b"".join(chunks)


def bolt_request(req: Request, body: bytes) -> BoltRequest | None:
    """The signed body as a BoltRequest, or None when Bolt could not handle it (not an object, no event object)."""
    from slack_bolt.adapter.starlette.handler import to_bolt_request

    try:  # Bolt decodes, parses and reads ids in the constructor, assuming a well-formed payload
        bolt_req = to_bolt_request(req, body)
    except (ValueError, LookupError, AttributeError, TypeError):
        return None
    if "event" in bolt_req.body and not isinstance(bolt_req.body["event"], dict):
        return None
    return bolt_req


def http_app(app: App, signing_secret: str, max_body_bytes: int = MAX_BODY_BYTES) -> Starlette:
    """An ASGI app serving `app` at POST /slack/events.

    A body over `max_body_bytes` gets 413 unread; an unsigned or stale one gets 401 and one log line
    with its size (never its body); a signed body Bolt cannot handle is ignored with 200, so Slack
    does not redeliver it. Only then does Bolt see the request.
    """
    from slack_bolt.adapter.starlette.handler import to_starlette_response
    from starlette.applications import Starlette
    from starlette.concurrency import run_in_threadpool
    from starlette.requests import ClientDisconnect
    from starlette.responses import JSONResponse, Response
    from starlette.routing import Route

    def too_large(size: str) -> Response:
        log.warning("refused a Slack request of %s bytes: over the %d-byte limit (413)", size, max_body_bytes)
        return JSONResponse({"error": "request too large"}, status_code=413)

    async def events(req: Request) -> Response:
        declared = req.headers.get("content-length", "")
        if declared.isascii() and declared.isdigit() and (len(declared) > 15 or int(declared) > max_body_bytes):
            return too_large(declared[:20])
        try:
            body = await read_capped(req, max_body_bytes)
        except ClientDisconnect:
            return Response(status_code=400)
        if body is None:
            return too_large(f"more than {max_body_bytes}")
        timestamp = req.headers.get("x-slack-request-timestamp", "")
        if not signed(signing_secret, body, timestamp, req.headers.get("x-slack-signature", ""), time.time()):
            log.warning("refused a Slack request of %d bytes: bad signature or timestamp (timestamp %r)",
                        len(body), timestamp[:20])  # fmt: skip
            return JSONResponse({"error": "invalid request"}, status_code=401)
        bolt_req = bolt_request(req, body)
        if bolt_req is None:
            log.warning("ignored a signed Slack request of %d bytes: not an event Bolt can read", len(body))
            return Response(status_code=200)
        return to_starlette_response(await run_in_threadpool(app.dispatch, bolt_req))

    return Starlette(routes=[Route("/slack/events", events, methods=["POST"])])


def serve_http(app: App, signing_secret: str, host: str, port: int, max_body_bytes: int = MAX_BODY_BYTES) -> None:
    """Serve the Events API at POST /slack/events (see http_app)."""
    import uvicorn

    uvicorn.run(http_app(app, signing_secret, max_body_bytes), host=host, port=port, log_level="warning")


def serve_socket_mode(app: App, app_token: str) -> None:
    """Connect to Slack over Socket Mode (no public URL needed)."""
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    SocketModeHandler(app, app_token).start()
