"""Chroma's client/server mode: a real `chroma run` on loopback, used through RAG_CHROMA_HOST / RAG_CHROMA_PORT."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, free_port, rag_command, wait_until_serving

pytestmark = pytest.mark.e2e


def chroma_cli() -> str:
    script = Path(sys.executable).parent / "chroma"
    return str(script) if script.exists() else shutil.which("chroma") or "chroma"


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    data = tmp_path_factory.mktemp("chroma-data")
    port = free_port()
    log_path = data.parent / "chroma.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen([chroma_cli(), "run", "--path", str(data), "--host", "127.0.0.1", "--port", str(port)],
                                stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
        wait_until_serving(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc, log_path, timeout=60)
        yield port
        proc.terminate()
        proc.wait(timeout=30)


def rag(port: int, store: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, RAG_CHROMA_HOST="127.0.0.1", RAG_CHROMA_PORT=str(port), RAG_STORE_DIR=str(store),
               HF_HUB_OFFLINE="1")  # fmt: skip
    return subprocess.run([*rag_command(), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_ingest_ask_and_stats_through_a_chroma_server(chroma_server, tmp_path):
    first = tmp_path / "first"  # each bot process keeps only its BM25 index locally
    ingest = rag(chroma_server, first, "ingest", "--json", str(SEEDS))
    assert ingest.returncode == 0, ingest.stderr
    assert len(json.loads(ingest.stdout)["added"]) == 4
    assert not (first / "chroma.sqlite3").exists()  # the chunks went to the server, not to a local store
    stats = json.loads(rag(chroma_server, first, "stats", "--json").stdout)
    assert stats["documents"] == 4 and stats["chunks"] > 20

    again = json.loads(rag(chroma_server, first, "ingest", "--json", str(SEEDS)).stdout)
    assert len(again["unchanged"]) == 4 and again["chunks_added"] == 0
    assert json.loads(rag(chroma_server, first, "stats", "--json").stdout) == stats

    answer = json.loads(
        rag(chroma_server, first, "ask", "--json", "Dari media mana usmnews mengutip pernyataan Rutte?").stdout
    )
    assert answer["found"] and "RBC" in answer["text"]
    assert answer["citations"][0]["source"] == "000_0d34fdc664c847d8.txt"

    # a second process on another machine's folder: it builds its BM25 index from the server's chunks
    second = tmp_path / "second"
    other = rag(chroma_server, second, "ask", "--json", "When did Putin visit North Korea in June 2024?")
    assert other.returncode == 0, other.stderr
    reply = json.loads(other.stdout)
    assert reply["found"] and {v["value"] for c in reply["conflicts"] for v in c["values"]} >= {
        "2024-06-19",
        "2024-06-20",
    }
    assert (second / "bm25").is_dir()


def test_a_stopped_server_names_the_setting(tmp_path):
    out = rag(free_port(), tmp_path, "stats")
    assert out.returncode == 1 and "RAG_CHROMA_HOST" in out.stderr and "Traceback" not in out.stderr
