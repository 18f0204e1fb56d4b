"""`rag slack --http` end to end: signed Events API requests in, Web API calls out to a loopback Slack."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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


@pytest.fixture(scope="module")
def slack(seeded_store, tmp_path_factory):
    fake = FakeSlack()
    port = free_port()
    log_path = tmp_path_factory.mktemp("slack") / "slack.log"
    env = dict(os.environ, RAG_STORE_DIR=str(seeded_store), HF_HUB_OFFLINE="1", SLACK_BOT_TOKEN=TOKEN,
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
    yield fake, url, log_path
    proc.terminate()
    proc.wait(timeout=30)
    log.close()


def sign(body: bytes, ts: int, secret: str = SECRET) -> str:
    base = f"v0:{ts}:{body.decode()}".encode()
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


def send(url: str, payload: dict, ts: int | None = None, secret: str = SECRET, retry: int | None = None):
    body = json.dumps(payload).encode()
    ts = int(time.time()) if ts is None else ts
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(ts),
               "X-Slack-Signature": sign(body, ts, secret)}  # fmt: skip
    if retry is not None:
        headers["X-Slack-Retry-Num"] = str(retry)
        headers["X-Slack-Retry-Reason"] = "http_timeout"
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


def blocks_text(post: dict) -> str:
    blocks = post.get("blocks")
    blocks = json.loads(blocks) if isinstance(blocks, str) else blocks or []
    return post.get("text", "") + json.dumps(blocks, ensure_ascii=False)


def test_url_verification_echoes_the_challenge(slack):
    _, url, _ = slack
    status, body = send(url, {"type": "url_verification", "challenge": "abc123"})
    assert status == 200 and "abc123" in body


def test_forged_and_stale_requests_get_401_and_post_nothing(slack):
    fake, url, _ = slack
    before = len(fake.posts())
    payload = mention("Ev-forged", "Dari media mana usmnews mengutip pernyataan Rutte?")
    assert send(url, payload, secret="not-the-secret")[0] == 401
    assert send(url, mention("Ev-stale", "Siapa Rutte?"), ts=int(time.time()) - 3600)[0] == 401
    time.sleep(2)
    assert len(fake.posts()) == before


def test_mention_is_answered_once_in_its_thread_citing_usmnews(slack):
    fake, url, log_path = slack
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
    fake, url, _ = slack
    before = len(fake.posts())
    dm = event("Ev-dm-1", type="message", channel_type="im", user="U1", channel="D1", ts="1700000100.000200",
               text="Siapa pejabat tinggi pengawasan senjata AS yang disebut dalam berita?")  # fmt: skip
    assert send(url, dm)[0] == 200
    post = fake.wait_posts(before + 1)[before]
    assert post["channel"] == "D1" and "Jenkins" in blocks_text(post)


def test_bot_messages_are_ignored(slack):
    fake, url, _ = slack
    before = len(fake.posts())
    own = event("Ev-bot-1", type="message", channel_type="im", bot_id="BBOT", user="UBOT", channel="D1",
                ts="1700000200.000300", text="Siapa Rutte?")  # fmt: skip
    assert send(url, own)[0] == 200
    time.sleep(2)
    assert len(fake.posts()) == before


def test_thread_follow_up_uses_the_threads_history(slack):
    fake, url, _ = slack
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
    fake, url, _ = slack
    before = len(fake.posts())
    assert send(url, mention("Ev-refuse-1", "Who is the prime minister of Japan?", ts="1700000400.000100"))[0] == 200
    post = fake.wait_posts(before + 1)[before]
    assert "do not cover" in post["text"]


def test_sources_that_disagree_get_a_warning_line(slack):
    fake, url, _ = slack
    before = len(fake.posts())
    question = "When did Putin visit North Korea in June 2024?"
    assert send(url, mention("Ev-conflict-1", question, ts="1700000500.000100"))[0] == 200
    post = fake.wait_posts(before + 1)[before]
    content = blocks_text(post)
    assert ":warning: Sources disagree on the date" in content
    assert "2024-06-19" in content and "2024-06-20" in content
    assert "Reported by 2 outlets: Liputan6, Tampang" in content
