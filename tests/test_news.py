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


def _two_launch_reports(folder: Path, first_published: str) -> None:
    article(folder, "old.md", "Harian Satu", first_published, "Korea Utara Luncurkan Rudal Balistik",
            "Korea Utara meluncurkan rudal balistik ke Laut Jepang, menurut militer Korea Selatan. "
            "Peluncuran rudal balistik Korea Utara itu dikecam Jepang.")  # fmt: skip
    article(folder, "new.md", "Warta Dua", "2024-03-05", "Pyongyang Kembali Uji Rudal",
            "Korea Utara kembali meluncurkan rudal balistik jarak pendek di lepas pantai timur pada Selasa "
            "(5/3/2024), kata militer Seoul.")  # fmt: skip


def test_latest_prefers_the_newer_article_and_says_who_and_when(tmp_path, make_bot):
    _two_launch_reports(tmp_path, "2024-01-10")
    bot = make_bot()
    bot.ingest([tmp_path])
    assert bot.ask("Apa kabar peluncuran rudal balistik Korea Utara?").found  # both reports answer it
    latest = bot.ask("Apa kabar terbaru peluncuran rudal balistik Korea Utara?")
    assert latest.found and latest.citations[0].source == "new.md"
    assert "Warta Dua" in latest.text and "2024-03-05" in latest.text
    # an article published in January cannot report a launch of 5 March: it is not counted as backing it
    assert latest.outlets == ("Warta Dua",)
    english = bot.ask("What is the latest North Korean missile launch?")
    assert english.found and english.citations[0].source == "new.md"
    # the same two texts with the other one published later: the date decides, not the wording
    later = tmp_path / "later"
    later.mkdir()
    _two_launch_reports(later, "2024-04-01")
    swapped = make_bot()
    swapped.ingest([later])
    latest = swapped.ask("Apa kabar terbaru peluncuran rudal balistik Korea Utara?")
    assert latest.found and latest.citations[0].source == "old.md"
    assert "Harian Satu" in latest.text and "2024-04-01" in latest.text


def test_follow_up_keeps_the_conflict_reading(seeded_bot):
    history = [Turn("user", "Apa yang dibahas Putin dan Kim Jong Un di Pyongyang?"),
               Turn("assistant", "Putin dan Kim Jong Un menandatangani pakta pertahanan.")]  # fmt: skip
    answer = seeded_bot.ask("Kapan Putin berkunjung ke Korea Utara?", history=history)
    assert answer.found
    assert {v.value for c in answer.conflicts for v in c.values} >= {"2024-06-19", "2024-06-20"}


def test_a_store_ingested_before_dates_were_kept_still_reads_them(seeded_bot):
    from rag.sentences import candidate_sentences

    query = seeded_bot.understand("When did Putin visit North Korea in June 2024?", ())
    nodes = seeded_bot.passages(query)
    stored = candidate_sentences(nodes)
    for hit in nodes:  # an older store's chunks carry no "dates" metadata
        hit.node.metadata.pop("dates")
    read = candidate_sentences(nodes)
    assert [s.dates for s in read] == [s.dates for s in stored]
    assert any(d.first == "2024-06-18" for s in read for d in s.dates)  # "Selasa (18/6)" in Liputan6


# --- figures that change over time are not conflicts; figures for the same thing at the same time are ---

CIPINANG = "Harga beras medium di Pasar Induk Cipinang"


def price_answer(folder: Path, make_bot, first: tuple[str, str, str], second: tuple[str, str, str], both=True):
    """Ingest two one-paragraph articles (outlet, published, body) and ask what medium rice costs."""
    for name, (outlet, published, body) in zip(("a.md", "b.md"), (first, second), strict=True):
        article(folder, name, outlet, published, f"{CIPINANG} ({outlet})", body)
    bot = make_bot()
    bot.ingest([folder])
    answer = bot.ask("Berapa harga beras medium di Pasar Induk Cipinang?")
    assert answer.found
    if both:  # both accounts give the price for the same time: both were read and cited
        assert {first[0], second[0]} <= set(answer.outlets)
    else:  # a price for another month is another fact: that outlet is not named as backing
        assert len(answer.outlets) == 1
    return answer


