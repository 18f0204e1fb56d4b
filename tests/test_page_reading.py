"""Reading pages of any outlet: headline, outlet, date and author from the page itself, and cleaning
that removes page furniture but never article text."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import GENERAL, ROOT, SEEDS
from test_cli import rag

from rag.articles import parse_article, read_article
from rag.pagemeta import byline_author, publication_date
from ui.app import doc_rows
from ui.render import upload_markdown

QA_SETS = [(ROOT.parent / "shared" / "qa" / "dev_qa.jsonl", SEEDS), (GENERAL / "qa.jsonl", GENERAL / "articles")]


def content(article) -> list[str]:
    return [article.text[s:e] for s, e in article.segments]


def same_outlet(a: str | None, b: str | None) -> bool:
    """Outlets compared as the corpus README says: without case, spaces or a .com/.id suffix."""
    norm = lambda o: re.sub(r"(\.co\.id|\.com|\.id)$", "", re.sub(r"\s+", "", (o or "").lower()))  # noqa: E731
    return norm(a) == norm(b)


def test_rag_docs_reads_headline_outlet_date_and_author_of_pages_from_ten_other_sites(tmp_path):
    store = tmp_path / "store"
    assert rag("ingest", str(GENERAL / "articles"), store=store).returncode == 0
    listed = rag("docs", "--json", store=store)
    assert listed.returncode == 0, listed.stderr
    docs = {d["source"]: d for d in json.loads(listed.stdout)}
    expected = json.loads((GENERAL / "meta.json").read_text("utf-8"))
    wrong = []
    for name, want in expected.items():
        got = docs[name]
        for field in ("outlet", "published", "author", "title"):
            ok = same_outlet(got[field], want[field]) if field == "outlet" else got[field] == want[field]
            if not ok:
                wrong.append(f"{name} {field}: {got[field]!r}, expected {want[field]!r}")
    assert len(wrong) <= 40 - 37, wrong  # the issue asks for at least 37 of the fields right
    # the page without a date line says so in the plain listing, and is given no guessed date
    text = rag("docs", store=store).stdout
    undated = next(line for line in text.splitlines() if line.startswith("05_aturan_zonasi"))
    assert "no date" in undated and docs["05_aturan_zonasi_penerimaan_murid.txt"]["published"] is None


@pytest.mark.parametrize(("qa", "folder"), QA_SETS, ids=["seeds", "general"])
def test_every_sentence_a_question_relies_on_survives_cleaning(qa, folder):
    lost = []
    for item in map(json.loads, qa.read_text("utf-8").splitlines()):
        for source in item["sources"]:
            lines = [line.lower() for line in content(read_article(folder / source, 10_000_000))]
            if not any(all(any(alt.lower() in line for alt in group) for group in item["must"]) for line in lines):
                lost.append(f"{item['id']} in {source}")
    assert not lost, f"the answer's sentence was removed as boilerplate: {lost}"


SPORTS_PAGE = """SkorKita.com
Berita | Liga | Jadwal | Klasemen
Tim Rajawali Juarai Turnamen Pramusim Setelah Tiga Laga Tanpa Kalah
Sabtu, 5 Juli 2025 - 21:10 WIB
BANDUNG, SkorKita.com - Tim Rajawali menjuarai turnamen pramusim di Stadion Sidolig setelah tidak terkalahkan dalam tiga pertandingan yang berlangsung sejak Rabu pekan ini.
Hasil tiga laga Rajawali:
2-1, 0-0, 3-2
Tahun  Gol  Kebobolan
2024  41  30
2025  12  5
"Juara!"
Rekomendasi
Jadwal Pekan Depan Liga Amatir
Pelatih Baru Tim Garuda Diperkenalkan
Pelatih Rajawali, Sutan Harahap, mengatakan hasil ini menjadi modal penting menjelang kompetisi resmi yang dimulai bulan depan di kandang sendiri.
Kapten tim, Yosef Kogoya, menyebut para pemain muda tampil lebih percaya diri dibanding musim lalu.
Penulis: rina ayu | Editor: Budi Hartono
Tags: #Rajawali #Pramusim
Berita Terkait
- Rajawali Rekrut Dua Pemain Asing
Bagikan: 12 kali dibagikan
"""


def test_score_lines_figures_and_short_quotes_survive_and_a_link_box_does_not_end_the_article():
    article = parse_article("rajawali.txt", SPORTS_PAGE)
    kept = content(article)
    for line in ("2-1, 0-0, 3-2", "2024  41  30", "2025  12  5", '"Juara!"', "Hasil tiga laga Rajawali:"):
        assert line in kept
    # the link box in the middle goes; the article after it stays, up to the byline
    assert "Jadwal Pekan Depan Liga Amatir" not in kept
    assert any(line.startswith("Pelatih Rajawali, Sutan Harahap") for line in kept)
    assert any(line.startswith("Kapten tim, Yosef Kogoya") for line in kept)
    assert "Penulis: rina ayu | Editor: Budi Hartono" in kept  # a byline question can still cite it
    for furniture in ("Berita | Liga | Jadwal | Klasemen", "Tags: #Rajawali #Pramusim", "Bagikan: 12 kali dibagikan",
                      "- Rajawali Rekrut Dua Pemain Asing", "SkorKita.com"):  # fmt: skip
        assert furniture not in kept
    assert article.title == "Tim Rajawali Juarai Turnamen Pramusim Setelah Tiga Laga Tanpa Kalah"
    assert (article.outlet, article.published) == ("SkorKita", "2025-07-05")


QUOTING_PAGE = """Harga Cabai Rawit Turun Menjelang Akhir Pekan di Pasar Tradisional
Jumat, 7 Juni 2024 | 09:00 WIB
SURABAYA, PasarKini.id - Harga cabai rawit di sejumlah pasar tradisional Surabaya turun menjadi Rp40.000 per kilogram, seperti dikutip dari Liputan6.com, setelah pasokan dari petani meningkat pekan ini.
Data serupa dilansir Detik.com dan Kompas.com, yang menyebut harga turun di beberapa kota lain di Jawa Timur pada periode yang sama.
Menurut Tempo.co.id, harga bawang merah juga ikut turun sekitar sepuluh persen dibanding pekan lalu di pasar yang sama.
"""


def test_a_page_quoting_three_other_outlets_keeps_its_own():
    assert parse_article("cabai.txt", QUOTING_PAGE).outlet == "PasarKini"
    # without a dateline or banner of its own, a quoted outlet is still not taken for the publisher
    anonymous = QUOTING_PAGE.replace("SURABAYA, PasarKini.id - ", "")
    assert parse_article("cabai.txt", anonymous).outlet is None


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Senin, 3 Maret 2025 - 21:40 WIB", "2025-03-03"),
        ("04/03/2025 08:05", "2025-03-04"),
        ("Kamis, 6 Februari 2025 | 13:20 WIB", "2025-02-06"),
        ("2025-02-11 16:45", "2025-02-11"),
        ("Published: April 14, 2025 9:30 am | Updated: April 15, 2025 3:05 pm", "2025-04-14"),
        ("Diperbarui 21 Mei 2025, 14:02 WIB", "2025-05-21"),
        ("27/05/2025, 11:00 WIB", "2025-05-27"),
        ("Jakarta | Fri, June 7, 2024 | 10:21 am", "2024-06-07"),
        ("Selasa, 10 Sep 2024", "2024-09-10"),
        ("04/14/2025 09:30", "2025-04-14"),  # month first: a US page
        ("Pendaftaran dibuka pada 2 Juni 2025 di seluruh sekolah negeri.", None),  # an event, not a date line
        ("Skor akhir 2-1 pada menit 90", None),
    ],
)
def test_date_lines_in_common_formats(line, iso):
    assert publication_date(line) == iso


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Penulis: Galih Prasetyo | Editor: Nurul Aini", "Galih Prasetyo"),
        ("penulis: Rina Ayu", "Rina Ayu"),
        ("Reporter: Teguh Santoso Wibisono", "Teguh Santoso Wibisono"),
        ("Laporan: Dewi Lestari", "Dewi Lestari"),
        ("Oleh: Maria Goreti Lamuri", "Maria Goreti Lamuri"),
        ("By ADITYA WIRAWAN", "Aditya Wirawan"),
        ("oleh Khairisa Ferida diperbarui 19 Jun 2024, 17:23 WIB", "Khairisa Ferida"),
        ("Fajar Nugraha • 5 December 2024 11:53", "Fajar Nugraha"),
        ("Editor: Bagus Dwi Indrawan", None),  # an editor is not the author
        ("Editing by Clara Simanjuntak", None),
        ("Oleh karena itu, warga diminta waspada.", None),
        ("By Monday, the company had hired 300 workers", None),
    ],
)
def test_bylines(line, name):
    assert byline_author(line) == name


def test_headline_is_not_a_menu_breadcrumb_banner_or_tagline():
    page = """GLOBAL TIMES ONLINE
