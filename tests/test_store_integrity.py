"""The store under concurrent writers and a damaged BM25 index: nothing lost, answers right, no manual repair."""

from __future__ import annotations

import json
import logging
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest

VILLAGES = ["Sukamaju", "Karangrejo", "Wonosari", "Tanjungsari", "Mekarjaya", "Sidomulyo", "Pasirlaut", "Bojongkulon"]
HEADS = ["Sutarno", "Rahmawati", "Budiono", "Lestari", "Hendrawan", "Suryani", "Wibisono", "Kartika"]


def write_article(folder: Path, i: int, name: str | None = None) -> Path:
    """A short article about village `i`: its own headline, village head and bridge length."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"desa_{i}.txt")
    path.write_text(
        f"Warga Desa {VILLAGES[i]} meresmikan jembatan gantung\n\n"
        f"Kepala Desa {VILLAGES[i]}, {HEADS[i]}, meresmikan jembatan gantung sepanjang {40 + i} meter pada Senin. "
        f"Jembatan itu menghubungkan Desa {VILLAGES[i]} dengan pasar kecamatan. "
        f"Menurut {HEADS[i]}, pembangunan jembatan memakan waktu {3 + i} bulan.\n",
        encoding="utf-8",
    )
    return path


def assert_answers_each_village(bot, files: dict[int, str]) -> None:
    """Every article is in the store, and a question about its village cites it."""
    docs = {d["source"] for d in bot.docs()}
    assert set(files.values()) <= docs
    for i, source in files.items():
        answer = bot.ask(f"Siapa kepala Desa {VILLAGES[i]}?")
        assert answer.found, (VILLAGES[i], answer.text)
        assert answer.citations[0].source == source
        assert HEADS[i] in answer.text


def bm25_matches_chroma(bot) -> bool:
    retriever = bot.retriever.lexical.retriever(10_000)
    return retriever is not None and len(retriever.corpus) == bot.store.count()


@pytest.mark.parametrize("trial", range(10))
def test_four_threads_ingesting_into_one_bot_at_once_lose_nothing(make_bot, tmp_path, trial):
    bot = make_bot()
    folders = [tmp_path / f"user{t}" for t in range(4)]
    for t, folder in enumerate(folders):
        write_article(folder, 2 * t)
        write_article(folder, 2 * t + 1)
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def upload(folder: Path) -> None:
        try:
            start.wait()
            report = bot.ingest([folder])
            assert len(report.added) == 2 and not report.failed
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=upload, args=(f,)) for f in folders]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=300)
    assert not errors, errors
    assert bot.stats()["documents"] == 8
    assert bm25_matches_chroma(bot)
    assert live_folder(bot).is_dir()  # CURRENT names a folder that exists
    assert_answers_each_village(bot, {i: f"desa_{i}.txt" for i in range(8)})


def test_two_processes_ingesting_into_one_store_take_turns(tmp_path):
    """Two `rag ingest` processes on one store folder at once: both articles stored, BM25 in step."""
    import os
    import subprocess

    from conftest import ROOT, rag_command

    store = tmp_path / "store"
    env = dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1")
    subprocess.run([*rag_command(), "stats"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=300)
    commands = [[*rag_command(), "ingest", "--json", str(write_article(tmp_path / f"p{i}", i))] for i in range(2)]
    procs = [
        subprocess.Popen(c, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    outs = [p.communicate(timeout=600) for p in procs]
    for p, (out, err) in zip(procs, outs, strict=True):
        assert p.returncode == 0, err
        assert len(json.loads(out)["added"]) == 1
    ask = subprocess.run([*rag_command(), "ask", "--json", f"Siapa kepala Desa {VILLAGES[1]}?"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)  # fmt: skip
    answer = json.loads(ask.stdout)
    assert answer["found"] and answer["citations"][0]["source"] == "desa_1.txt"
    stats = json.loads(subprocess.run([*rag_command(), "stats", "--json"], cwd=ROOT, env=env, capture_output=True,
                                      text=True, timeout=300).stdout)  # fmt: skip
    assert stats["documents"] == 2


# --- a damaged BM25 index -------------------------------------------------------------------------


@pytest.fixture()
def villages(make_bot, tmp_path):
    """A bot over four village articles, which has answered once (so its index is loaded)."""
    folder = tmp_path / "articles"
    for i in range(4):
        write_article(folder, i)
    bot = make_bot(tmp_path / "store")
    bot.ingest([folder])
    assert_answers_each_village(bot, {0: "desa_0.txt"})
    return bot


def live_folder(bot) -> Path:
    """The BM25 folder that CURRENT names."""
    directory = bot.retriever.lexical.directory
    return directory / (directory / "CURRENT").read_text().strip()


def rebuilt_lines(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if "rebuilding" in r.getMessage()]


EVERY = {i: f"desa_{i}.txt" for i in range(4)}


def test_corpus_truncated_while_serving_does_not_crash_and_a_restart_repairs_it(villages, make_bot, caplog):
    corpus = live_folder(villages) / "corpus.jsonl"
    with corpus.open("r+b") as f:  # another process truncates the file this bot has loaded (SIGBUS if mapped)
        f.truncate(corpus.stat().st_size // 3)
    assert_answers_each_village(villages, EVERY)  # the serving bot reads its own checked copy
    caplog.set_level(logging.WARNING)
    restarted = make_bot(villages.retriever.lexical.directory.parent)
    assert_answers_each_village(restarted, EVERY)
    assert bm25_matches_chroma(restarted)
    assert len(rebuilt_lines(caplog)) == 1


@pytest.mark.parametrize("fault", ["bad document numbers", "empty corpus", "missing array", "garbage params"])
def test_a_damaged_index_is_rebuilt_when_the_bot_opens(villages, make_bot, caplog, fault):
    folder = live_folder(villages)
    if fault == "bad document numbers":
        indices = np.load(folder / "indices.csc.index.npy")
        np.save(folder / "indices.csc.index.npy", indices + 1000)
    elif fault == "empty corpus":
        (folder / "corpus.jsonl").write_bytes(b"")
    elif fault == "missing array":
        (folder / "data.csc.index.npy").unlink()
    else:
        (folder / "params.index.json").write_text("{not json")
    caplog.set_level(logging.WARNING)
    restarted = make_bot(villages.retriever.lexical.directory.parent)
    assert_answers_each_village(restarted, EVERY)
    assert len(rebuilt_lines(caplog)) == 1
    assert_answers_each_village(make_bot(villages.retriever.lexical.directory.parent), EVERY)
    assert len(rebuilt_lines(caplog)) == 1  # repaired for good: the next open finds nothing to do


def test_bad_values_found_only_when_read_are_repaired_on_that_question(villages, make_bot, caplog):
    folder = live_folder(villages)
    lines = (folder / "corpus.jsonl").read_bytes().splitlines(keepends=True)
    # the first and last lines stay whole, so the index loads; the ones between are not JSON
    middle = [b"{" + b"x" * (len(line) - 2) + b"\n" for line in lines[1:-1]]
    (folder / "corpus.jsonl").write_bytes(b"".join([lines[0], *middle, lines[-1]]))
    caplog.set_level(logging.WARNING)
    restarted = make_bot(villages.retriever.lexical.directory.parent)
    assert_answers_each_village(restarted, EVERY)
    assert len(rebuilt_lines(caplog)) == 1


def test_a_deleted_bm25_folder_is_rebuilt_on_the_next_question(villages, caplog):
    caplog.set_level(logging.WARNING)
    shutil.rmtree(villages.retriever.lexical.directory)
    assert_answers_each_village(villages, EVERY)  # not silently refused
    assert live_folder(villages).is_dir()
    assert len(rebuilt_lines(caplog)) == 1


def test_current_naming_a_missing_folder_is_repaired_on_the_next_question(villages, caplog):
    caplog.set_level(logging.WARNING)
    shutil.rmtree(live_folder(villages))
    villages.retriever.lexical.forget()  # as a process that has not loaded the index yet
    assert_answers_each_village(villages, EVERY)
    assert len(rebuilt_lines(caplog)) == 1


def test_copies_left_by_a_killed_reader_are_removed_by_the_next_rebuild(villages, tmp_path):
    import os
    import time

    readers = villages.retriever.lexical.directory / ".readers"
    left = readers / "copy-killed"
    left.mkdir(parents=True)
    (left / "corpus.jsonl").write_text("{}\n")
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    villages.ingest([write_article(tmp_path / "more", 5)])
    assert not left.exists()
    assert_answers_each_village(villages, {5: "desa_5.txt"})