@pytest.mark.parametrize(
    ("first", "second", "both"),
    [
        (  # each outlet gives the new price and the one it rose from
            ("Harian Satu", "2025-02-06", f"{CIPINANG} kini mencapai Rp 14.800 per kilogram, naik dari "
             "Rp 13.200 per kilogram pada awal Januari. Pedagang menyebut pasokan dari daerah berkurang."),
            ("Warta Dua", "2025-02-07", f"{CIPINANG} naik dari Rp 13.200 per kilogram menjadi Rp 14.800 per "
             "kilogram dalam sebulan terakhir. Pedagang mengeluhkan pasokan yang seret."),
            True,
        ),
        (  # one outlet reported January's price, the other February's
            ("Harian Satu", "2025-01-09", f"{CIPINANG} pada awal Januari tercatat Rp 13.200 per kilogram. "
             "Pedagang menyebut pasokan masih lancar."),
            ("Warta Dua", "2025-02-06", f"{CIPINANG} pada Februari mencapai Rp 14.800 per kilogram. "
             "Pedagang mengeluhkan pasokan yang seret."),
            False,
        ),
    ],
)  # fmt: skip
def test_an_old_and_a_new_price_from_two_outlets_are_not_a_conflict(tmp_path, make_bot, first, second, both):
    answer = price_answer(tmp_path, make_bot, first, second, both)
    if both:
        quotes = " ".join(c.quote for c in answer.citations)
        assert "Rp 14.800 per kilogram" in quotes and "Rp 13.200 per kilogram" in quotes  # both figures compared
    assert answer.conflicts == () and conflict_lines(answer) == []


def test_two_outlets_giving_different_prices_for_the_same_day_are_a_conflict(tmp_path, make_bot):
    answer = price_answer(
        tmp_path, make_bot,
        ("Harian Satu", "2025-02-06", f"{CIPINANG} pada Kamis (6/2/2025) mencapai Rp14.800 per kilogram, naik "
         "dari Rp13.200 pada awal Januari. Pedagang menyebut pasokan dari daerah berkurang."),
        ("Warta Dua", "2025-02-07", f"{CIPINANG} pada Kamis (6/2/2025) mencapai Rp15.200 per kilogram. "
         "Pedagang mengeluhkan pasokan yang seret."),
    )  # fmt: skip
    [conflict] = answer.conflicts  # the old price Rp13.200 is not among the disputed values
    values = {v.value: v for v in conflict.values}
    assert set(values) == {"14800", "15200"} and conflict.about == "Rp per kilogram"
    assert values["14800"].outlet == "Harian Satu" and values["14800"].written == "Rp14.800 per kilogram"
    assert values["15200"].outlet == "Warta Dua" and values["15200"].written in values["15200"].quote
    [line] = conflict_lines(answer)
    assert "Harian Satu" in line and "Warta Dua" in line and "14800" in line and "15200" in line


def test_the_evacuee_counts_of_two_reports_for_the_same_afternoon_are_a_conflict(tmp_path, make_bot):
    # the two reports of the Welang eruption in ../shared/corpus/general, a day apart, count the same afternoon
    article(tmp_path, "kabar.md", "KabarJatim", "2025-03-03", "Gunung Welang Erupsi, Warga Dievakuasi",
            "Badan Penanggulangan Bencana Daerah (BPBD) Lumajang mencatat 4.126 jiwa dari 11 desa telah "
            "dievakuasi hingga Senin (3/3/2025) sore. Mereka ditampung di 14 titik pengungsian.")  # fmt: skip
    article(tmp_path, "warta.md", "WartaSatu", "2025-03-04", "Pengungsi Erupsi Welang Tersebar di 14 Titik",
            "Berdasarkan data posko tanggap darurat kabupaten, jumlah warga yang dievakuasi hingga Senin "
            "(3/3/2025) sore tercatat 3.870 jiwa. Para pengungsi berasal dari 11 desa.")  # fmt: skip
    bot = make_bot()
    bot.ingest([tmp_path])
    answer = bot.ask("Berapa jiwa yang telah dievakuasi hingga Senin sore?")
    [conflict] = [c for c in answer.conflicts if c.about == "jiwa"]
    assert {(v.outlet, v.value) for v in conflict.values} == {("KabarJatim", "4126"), ("WartaSatu", "3870")}


def account(n: int, outlet: str, published: str, text: str):
    """One outlet's sentence as the answer cites it: (Citation, Sentence), its dates read as at ingest."""
    from rag.dates import event_dates
    from rag.sentences import Sentence, citation

    meta = {"source": f"{outlet}.md", "outlet": outlet, "published": published}
    s = Sentence(text, 0, len(text), 0, meta, frozenset(), frozenset(), text, tuple(event_dates(text, published)))
    return citation(n, s, 1.0), s


