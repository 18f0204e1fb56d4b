"""Bad input, broken stores, crashes and load: clear errors, nothing lost."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, free_port, rag_command

from rag import BadQuestion, Settings, StoreUnavailable


def rag(*args: str, store: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1", **env)
    return subprocess.run([*rag_command(), *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=600)


def many_articles(folder: Path, n: int) -> Path:
    """`n` short, distinct articles built from the seeds' paragraphs (each names its own report number)."""
    folder.mkdir(parents=True, exist_ok=True)
    paragraphs = [p for seed in sorted(SEEDS.glob("*.txt")) for p in seed.read_text("utf-8").split("\n\n")]
    paragraphs = [p.strip() for p in paragraphs if len(p) > 200]
    for i in range(n):
        intro = f"Laporan nomor {i} dari meja redaksi wilayah {i % 17}"
        body = paragraphs[i % len(paragraphs)]
        (folder / f"laporan_{i:03d}.txt").write_text(f"{intro}\n\n{body}\n", encoding="utf-8")
    return folder


def test_seeds_with_bad_files_ingest_exit_0_and_second_ingest_keeps_stats(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for p in SEEDS.glob("*.txt"):
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (folder / "latin1.txt").write_bytes(
        "Berita tentang café di Pyongyang, ditulis dengan ejaan Prancis.".encode("latin-1")
    )
    store = tmp_path / "store"
    first = rag("ingest", str(folder), store=store)
    assert first.returncode == 0, first.stderr
    assert "added 4" in first.stdout and "failed 3" in first.stdout
    for name in ("empty.txt", "binary.txt", "latin1.txt"):
        assert name in first.stderr
    stats = rag("stats", "--json", store=store).stdout
    assert rag("ingest", str(folder), store=store).returncode == 0
    assert rag("stats", "--json", store=store).stdout == stats
    assert json.loads(stats)["documents"] == 4


def test_kill_9_during_ingest_then_ingest_again_equals_clean_ingest(tmp_path, make_bot):
    folder = many_articles(tmp_path / "many", 240)
    clean = make_bot(tmp_path / "clean")
    clean.ingest([folder])
    expected = clean.stats()
    assert expected["documents"] == 240

    store = tmp_path / "crashed"
    err_path = tmp_path / "ingest.err"
    env = dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1", RAG_INGEST_BATCH_CHUNKS="32")
    with err_path.open("w") as err:
        proc = subprocess.Popen([*rag_command(), "ingest", str(folder)], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=err)  # fmt: skip
        deadline = time.time() + 300
        while time.time() < deadline and proc.poll() is None:
            progress = [int(p) for p in __import__("re").findall(r"Ingesting:\s+(\d+)%", err_path.read_text())]
            if progress and max(progress) >= 40:
                break
            time.sleep(0.05)
        assert proc.poll() is None, "ingest finished before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()

    partial = make_bot(store).stats()["chunks"]
    assert 0 < partial < expected["chunks"]  # killed with part of the work committed

    again = rag("ingest", str(folder), store=store)
    assert again.returncode == 0, again.stderr
    reopened = make_bot(store)
    assert reopened.stats() == expected
    assert len(set(reopened.store.ids())) == expected["chunks"]  # no duplicates
    assert len(reopened.retriever.lexical.retriever(10_000).corpus) == expected["chunks"]  # BM25 agrees


@pytest.mark.parametrize("question", ["", "   ", "\x01\x02\x1b", "x" * 100_000])
def test_cli_bad_questions_exit_2_with_one_line(seeded_store, question):
    done = rag("ask", question, store=seeded_store)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1


def test_control_characters_are_dropped_and_mixed_scripts_answered(seeded_bot):
    answer = seeded_bot.ask("Siapa\x00 Bonnie\x07 Jenkins?")
    assert answer.found and "Jenkins" in answer.text
    # Cyrillic and Han characters beside the Latin words do not stop the question being answered
    mixed = seeded_bot.ask("Di mana Putin dan Kim Jong Un (金正恩) menandatangani pakta (договор)?")
    assert mixed.found and "Pyongyang" in mixed.text
    seeds = {p.name: p.read_text("utf-8") for p in SEEDS.glob("*.txt")}
    assert mixed.citations and all(seeds[c.source][c.start : c.end] == c.quote for c in mixed.citations)
    assert "Pyongyang" in mixed.citations[0].quote
    ammo = seeded_bot.ask("Berapa kontainer amunisi (боеприпасы) yang dipasok Korea Utara ke Rusia?")
    assert ammo.found and "11.000" in ammo.text
    with pytest.raises(BadQuestion):
        seeded_bot.ask("\x00\x1b\x7f")


def test_corrupted_store_names_the_setting(tmp_path, make_bot):
    store = tmp_path / "store"
    store.mkdir()
    (store / "chroma.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreUnavailable, match="RAG_STORE_DIR"):
        make_bot(store).stats()
    done = rag("stats", store=store)
    assert done.returncode == 1 and "RAG_STORE_DIR" in done.stderr and "Traceback" not in done.stderr


def test_unreachable_chroma_server_names_the_setting(tmp_path):
    done = rag("stats", store=tmp_path / "s", RAG_CHROMA_HOST="127.0.0.1", RAG_CHROMA_PORT=str(free_port()))
    assert done.returncode == 1
    assert "RAG_CHROMA_HOST" in done.stderr and "Traceback" not in done.stderr


def test_password_never_shown_in_settings_or_errors(tmp_path):
    secret = "hunter2-very-secret"
    settings = Settings(store_dir=tmp_path, auth_user="alice", auth_password=secret, _env_file=None)
    assert secret not in repr(settings) and secret not in str(settings.model_dump())
    done = rag("ask", "", store=tmp_path, RAG_AUTH_USER="alice", RAG_AUTH_PASSWORD=secret)
    assert secret not in done.stderr + done.stdout


@pytest.mark.e2e
def test_twenty_simultaneous_chats_are_answered_and_not_mixed(served_server, tmp_path):
    from gradio_client import Client

    url, store = served_server
    cases = [
        ("Siapa pejabat tinggi pengawasan senjata AS yang disebut dalam berita?", "Jenkins"),
        ("Berapa kontainer amunisi yang dituduh dipasok Korea Utara ke Rusia?", "11.000"),
        ("Which agency is credited for the photo of North Korean troops on parade?", "KCNA"),
        ("Bagaimana situasi medan perang bagi Ukraina menurut Rutte?", "sulit"),
    ]
    replies: dict[int, str] = {}
    errors: list[BaseException] = []

    def chat(i: int) -> None:
        try:
            replies[i] = Client(url, verbose=False).predict(cases[i % len(cases)][0], api_name="/chat")
        except BaseException as exc:  # collected and reported below
            errors.append(exc)

    extra = many_articles(tmp_path / "extra", 12)
    ingest = subprocess.Popen([*rag_command(), "ingest", str(extra)], cwd=ROOT,
                              env=dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1"),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    threads = [threading.Thread(target=chat, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert ingest.wait(timeout=300) == 0  # ingesting while serving works
    assert not errors, errors
    for i in range(20):
        question, expected = cases[i % len(cases)]
        assert expected in replies[i], (question, replies[i][:200])
        assert "[1]" in replies[i]
    assert Client(url, verbose=False).predict(cases[0][0], api_name="/chat") == replies[0]  # still serving
