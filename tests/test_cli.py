"""The `rag` command as a user runs it: real processes, real store in a temp folder."""

from __future__ import annotations

import gc
import json
import os
import resource
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, rag_command

from rag import cli
from rag.types import Failure, IngestReport, Renamed

RUTTE_Q = "Siapa Sekretaris Jenderal NATO yang berbicara tentang Korea Utara pada Desember 2024?"


def rag(*args: str, store, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1")
    return subprocess.run([*rag_command(), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def capped_rag(*args: str, store) -> subprocess.CompletedProcess[str]:
    """`rag` with 6 GB of address space (a normal run peaks near 1.5 GB) and 120 s: a read that never
    ends fails the test with MemoryError or a timeout instead of taking the machine's memory or hanging."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (6 << 30, 6 << 30))

    env = dict(os.environ, RAG_STORE_DIR=str(store), HF_HUB_OFFLINE="1")
    return subprocess.run([*rag_command(), *args], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=120, preexec_fn=cap)  # fmt: skip


def special_files(folder: Path) -> list[Path]:
    """A named pipe (no writer: opening it to read waits forever) and a link to /dev/zero (never ends),
    both named like articles."""
    folder.mkdir(parents=True, exist_ok=True)
    pipe, zero = folder / "pipe.txt", folder / "zero.txt"
    os.mkfifo(pipe)
    zero.symlink_to("/dev/zero")
    return [pipe, zero]


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


def test_special_files_named_on_the_command_line_are_refused_with_a_reason(tmp_path):
    pipe, zero = special_files(tmp_path / "odd")
    done = capped_rag("ingest", str(pipe), str(zero), store=tmp_path / "store")
    assert done.returncode == 2, done.stderr
    assert "added 0" in done.stdout and "failed 2" in done.stdout
    lines = [line for line in done.stderr.splitlines() if line.startswith("  skipped")]
    assert lines == [
        f"  skipped {pipe}: is a named pipe (FIFO), not a regular file; only article files are read",
        f"  skipped {zero}: links to a character device (/dev/zero), not a regular file; only article files are read",
    ]
    assert "Traceback" not in done.stderr


def test_special_files_beside_a_good_article_do_not_stop_it(tmp_path):
    odd = special_files(tmp_path / "odd")
    good = tmp_path / "good" / "liputan6.txt"
    good.parent.mkdir()
    shutil.copy(next(SEEDS.glob("003_*.txt")), good)
    store = tmp_path / "store"
    done = capped_rag("ingest", str(odd[0]), str(good), str(odd[1]), store=store)
    assert done.returncode == 0, done.stderr
    assert "added 1" in done.stdout and "failed 2" in done.stdout
    assert "named pipe" in done.stderr and "/dev/zero" in done.stderr
    docs = json.loads(rag("docs", "--json", store=store).stdout)
    assert [(d["source"], d["outlet"]) for d in docs] == [("liputan6.txt", "Liputan6")]


def test_ingest_prints_renamed_files(monkeypatch, capsys, make_bot):
    """The CLI's own printing of a report with renamed files (Bot.ingest stands in for the library)."""
    bot = make_bot()
    report = IngestReport(
        added=("laporan.txt", "laporan (2).txt"),
        failed=(Failure("c/kosong.txt", "kosong.txt: the file is empty"),),
        chunks_added=9,
        renamed=(Renamed("b/laporan.txt", "laporan (2).txt"),),
    )
    monkeypatch.setattr(type(bot), "ingest", lambda self, paths, progress=False: report)
    monkeypatch.setattr(cli, "_bot", lambda: bot)
    args = cli.build_parser().parse_args(["ingest", "a/laporan.txt", "b/laporan.txt", "c/kosong.txt"])
    assert args.func(args) == cli.EXIT_OK
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "added 2, unchanged 0, replaced 0, renamed 1, failed 1 (9 chunks added)",
        '  kept b/laporan.txt as "laporan (2).txt" (another article already has that name)',
    ]
    assert err.splitlines() == ["  skipped c/kosong.txt: the file is empty"]


@pytest.fixture()
def serve_here(monkeypatch, tmp_path, make_bot):
    """Run `rag serve`'s command in `tmp_path` (outside the repo) with an empty store; serving is recorded, not done."""
    served: list[object] = []
    bot = make_bot()
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RAG_SEEDS_DIR", raising=False)
    monkeypatch.setattr("ui.app.serve", lambda b, **kwargs: served.append(b))
    monkeypatch.setattr(cli, "_bot", lambda: bot)

    def run() -> int:
        args = cli.build_parser().parse_args(["serve"])
        return args.func(args)

    yield run, bot, served
    gc.unfreeze()  # the command readies this process to serve (gc.freeze); the test process is not a server


def test_serve_outside_the_repo_says_there_is_no_seeds_folder(serve_here, tmp_path, capsys):
    run, bot, served = serve_here
    assert run() == cli.EXIT_OK and served == [bot]
    err = capsys.readouterr().err
    assert f"no seeds folder at {tmp_path / 'seeds'}" in err and "RAG_SEEDS_DIR" in err
    assert "Articles tab" in err and "`rag ingest PATH`" in err
    assert "ingesting" not in err  # it does not claim to ingest what is not there
    assert bot.stats()["documents"] == 0


def test_serve_names_the_seeds_that_failed(serve_here, tmp_path, monkeypatch, capsys):
    run, bot, served = serve_here
    seeds = tmp_path / "my seeds"
    seeds.mkdir()
    shutil.copy(next(SEEDS.glob("003_*.txt")), seeds / "liputan6.txt")
    (seeds / "kosong.txt").write_bytes(b"")
    monkeypatch.setenv("RAG_SEEDS_DIR", str(seeds))
    assert run() == cli.EXIT_OK and served == [bot]
    err = capsys.readouterr().err
    assert "added 1" in err and "failed 1" in err
    assert f"skipped {seeds / 'kosong.txt'}: the file is empty" in err
    assert bot.stats()["documents"] == 1


def test_serve_with_only_unreadable_seeds_says_nothing_was_ingested(serve_here, tmp_path, monkeypatch, capsys):
    run, bot, _ = serve_here
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "kosong.txt").write_bytes(b"")
    assert run() == cli.EXIT_OK
    err = capsys.readouterr().err
    assert "kosong.txt: the file is empty" in err
    assert "no article could be read" in err and "RAG_SEEDS_DIR" in err and "`rag ingest PATH`" in err
    assert bot.stats()["documents"] == 0