def disputed(first: tuple[str, str], second: tuple[str, str]) -> set[frozenset[str]]:
    """The pairs of figures a "how many" answer citing these two outlets' sentences flags as a conflict."""
    from rag.news import find_conflicts
    from rag.quantity import quantities

    cited = [account(1, "Harian Satu", *first), account(2, "Warta Dua", *second)]
    assert all(quantities(s) for _, s in cited)  # both figures are read; whether they conflict is the question
    conflicts = find_conflicts("quantity", cited, "id")
    return {frozenset(v.value for v in c.values) for c in conflicts}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("2025-02-06", "Cabai rawit kini dijual Rp60.000 per kilogram, naik dari Rp45.000 per kilogram pekan lalu."),
         ("2025-02-07", "Cabai rawit dijual Rp60.000 per kilogram di pasar tradisional.")),
        (("2025-02-06", "Tarif bus kota naik dari Rp3.500 per perjalanan menjadi Rp5.000 per perjalanan."),
         ("2025-02-07", "Tarif bus kota kini Rp5.000 per perjalanan.")),
        (("2025-02-06", "Tarif bus kota kini Rp5.000 per perjalanan."),
         ("2025-02-07", "Sebelumnya, tarif bus kota Rp3.500 per perjalanan.")),
        (("2025-02-06", "The bus fare is now $2.90 per ride, up from $2.75 per ride."),
         ("2025-02-07", "The bus fare is $2.90 per ride.")),
        (("2025-02-06", "The bus fare went from $2.75 per ride to $2.90 per ride."),
         ("2025-02-07", "The bus fare is $2.90 per ride.")),
        (("2025-02-06", "Exports reached 5 million tonnes, compared with 4 million tonnes a year earlier."),
         ("2025-02-07", "Exports reached 5 million tonnes.")),
        (("2025-02-06", "Exports reached 5 million tonnes; they were previously 4 million tonnes."),
         ("2025-02-07", "Exports reached 5 million tonnes.")),
        (("2025-02-06", "Pada 2021 tercatat 1.200 wisatawan asing berkunjung ke pulau itu."),
         ("2025-02-07", "Pada 2024 tercatat 2.500 wisatawan asing berkunjung ke pulau itu.")),
        (("2025-02-06", "Pada awal Januari beras medium dijual Rp13.200 per kilogram."),
         ("2025-02-20", "Pada Februari beras medium dijual Rp14.800 per kilogram.")),
        (("2025-01-08", "Beras medium dijual Rp13.200 per kilogram."),  # no time named: as of a month apart
         ("2025-02-06", "Beras medium dijual Rp14.800 per kilogram.")),
        (("2025-03-03", "Hingga Senin (3/3/2025) sore tercatat 3.870 jiwa dievakuasi."),
         ("2025-03-04", "Hingga Selasa (4/3/2025) pagi tercatat 4.500 jiwa dievakuasi.")),
    ],
)  # fmt: skip
def test_a_figure_that_changed_over_time_is_not_a_conflict(first, second):
    assert disputed(first, second) == set()


@pytest.mark.parametrize(
    ("first", "second", "values"),
    [
        (("2025-03-03", "BPBD mencatat 4.126 jiwa dari 11 desa telah dievakuasi hingga Senin (3/3/2025) sore."),
         ("2025-03-04", "Jumlah warga yang dievakuasi hingga Senin (3/3/2025) sore tercatat 3.870 jiwa."),
         {"4126", "3870"}),
        (("2025-04-14", "The smelter will cost US$2.4 billion, its backers say."),
         ("2025-04-15", "The smelter is expected to cost $2.1 billion."), {"2400000000", "2100000000"}),
        (("2025-05-21", "Proyek jembatan itu bernilai Rp3,1 miliar."),
         ("2025-05-22", "Nilai proyek jembatan itu Rp 3,4 miliar."), {"3100000000", "3400000000"}),
        (("2025-02-06", "Cabai rawit dijual Rp50.000/kg di Pasar Induk."),
         ("2025-02-06", "Harga cabai rawit Rp55.000 per kg di Pasar Induk."), {"50000", "55000"}),
        (("2025-02-06", "Beras medium kini Rp14.800 per kilogram, naik dari Rp13.200 per kilogram pada awal Januari."),
         ("2025-02-07", "Beras medium kini dijual Rp15.200 per kilogram."), {"14800", "15200"}),
        (("2025-02-06", "Pada 2024 tercatat 2.500 wisatawan asing berkunjung ke pulau itu."),
         ("2025-02-07", "Sepanjang tahun 2024 sebanyak 2.700 wisatawan asing berkunjung ke pulau itu."),
         {"2500", "2700"}),
    ],
)  # fmt: skip
def test_different_figures_for_the_same_thing_at_the_same_time_are_a_conflict(first, second, values):
    assert disputed(first, second) == {frozenset(values)}
