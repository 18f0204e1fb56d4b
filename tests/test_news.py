"""Reading across outlets: corroboration, conflicts on dates and figures, recency (real store and embedder)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, rag_command

from rag import Turn, conflict_lines, outlet_line

TAMPANG, LIPUTAN6 = "002_24db7247ff5575ea.txt", "003_5a631abbb720e1ed.txt"


def article(folder: Path, name: str, outlet: str, published: str, title: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"---\ntitle: {title}\noutlet: {outlet}\npublished: {published}\n---\n\n{body}\n", "utf-8")
    return path


def verbatim(bot_folder: Path, citation) -> bool:
    """The quote is in the article file exactly as written."""
    path = next(p for p in bot_folder.rglob(citation.source))
    return citation.quote in path.read_text("utf-8")


def test_docs_give_each_seed_its_outlet_and_publication_date(tmp_path, seeded_store):
    out = subprocess.run([*rag_command(), "docs", "--json"], cwd=ROOT, capture_output=True, text=True, check=True,
                         env={"RAG_STORE_DIR": str(seeded_store), "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"})  # fmt: skip
    docs = {d["outlet"]: d for d in json.loads(out.stdout)}
    assert {k: docs[k]["published"] for k in ("Metrotvnews", "Tampang", "Liputan6")} == {
        "Metrotvnews": "2024-12-05", "Tampang": "2024-06-20", "Liputan6": "2024-06-19"}  # fmt: skip
    assert docs["usmnews"]["published"] is None  # the page gives none: not guessed
    assert set(docs["Metrotvnews"]) >= {"source", "title", "outlet", "published", "author", "chunks"}


@pytest.mark.parametrize(
    "question",
    [
        "Apa yang diberikan Rusia kepada Korea Utara sebagai imbalan atas pasukan?",
        "What does Russia give North Korea in exchange for troops?",
    ],
)
def test_a_claim_two_outlets_report_lists_both(seeded_bot, question):
    answer = seeded_bot.ask(question)
    assert answer.found
    assert {"usmnews", "Metrotvnews"} <= set(answer.outlets)
    cited_outlets = {c.outlet for c in answer.citations}
    assert set(answer.outlets) <= cited_outlets  # every outlet named is backed by a citation
    assert all(verbatim(SEEDS, c) for c in answer.citations)
    line = outlet_line(answer)
    assert line and "usmnews" in line and "Metrotvnews" in line and str(len(answer.outlets)) in line
    assert answer.to_dict()["outlets"] == list(answer.outlets)


@pytest.mark.parametrize(
    "question",
    ["Kapan Putin mengunjungi Korea Utara pada Juni 2024?", "When did Putin visit North Korea in June 2024?"],
)
def test_the_two_dates_given_for_putins_visit_are_reported_as_a_conflict(seeded_bot, question):
    answer = seeded_bot.ask(question)
    dates = [c for c in answer.conflicts if c.kind == "date"]
    assert len(dates) == 1
    values = {v.value: v for v in dates[0].values}
    assert set(values) == {"2024-06-19", "2024-06-20"}
    assert values["2024-06-19"].source == TAMPANG and values["2024-06-20"].source == LIPUTAN6
    by_n = {c.n: c for c in answer.citations}
    for v in values.values():
        assert by_n[v.citation].source == v.source  # each value points at its own citation
        assert v.written in v.quote and v.quote == by_n[v.citation].quote
        assert verbatim(SEEDS, by_n[v.citation])
    assert "Kamis" in values["2024-06-20"].note or "Thursday" in values["2024-06-20"].note  # Rabu is 19/6
    [warning] = conflict_lines(answer)
    assert "2024-06-19" in warning and "2024-06-20" in warning
    assert answer.to_dict()["conflicts"][0]["values"][0]["value"] in {"2024-06-19", "2024-06-20"}


def test_a_when_answer_gives_the_event_day_and_the_report_day(seeded_bot):
    # Liputan6 (published 19/6/2024) writes "Selasa (18/6)": the year and the day come from the article's date
    answer = seeded_bot.ask("Kapan Stoltenberg mengungkapkan kekhawatiran NATO?")
    assert answer.found and "2024-06-18" in answer.text and "2024-06-19" in answer.text
    assert any("2024-06-18" in c.dates for c in answer.citations)


def test_one_outlet_only_says_so_and_refusals_name_none(seeded_bot):
    refusal = seeded_bot.ask("Siapa yang memenangkan Piala Dunia 2022?")
    assert not refusal.found and refusal.outlets == () and outlet_line(refusal) is None


@pytest.fixture(scope="module")
def troops_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("troops")
    article(folder, "harian.md", "Harian Satu", "2024-11-01", "Korea Utara Kirim Pasukan ke Kursk",
            "Badan intelijen Korea Selatan menyebut Korea Utara telah mengirim 10.000 tentara ke wilayah Kursk, "
            "Rusia. Pasukan itu akan dilatih sebelum dikirim ke garis depan.")  # fmt: skip
    article(folder, "warta.md", "Warta Dua", "2024-11-02", "Pasukan Korea Utara Tiba di Kursk",
            "Menurut pejabat Ukraina, Korea Utara telah mengirim 12.000 tentara ke wilayah Kursk, Rusia. "
            "Sebagian besar dari mereka adalah pasukan khusus.")  # fmt: skip
    return folder


@pytest.fixture(scope="module")
def troops_bot(tmp_path_factory, embedder, troops_folder):
    from rag import Bot, Settings

    bot = Bot.from_settings(Settings(store_dir=tmp_path_factory.mktemp("s"), _env_file=None), embedder=embedder)
    bot.ingest([SEEDS, troops_folder])
    return bot


@pytest.mark.parametrize(
    "question", ["Berapa tentara yang dikirim Korea Utara ke Kursk?", "How many troops did North Korea send to Kursk?"]
)
def test_outlets_giving_different_figures_are_a_number_conflict(troops_bot, troops_folder, question):
    answer = troops_bot.ask(question)
    assert answer.found
    [conflict] = [c for c in answer.conflicts if c.kind == "number"]
    values = {v.value: v for v in conflict.values}
    assert set(values) == {"10000", "12000"}
    assert {values["10000"].outlet, values["12000"].outlet} == {"Harian Satu", "Warta Dua"}
    assert "10.000 tentara" in values["10000"].written and "12.000 tentara" in values["12000"].written
    by_n = {c.n: c for c in answer.citations}
    assert all(verbatim(troops_folder, by_n[v.citation]) for v in conflict.values)
    assert {"Harian Satu", "Warta Dua"} <= set(answer.outlets)
    assert any("10000" in line and "12000" in line for line in conflict_lines(answer))


def test_the_same_figure_written_two_ways_is_no_conflict(tmp_path, make_bot):
    article(tmp_path, "a.md", "Harian Satu", "2024-11-01", "Korea Utara Kirim Pasukan ke Kursk",
            "Korea Utara telah mengirim 10.000 tentara ke wilayah Kursk, Rusia, menurut intelijen Korea Selatan.")  # fmt: skip
    article(tmp_path, "b.md", "Warta Tiga", "2024-11-03", "Tentara Korea Utara di Kursk",
            "Korea Utara telah mengirim sekitar 10 ribu tentara ke wilayah Kursk, Rusia, kata pejabat Seoul.")  # fmt: skip
    bot = make_bot()
    bot.ingest([tmp_path])
    answer = bot.ask("Berapa tentara yang dikirim Korea Utara ke Kursk?")
    assert answer.found and answer.conflicts == ()
    assert set(answer.outlets) == {"Harian Satu", "Warta Tiga"}
    # the second outlet's near-identical statement is grouped: named with its [n], not repeated
    assert answer.text.count("Kursk") == 1


def test_latest_prefers_the_newer_article_and_says_who_and_when(tmp_path, make_bot):
    article(tmp_path, "old.md", "Harian Satu", "2024-01-10", "Korea Utara Luncurkan Rudal Balistik",
            "Korea Utara meluncurkan rudal balistik ke Laut Jepang, menurut militer Korea Selatan. "
            "Peluncuran rudal balistik Korea Utara itu dikecam Jepang.")  # fmt: skip
    article(tmp_path, "new.md", "Warta Dua", "2024-03-05", "Pyongyang Kembali Uji Rudal",
            "Korea Utara kembali meluncurkan rudal balistik jarak pendek di lepas pantai timur pada Selasa "
            "(5/3/2024), kata militer Seoul.")  # fmt: skip
    bot = make_bot()
    bot.ingest([tmp_path])
    plain = bot.ask("Apa kabar peluncuran rudal balistik Korea Utara?")
    assert plain.citations[0].source == "old.md"  # the closer wording wins when recency is not asked for
    latest = bot.ask("Apa kabar terbaru peluncuran rudal balistik Korea Utara?")
    assert latest.found and latest.citations[0].source == "new.md"
    assert "Warta Dua" in latest.text and "2024-03-05" in latest.text
    # an article published in January cannot report a launch of 5 March: it is not counted as backing it
    assert latest.outlets == ("Warta Dua",)
    english = bot.ask("What is the latest North Korean missile launch?")
    assert english.found and english.citations[0].source == "new.md"


def test_follow_up_keeps_the_conflict_reading(seeded_bot):
    history = [Turn("user", "Apa yang dibahas Putin dan Kim Jong Un di Pyongyang?"),
               Turn("assistant", "Putin dan Kim Jong Un menandatangani pakta pertahanan.")]  # fmt: skip
    answer = seeded_bot.ask("Kapan Putin berkunjung ke Korea Utara?", history=history)
    assert answer.found
    assert {v.value for c in answer.conflicts for v in c.values} >= {"2024-06-19", "2024-06-20"}


def test_a_store_ingested_before_dates_were_kept_still_reads_them(seeded_bot):
    from rag.answer import candidate_sentences

    query = seeded_bot._query("When did Putin visit North Korea in June 2024?", ())
    nodes = seeded_bot._passages(query)
    stored = candidate_sentences(nodes)
    for hit in nodes:  # an older store's chunks carry no "dates" metadata
        hit.node.metadata.pop("dates")
    read = candidate_sentences(nodes)
    assert [s.dates for s in read] == [s.dates for s in stored]
    assert any(d.first == "2024-06-18" for s in read for d in s.dates)  # "Selasa (18/6)" in Liputan6
