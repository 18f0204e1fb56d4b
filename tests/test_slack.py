"""`rag slack --http` end to end: signed Events API requests in, Web API calls out to a loopback Slack."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import re
import select
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import ROOT, free_port, rag_command

pytestmark = pytest.mark.e2e
SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
TOKEN = "xoxb-1234-test-token-never-logged"
MENTION_TS = "1700000000.000100"


class FakeSlack:
    """Slack's Web API on loopback: records each call, answers as Slack would."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.thread_messages: list[dict] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                method = self.path.rsplit("/", 1)[-1]
                raw = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                if "json" in self.headers.get("Content-Type", ""):
                    body = json.loads(raw or "{}")
                else:
                    body = {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}
                fake.calls.append((method, body))
                replies = {
                    "auth.test": {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1", "user": "newsbot"},
                    "chat.postMessage": {"ok": True, "channel": body.get("channel"), "ts": f"{time.time():.6f}"},
                    "conversations.replies": {"ok": True, "messages": fake.thread_messages},
                }
                data = json.dumps(replies.get(method, {"ok": False, "error": "unknown_method"})).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def posts(self) -> list[dict]:
        return [body for method, body in self.calls if method == "chat.postMessage"]

    def wait_posts(self, n: int, timeout: float = 60) -> list[dict]:
        deadline = time.time() + timeout
        while time.time() < deadline and len(self.posts()) < n:
            time.sleep(0.1)
        return self.posts()


# Two articles whose text is Slack markup: a link, @channel/@here, user mentions, bold.
EVIL_ARTICLES = {
    "evil_kites.md": """---
title: Festival Layang-Layang <!channel> Pangandaran
outlet: Kabar <@U123> Pantai
date: 2024-07-06
author: Rina *Bold* Saputra
---
Festival layang-layang internasional di Pantai Pangandaran dibuka pada Sabtu dengan 120 peserta dari sembilan negara, \
termasuk tim *bold* dari Jepang, dan daftar pemenangnya diumumkan di <http://evil.example|klik> oleh panitia \
<!channel> festival.

Panitia festival layang-layang mengatakan angin laut yang stabil membuat layang-layang raksasa dapat terbang selama \
lebih dari enam jam tanpa henti di atas pantai.
""",
    "evil_kites_2.txt": """Layang-Layang Raksasa <!here> Warnai Langit <@U999> Pangandaran

Sebanyak 120 peserta dari sembilan negara mengikuti festival layang-layang internasional di Pantai Pangandaran yang \
dibuka Sabtu, 6 Juli 2024, kata panitia kepada wartawan.

Layang-layang terbesar dalam festival itu berbentuk naga sepanjang 40 meter dan diterbangkan oleh tim dari Bali.
""",
}


@pytest.fixture(scope="module")
def slack(seeded_store, embedder, tmp_path_factory):
    """`rag slack --http` over the seeds plus EVIL_ARTICLES; yields (fake Slack, events URL, log path, process)."""
    from rag import Bot, Settings

    work = tmp_path_factory.mktemp("slack")
    store, evil = work / "store", work / "evil"
    shutil.copytree(seeded_store, store)
    evil.mkdir()
    for name, text in EVIL_ARTICLES.items():
        (evil / name).write_text(text, encoding="utf-8")
    Bot.from_settings(Settings(store_dir=store, _env_file=None), embedder=embedder).ingest([evil])
    fake = FakeSlack()
    port = free_port()
    log_path = work / "slack.log"
    env = dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1", SLACK_BOT_TOKEN=TOKEN,
               SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=fake.url)  # fmt: skip
    log = log_path.open("w")
    proc = subprocess.Popen([*rag_command(), "slack", "--http", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
    url = f"http://127.0.0.1:{port}/slack/events"
    deadline = time.time() + 120
    while True:
        try:
            send(url, {"type": "url_verification", "challenge": "warmup"})
            break
        except (urllib.error.URLError, ConnectionError):
            if proc.poll() is not None or time.time() > deadline:
                proc.kill()
                pytest.fail(f"rag slack did not start: {log_path.read_text()}")
            time.sleep(0.5)
    yield fake, url, log_path, proc
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def sign(body: bytes, ts: int | str, secret: str = SECRET) -> str:
    base = f"v0:{ts}:".encode() + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def send(url: str, payload: dict | list | bytes | None, ts: int | str | None = None, secret: str = SECRET,
         retry: int | None = None):  # fmt: skip
    """POST `payload` (JSON, or bytes as they are) signed with `secret` at `ts` (now by default)."""
    body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    ts = int(time.time()) if ts is None else ts
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(ts),
               "X-Slack-Signature": sign(body, ts, secret)}  # fmt: skip
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
    return post(url, body, headers)


def post(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    req = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def event(event_id: str, **fields) -> dict:
    return {"type": "event_callback", "team_id": "T1", "api_app_id": "A1", "event_id": event_id,
            "event_time": int(time.time()), "event": fields}  # fmt: skip


def mention(event_id: str, text: str, ts: str = MENTION_TS, **extra) -> dict:
    return event(event_id, type="app_mention", user="U1", text=f"<@UBOT> {text}", ts=ts, channel="C1", **extra)


def mention_reply(slack, event_id: str, question: str, ts: str) -> dict:
    """Mention the bot with `question` (accepted with 200) and return the message it posts in reply."""
    fake, url, *_ = slack
    before = len(fake.posts())
    assert send(url, mention(event_id, question, ts=ts))[0] == 200
    return fake.wait_posts(before + 1)[before]


def blocks_text(post: dict) -> str:
    blocks = post.get("blocks")
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks or []
    return post.get("text", "") + json.dumps(blocks, ensure_ascii=False)


def test_url_verification_echoes_the_challenge(slack):
    _, url, *_ = slack
    status, body = send(url, {"type": "url_verification", "challenge": "abc123"})
    assert status == 200 and "abc123" in body


def test_forged_and_stale_requests_get_401_and_post_nothing(slack):
    fake, url, *_ = slack
    before = len(fake.posts())
    payload = mention("Ev-forged", "Dari media mana usmnews mengutip pernyataan Rutte?")
    assert send(url, payload, secret="not-the-secret")[0] == 401
    assert send(url, mention("Ev-stale", "Siapa Rutte?"), ts=int(time.time()) - 3600)[0] == 401
    time.sleep(2)
    assert len(fake.posts()) == before


def test_mention_is_answered_once_in_its_thread_citing_usmnews(slack):
    fake, url, log_path, _ = slack
    before = len(fake.posts())
    payload = mention("Ev-mention-1", "Dari media mana usmnews mengutip pernyataan Rutte?")
    status, _ = send(url, payload)
    assert status == 200
    posts = fake.wait_posts(before + 1)
    assert send(url, payload, retry=1)[0] == 200  # Slack's redelivery
    assert send(url, payload)[0] == 200  # and the same event again without the header
    time.sleep(3)
    posts = fake.posts()[before:]
    assert len(posts) == 1
    post = posts[0]
    assert post["channel"] == "C1" and post["thread_ts"] == MENTION_TS
    content = blocks_text(post)
    assert "RBC" in content and "usmnews" in content and "000_0d34fdc664c847d8.txt" in content
    assert TOKEN not in log_path.read_text()


def test_direct_message_is_answered_in_the_dm(slack):
    fake, url, *_ = slack
    before = len(fake.posts())
    dm = event("Ev-dm-1", type="message", channel_type="im", user="U1", channel="D1", ts="1700000100.000200",
               text="Siapa pejabat tinggi pengawasan senjata AS yang disebut dalam berita?")  # fmt: skip
    assert send(url, dm)[0] == 200
    post = fake.wait_posts(before + 1)[before]
    assert post["channel"] == "D1" and "Jenkins" in blocks_text(post)


def test_bot_messages_are_ignored(slack):
    fake, url, *_ = slack
    before = len(fake.posts())
    own = event("Ev-bot-1", type="message", channel_type="im", bot_id="BBOT", user="UBOT", channel="D1",
                ts="1700000200.000300", text="Siapa Rutte?")  # fmt: skip
    assert send(url, own)[0] == 200
    time.sleep(2)
    assert len(fake.posts()) == before


def test_thread_follow_up_uses_the_threads_history(slack):
    fake, url, *_ = slack
    fake.thread_messages = [
        {"type": "message", "user": "U1", "text": "<@UBOT> Siapa Kurt Campbell?", "ts": "1700000300.000100"},
        {"type": "message", "bot_id": "BBOT", "user": "UBOT", "text": "Wakil Menteri Luar Negeri AS.", "ts": "1700000301.000100"},
        {"type": "message", "user": "U1", "text": "<@UBOT> Apa saja kemungkinan imbalan yang dia sebutkan?", "ts": "1700000302.000100"},
    ]  # fmt: skip
    before = len(fake.posts())
    follow = mention("Ev-thread-1", "Apa saja kemungkinan imbalan yang dia sebutkan?", ts="1700000302.000100",
                     thread_ts="1700000300.000100")  # fmt: skip
    assert send(url, follow)[0] == 200
    post = fake.wait_posts(before + 1)[before]
    assert post["thread_ts"] == "1700000300.000100"
    assert any(m == "conversations.replies" for m, _ in fake.calls)
    assert "Campbell" in blocks_text(post)


def test_question_outside_the_articles_says_so(slack):
    post = mention_reply(slack, "Ev-refuse-1", "Who is the prime minister of Japan?", ts="1700000400.000100")
    assert "do not cover" in post["text"]


def test_sources_that_disagree_get_a_warning_line(slack):
    post = mention_reply(
        slack, "Ev-conflict-1", "When did Putin visit North Korea in June 2024?", ts="1700000500.000100"
    )
    content = blocks_text(post)
    assert ":warning: Sources disagree on the date" in content
    assert "2024-06-19" in content and "2024-06-20" in content
    assert "Reported by 2 outlets: Liputan6, Tampang" in content


def forged_headers(size: int | None = None) -> dict[str, str]:
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(int(time.time())),
               "X-Slack-Signature": "v0=" + "0" * 64}  # fmt: skip
    return headers if size is None else {**headers, "Content-Length": str(size)}


def json_pieces(size: int, piece: int = 64 * 1024) -> Iterator[bytes]:
    """A JSON object of `size` bytes, a piece at a time (never whole in memory)."""
    head, tail = b'{"type":"event_callback","pad":"', b'"}'
    yield head
    left = size - len(head) - len(tail)
    while left > 0:
        yield b"x" * min(piece, left)
        left -= piece
    yield tail


def stream_post(url: str, pieces: Iterable[bytes], headers: dict[str, str], chunked: bool) -> tuple[int, int]:
    """POST `pieces` over a raw socket, stopping the upload once the server answers: (status, bytes sent)."""
    parts = urllib.parse.urlsplit(url)
    head = f"POST {parts.path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    head += "Transfer-Encoding: chunked\r\n\r\n" if chunked else "\r\n"
    sent = 0
    with socket.create_connection((parts.hostname, parts.port), timeout=30) as sock:
        sock.sendall(head.encode("latin-1"))
        # poll, not select: a test process that has opened many stores holds file descriptors past select's 1024
        answered = select.poll()
        answered.register(sock, select.POLLIN)
        for piece in pieces:
            if answered.poll(0):
                break  # the server has answered (or hung up) before the body ended
            try:
                sock.sendall(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
            except OSError:  # the server hung up mid-upload; its answer is still readable
                break
            sent += len(piece)
        else:
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        status_line = sock.makefile("rb").readline()
    return int(status_line.split()[1]), sent


def peak_rss(pid: int, reset: bool = False) -> int:
    """The process's peak resident memory in bytes (VmHWM); `reset` first lowers the peak to the current size."""
    if reset:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) * 1024


def logged_since(log_path: Path, offset: int, settle: float = 1.0) -> str:
    """What the server has logged after `offset`, once it has had `settle` seconds to finish."""
    time.sleep(settle)
    with log_path.open("rb") as f:
        f.seek(offset)
        return f.read().decode("utf-8", "replace")


@pytest.mark.parametrize(
    ("size", "chunked"),
    [(5_000_000, False), (20_000_000, False), (20_000_000, True)],
    ids=["5MB", "20MB", "20MB-chunked"],
)
def test_oversized_forged_body_gets_413_unread_and_logged_in_one_short_line(slack, size, chunked):
    fake, url, log_path, proc = slack
    before_posts, offset = len(fake.posts()), log_path.stat().st_size
    peak_rss(proc.pid, reset=True)
    start_rss = peak_rss(proc.pid)
    status, sent = stream_post(url, json_pieces(size), forged_headers(None if chunked else size), chunked)
    grown = peak_rss(proc.pid) - start_rss
    logged = logged_since(log_path, offset)
    print(f"{size} bytes, chunked={chunked}: {status}, {sent} bytes sent, peak RSS +{grown} bytes, logged {logged!r}")
    assert status == 413
    assert len(logged) < 10_000 and logged.count("\n") == 1 and "xxxx" not in logged
    assert "413" in logged or "too large" in logged
    assert grown < 2_500_000  # the server held at most the 1 MB it allows, never the body
    assert len(fake.posts()) == before_posts


def test_forged_body_under_the_limit_gets_401_and_one_line_without_the_body(slack):
    _, url, log_path, _ = slack
    offset = log_path.stat().st_size
    body = b"".join(json_pieces(900_000))
    assert post(url, body, forged_headers())[0] == 401
    logged = logged_since(log_path, offset)
    assert len(logged) < 10_000 and logged.count("\n") == 1 and "xxxx" not in logged
    assert "900000" in logged  # its size, so an operator can see what was refused


@pytest.mark.parametrize(
    ("timestamp", "signature"),
    [("not-a-number", None), ("", None), ("1.7e9", None), ("9" * 5000, None), ("\xb2", None),
     (None, "v0=\xe9" + "0" * 63)],
    ids=["words", "empty", "float", "5000-digits", "superscript-two", "non-ascii-signature"],
)  # fmt: skip
def test_malformed_signature_headers_get_401_without_a_traceback(slack, timestamp, signature):
    _, url, log_path, _ = slack
    offset = log_path.stat().st_size
    body = json.dumps(mention("Ev-bad-header", "Siapa Rutte?")).encode()
    ts = int(time.time()) if timestamp is None else timestamp
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(ts),
               "X-Slack-Signature": signature or sign(body, ts)}  # fmt: skip
    status, _ = post(url, body, headers)
    logged = logged_since(log_path, offset, settle=0.5)
    assert status == 401
    assert "Traceback" not in logged and len(logged) < 10_000


