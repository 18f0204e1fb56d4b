"""The `rag` command as a user runs it: real processes, real store in a temp folder."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import ROOT, rag_command

RUTTE_Q = "Siapa Sekretaris Jenderal NATO yang berbicara tentang Korea Utara pada Desember 2024?"


def rag(*args: str, store) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1")
    return subprocess.run([*rag_command(), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    store = tmp_path_factory.mktemp("cli-store")
    done = rag("ingest", "seeds", store=store)
    assert done.returncode == 0, done.stderr
    assert "added 4" in done.stdout
    return store


def test_ask_json_names_rutte_and_quotes_the_file(cli_store):
    done = rag("ask", "--json", RUTTE_Q, store=cli_store)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["found"] is True and "Rutte" in data["text"]
    cite = data["citations"][0]
    assert cite["source"].startswith(("000_", "001_"))
    assert cite["quote"] in (ROOT / "seeds" / cite["source"]).read_text("utf-8")


def test_second_ingest_leaves_stats_unchanged(cli_store):
    before = json.loads(rag("stats", "--json", store=cli_store).stdout)
    again = rag("ingest", "seeds", store=cli_store)
    assert again.returncode == 0 and "unchanged 4" in again.stdout
    after = json.loads(rag("stats", "--json", store=cli_store).stdout)
    assert before == after and after["documents"] == 4 and after["chunks"] > 0


def test_docs_json(cli_store):
    docs = json.loads(rag("docs", "--json", store=cli_store).stdout)
    by_outlet = {d["outlet"]: d for d in docs}
    assert by_outlet["Liputan6"]["published"] == "2024-06-19"
    assert by_outlet["Tampang"]["published"] == "2024-06-20"


@pytest.mark.parametrize("question", ["", "x" * 100_000])
def test_bad_question_exits_2_with_one_line(cli_store, question):
    done = rag("ask", question, store=cli_store)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and "question" in done.stderr


def test_plain_ask_prints_sources(cli_store):
    done = rag("ask", RUTTE_Q, store=cli_store)
    assert done.returncode == 0
    assert "Sources:" in done.stdout and "[1]" in done.stdout


def test_ingest_of_only_bad_files_exits_2(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    done = rag("ingest", str(bad), store=tmp_path / "store")
    assert done.returncode == 2
    assert "empty" in done.stderr and "Traceback" not in done.stderr