Your trusted news since 1990
Home / World / Asia
Flood Waters Recede in Northern Province as Thousands Return Home
By Sam Okafor
Mon, July 7, 2025 | 8:00 am
Villagers wade through a flooded street on Sunday. (Global Times/Sam Okafor)
Thousands of residents began returning to their homes in the northern province on Monday as flood waters receded, officials said, a week after heavy rains forced them to flee.
"""
    article = parse_article("flood.txt", page)
    assert article.title == "Flood Waters Recede in Northern Province as Thousands Return Home"
    assert (article.outlet, article.published, article.author) == ("Global Times Online", "2025-07-07", "Sam Okafor")
    assert not article.title_from_name
    assert "Your trusted news since 1990" not in content(article)  # what stands above the headline is furniture


def test_a_page_with_no_headline_is_titled_by_its_file_name_and_the_upload_says_so(make_bot, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    menus = folder / "pemadaman_listrik.txt"
    menus.write_text(
        "Beranda | Berita | Daerah\nPERISTIWA\n"
        "Pemerintah kota mengumumkan pemadaman listrik bergilir selama tiga hari di wilayah utara karena "
        "perbaikan gardu induk yang rusak akibat banjir pekan lalu.\n",
        "utf-8",
    )
    bot = make_bot()
    report = bot.ingest([menus])
    assert report.untitled == ("pemadaman_listrik.txt",)
    row = next(r for r in doc_rows(bot) if r[0] == "pemadaman_listrik.txt")
    assert row[4] == "pemadaman listrik" and row[2] == "no date"
    assert "titled by its file name" in upload_markdown(report, [menus])
    answer = bot.ask("Berapa lama pemadaman listrik bergilir?")
    assert answer.found and "tiga hari" in answer.citations[0].quote


def test_seed_pages_keep_their_metadata_and_the_seed_title_lines():
    for path in sorted(Path(SEEDS).glob("*.txt")):
        article = read_article(path, 10_000_000)
        assert article.title in content(article) and not article.title_from_name


def test_readers_comments_are_not_article_text():
    page = (
        "Jembatan Baru di Kota Hulu Dibuka untuk Umum Mulai Pekan Ini\n"
        "Senin, 2 Juni 2025 - 10:00 WIB\n"
        "HULU, BeritaHulu.id - Jembatan baru sepanjang 120 meter di Kota Hulu resmi dibuka untuk umum pada Senin "
        "pagi setelah dibangun selama dua tahun dengan biaya Rp48 miliar.\n"
        "3 Komentar\n"
        "Saya sudah lewat jembatan itu tadi pagi dan menurut saya jalannya masih bergelombang di beberapa titik "
        "sehingga pengendara motor harus sangat berhati-hati.\n"
    )
    kept = content(parse_article("jembatan.txt", page))
    assert any(line.startswith("HULU, BeritaHulu.id") for line in kept)
    assert not any("bergelombang" in line for line in kept)


def ask_one_article(make_bot, folder: Path, name: str, text: str, question: str):
    """The answer to `question` from a bot over one article written in the test."""
    page = folder / name
    page.write_text(text, "utf-8")
    bot = make_bot()
    bot.ingest([page])
    return bot.ask(question)


def test_the_answer_to_when_gives_the_day_and_clock_time_the_article_states(make_bot, tmp_path):
    answer = ask_one_article(
        make_bot,
        tmp_path,
        "gunung.txt",
        "Status Gunung Rinjani Dinaikkan ke Level Siaga Setelah Gempa Beruntun\n"
        "Senin, 3 Maret 2025 - 09:00 WIB\n"
        "MATARAM, KabarNTB.com - Badan Geologi menaikkan status Gunung Rinjani ke Level Siaga pada Minggu "
        "(2/3/2025) pukul 22.00 WITA setelah ratusan gempa vulkanik tercatat dalam sehari.\n"
        "Warga diminta menjauhi kawah dalam radius lima kilometer sampai pemberitahuan berikutnya.\n",
        "Kapan status Gunung Rinjani dinaikkan ke Level Siaga?",
    )
    assert answer.found and "pukul 22.00" in answer.citations[0].quote
    assert "2025-03-02 22:00" in answer.text


def test_a_preview_articles_weekday_is_the_coming_day(make_bot, tmp_path):
    answer = ask_one_article(
        make_bot,
        tmp_path,
        "final.txt",
        "Final Piala Kota Akan Digelar di Stadion Harapan Akhir Pekan Ini\n"
        "Kamis, 13 Maret 2025 - 15:30 WIB\n"  # published on Thursday 13 March 2025
        "SERANG, WartaBanten.id - Partai final Piala Kota antara Banten Jaya dan Cilegon United akan digelar "
        "pada Minggu pukul 19.00 WIB di Stadion Harapan.\n"
        "Panitia menyiapkan 12.000 tiket yang dijual mulai Jumat pagi melalui aplikasi resmi turnamen.\n",
        "Kapan final Piala Kota digelar?",
    )
    assert answer.found and "pada Minggu" in answer.citations[0].quote
    assert "2025-03-16 19:00" in answer.text  # the coming Sunday, not the Sunday before the article
    assert not answer.conflicts