def bad_mention(event_id: str, drop: str = "", **changes: object) -> dict:
    """A mention from C1 with some fields changed and the field `drop` left out."""
    payload = mention(event_id, "Siapa Rutte?")
    payload["event"] = {k: v for k, v in {**payload["event"], **changes}.items() if k != drop}
    return payload


MALFORMED = {  # name: (signed body, whether a polite reply in C1 is expected)
    "text-number": (bad_mention("Ev-bad-1", text=42), True),
    "text-list": (bad_mention("Ev-bad-2", text=["Siapa", "Rutte?"]), True),
    "text-null": (bad_mention("Ev-bad-3", text=None), True),
    "no-ts": (bad_mention("Ev-bad-4", drop="ts"), True),
    "no-channel": (bad_mention("Ev-bad-5", drop="channel"), False),
    "channel-number": (bad_mention("Ev-bad-6", channel=7), False),
    "type-null": (bad_mention("Ev-bad-10", type=None), False),
    "type-unknown": (bad_mention("Ev-bad-11", type="pin_added"), False),
    "body-type-list": ({**bad_mention("Ev-bad-12"), "type": ["event_callback"]}, False),
    "event-null": ({**event("Ev-bad-7"), "event": None}, False),
    "event-list": ({**event("Ev-bad-8"), "event": [{"type": "app_mention", "channel": "C1"}]}, False),
    "event-string": ({**event("Ev-bad-9"), "event": "app_mention"}, False),
    "json-array": ([{"type": "event_callback"}], False),
    "json-null": (None, False),
    "not-json": (b"this is not JSON {", False),
    "not-utf8": (b'{"type": "event_callback", "x": "\xff\xfe"}', False),
}


