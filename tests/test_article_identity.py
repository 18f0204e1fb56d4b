"""Articles that share a file name: a different article is kept beside the first, a new version replaces it."""

from __future__ import annotations

import os
import subprocess

from conftest import ROOT, SEEDS, rag_command
from test_store_integrity import HEADS, VILLAGES, write_article


def test_a_different_article_with_a_taken_name_is_kept_beside_the_first(make_bot, tmp_path):
    bot = make_bot()
    first = write_article(tmp_path / "a", 0, name="laporan.txt")
    second = write_article(tmp_path / "b", 1, name="laporan.txt")
    assert bot.ingest([first]).added == ("laporan.txt",)
    report = bot.ingest([second])
    assert report.added == ("laporan (2).txt",) and report.replaced == ()
    assert [(r.path, r.source) for r in report.renamed] == [(str(second), "laporan (2).txt")]
    assert report.stored_as(second) == "laporan (2).txt"
    assert {d["source"] for d in bot.docs()} == {"laporan.txt", "laporan (2).txt"}
    for i, source in ((0, "laporan.txt"), (1, "laporan (2).txt")):
        answer = bot.ask(f"Siapa kepala Desa {VILLAGES[i]}?")
        assert answer.found and answer.citations[0].source == source and HEADS[i] in answer.text
    assert (tmp_path / "a" / "laporan.txt").exists() and (tmp_path / "b" / "laporan.txt").exists()


def test_rerunning_and_editing_the_renamed_file_updates_its_own_copy(make_bot, tmp_path):
    bot = make_bot()
    bot.ingest([write_article(tmp_path / "a", 0, name="laporan.txt")])
    second = write_article(tmp_path / "b", 1, name="laporan.txt")
    bot.ingest([second])
    again = bot.ingest([tmp_path / "a", tmp_path / "b"])
    assert sorted(again.unchanged) == ["laporan (2).txt", "laporan.txt"] and again.added == ()
    second.write_text(second.read_text("utf-8").replace(HEADS[1], "Purnomo"), encoding="utf-8")  # same path, edited
    edited = bot.ingest([second])
    assert edited.replaced == ("laporan (2).txt",) and edited.added == ()
    assert bot.stats()["documents"] == 2
    assert "Purnomo" in bot.ask(f"Siapa kepala Desa {VILLAGES[1]}?").text
    assert HEADS[0] in bot.ask(f"Siapa kepala Desa {VILLAGES[0]}?").text


def test_two_different_files_with_one_name_in_one_run_are_both_kept(make_bot, tmp_path):
    bot = make_bot()
    a, b = write_article(tmp_path / "a", 2, name="berita.txt"), write_article(tmp_path / "b", 3, name="berita.txt")
    report = bot.ingest([tmp_path / "a", tmp_path / "b"])
    assert sorted(report.added) == ["berita (2).txt", "berita.txt"] and not report.failed
    assert report.stored_as(a) == "berita.txt" and report.stored_as(b) == "berita (2).txt"
    assert bot.stats()["documents"] == 2


def test_a_new_version_with_the_same_headline_replaces_the_old_one(make_bot, tmp_path):
    bot = make_bot()
    bot.ingest([write_article(tmp_path / "a", 4, name="jembatan.txt")])
    update = write_article(tmp_path / "b", 4, name="jembatan.txt")  # same headline, from another folder
    update.write_text(update.read_text("utf-8") + "Jembatan itu kini juga dilalui sepeda motor.\n", encoding="utf-8")
    report = bot.ingest([update])
    assert report.replaced == ("jembatan.txt",) and report.added == () and report.renamed == ()
    assert bot.stats()["documents"] == 1
    assert bot.ask("Apakah jembatan itu dilalui sepeda motor?").citations[0].source == "jembatan.txt"


def test_an_article_named_like_a_seed_does_not_replace_the_seed(make_bot, tmp_path):
    bot = make_bot()
    bot.ingest([SEEDS])
    seed = next(SEEDS.glob("003_*.txt"))
    before = {d["source"]: d for d in bot.docs()}[seed.name]
    lookalike = write_article(tmp_path / "upload", 5, name=seed.name)
    report = bot.ingest([lookalike])
    stored = report.stored_as(lookalike)
    assert stored and stored != seed.name and report.replaced == ()
    assert bot.stats()["documents"] == 5
    assert {d["source"]: d for d in bot.docs()}[seed.name] == before  # the seed's title, outlet, chunks are kept
    assert seed.name in {c.source for c in bot.ask("Siapa Bonnie Jenkins?").citations}
    assert bot.ask(f"Siapa kepala Desa {VILLAGES[5]}?").citations[0].source == stored


def test_cli_keeps_two_same_named_files_from_two_folders(tmp_path):
    env = dict(os.environ, RAG_STORE_DIR=str(tmp_path / "store"), HF_HUB_OFFLINE="1")

    def rag(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*rag_command(), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)

    assert rag("ingest", str(write_article(tmp_path / "a", 6, name="laporan.txt"))).returncode == 0
    out = rag("ingest", str(write_article(tmp_path / "b", 7, name="laporan.txt")))
    assert out.returncode == 0, out.stderr
    assert "laporan (2).txt" in out.stdout + out.stderr  # the user is told where the second one went
    docs = rag("docs").stdout
    assert "laporan.txt" in docs and "laporan (2).txt" in docs