@pytest.mark.parametrize("name", list(MALFORMED))
def test_malformed_signed_event_gets_200_and_a_polite_reply_or_none(slack, name):
    fake, url, log_path, _ = slack
    payload, replies = MALFORMED[name]
    before, offset = len(fake.posts()), log_path.stat().st_size
    assert send(url, payload)[0] == 200
    good_ts = f"1700004{list(MALFORMED).index(name):03d}.000100"  # then a good mention: still answered
    assert send(url, mention(f"Ev-good-{name}", "Siapa Rutte?", ts=good_ts))[0] == 200
    fake.wait_posts(before + 1 + replies)
    time.sleep(0.3)
    posts = fake.posts()[before:]
    good = [p for p in posts if p.get("thread_ts") == good_ts]
    polite = [p for p in posts if p.get("thread_ts") != good_ts]
    assert len(good) == 1 and "Rutte" in blocks_text(good[0])
    assert len(polite) == replies and all(p["channel"] == "C1" and p["text"] for p in polite)
    logged = logged_since(log_path, offset, settle=0)
    assert "Traceback" not in logged and "Error" not in logged


def texts(post: dict) -> list[tuple[str, dict]]:
    """Every text a post sends to Slack, with the text object holding it (the fallback text has none)."""
    blocks = post.get("blocks")
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks or []
    found = [(post["text"], {})]
    for block in blocks:
        objects = [block["text"]] if "text" in block else block.get("elements", [])
        found += [(obj["text"], obj) for obj in objects]
    return found


def test_article_markup_reaches_slack_as_escaped_text(slack):
    post = mention_reply(
        slack, "Ev-evil-1", "Berapa peserta festival layang-layang di Pangandaran?", ts="1700003000.000100"
    )
    sent = texts(post)
    everything = "\n".join(text for text, _ in sent)
    for raw in ("<http://evil.example|klik>", "<!channel>", "<!here>", "<@U123>", "<@U999>"):
        assert raw not in everything  # no live link, @channel, @here or mention anywhere, fallback text included
    for escaped in ("&lt;http://evil.example|klik&gt;", "&lt;!channel&gt;", "&lt;!here&gt;", "&lt;@U123&gt;"):
        assert escaped in everything  # the quote, the title and the outlet did reach Slack, as text
    assert all("<" not in text and ">" not in text for text, _ in sent)
    assert "*bold*" in everything and "&amp;lt;" not in everything  # escaped once, not twice
    assert all(obj.get("verbatim") is True for _, obj in sent if obj.get("type") == "mrkdwn")
