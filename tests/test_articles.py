"""Reading articles: boilerplate removed, metadata found, bad files refused with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.articles import parse_article, read_article
from rag.cleaner import Cleaner
from rag.errors import BadDocument

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
BOILERPLATE = ["Continue Reading", "BERITA TERKAIT", "POLLING", "Leave a Reply", "Click to comment",
               "Connect with us", "Komentar", "BACA BERITA LAINNYA", "Jangan lupa ikuti", "<123>", "Rekomendasi"]  # fmt: skip


def seed(prefix: str):
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return read_article(path, 10_000_000)


@pytest.mark.parametrize(
    ("prefix", "outlet", "published", "author", "title_start"),
    [
        ("000", "usmnews", None, None, "Rusia Barter Teknologi Nuklir"),
        ("001", "Metrotvnews", "2024-12-05", "Fajar Nugraha", "Rusia Dukung Program Nuklir"),
        ("002", "Tampang", "2024-06-20", None, "Putin dan Kim Jong Un Teken Pakta"),
        ("003", "Liputan6", "2024-06-19", "Khairisa Ferida", "NATO Khawatir Rusia Bakal Dukung"),
    ],
)
def test_seed_metadata(prefix, outlet, published, author, title_start):
    article = seed(prefix)
    assert article.outlet == outlet
    assert article.published == published  # usmnews states no publication date: none is guessed
    assert article.author == author
    assert article.title.startswith(title_start)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_boilerplate_removed_content_kept(prefix):
    article = seed(prefix)
    content = "\n".join(article.text[s:e] for s, e in article.segments)
    for junk in BOILERPLATE:
        assert junk not in content
    raw = (next(SEEDS.glob(f"{prefix}_*.txt"))).read_text("utf-8")
    assert article.text == raw  # the raw text is kept; segments point into it
    longest = max(raw.splitlines(), key=len).strip()
    assert longest in content  # the main paragraph survives


def test_title_repeated_in_scrape_is_kept_once():
    article = seed("000")
    lines = [article.text[s:e] for s, e in article.segments]
    assert lines.count(article.title) == 1


def test_cleaner_is_driven_by_its_data():
    cleaner = Cleaner.from_json('{"drop": ["ADVERTORIAL"], "cutoff": ["-- end --"]}')
    text = "Judul berita yang panjang\nADVERTORIAL\nIsi kalimat pertama di sini.\n-- end --\nTautan lain"
    kept = [text[s:e] for s, e in cleaner.content_lines(text)]
    assert kept == ["Judul berita yang panjang", "Isi kalimat pertama di sini."]


def test_markdown_front_matter_and_heading():
    md = "---\ntitle: Uji Coba Rudal Baru\noutlet: Kompas\ndate: 2024-07-01\nauthor: Budi Santoso\n---\n# Uji Coba Rudal Baru\n\nKorea Utara menguji rudal baru pada Senin pagi.\n"
    article = parse_article("a.md", md, "markdown")
    assert (article.title, article.outlet, article.published, article.author) == (
        "Uji Coba Rudal Baru", "Kompas", "2024-07-01", "Budi Santoso")  # fmt: skip
    assert all(not article.text[s:e].startswith("#") for s, e in article.segments)


def test_html_scripts_and_navigation_dropped_meta_used():
    page = """<html><head><title>Judul Halaman</title>
    <meta property="og:site_name" content="Antara"><meta property="article:published_time" content="2024-08-17T10:00:00+07:00">
    <script>alert('x')</script></head><body><nav>Beranda | Politik</nav>
    <h1>Rusia dan Korea Utara Perkuat Kerja Sama</h1><p>Kedua negara menandatangani perjanjian baru di Moskow.</p>
    <footer>Hak cipta</footer></body></html>"""
    article = parse_article("a.html", page, "html")
    content = "\n".join(article.text[s:e] for s, e in article.segments)
    assert "alert" not in content and "Beranda" not in content and "Hak cipta" not in content
    assert "Kedua negara menandatangani perjanjian baru di Moskow." in content
    assert (article.outlet, article.published) == ("Antara", "2024-08-17")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("latin1.txt", "Berita tentang Pyongyang dan Moskow édition".encode("latin-1"), "UTF-8"),
        ("notes.pdf", b"%PDF-1.4", "unsupported"),
    ],
)
def test_bad_files_raise_bad_document(tmp_path, name, data, reason):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(BadDocument, match=reason):
        read_article(path, 10_000_000)


def test_file_over_size_limit_is_refused(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("Kalimat panjang. " * 1000)
    with pytest.raises(BadDocument, match="RAG_MAX_FILE_MB"):
        read_article(path, 1000)


def test_file_that_understates_its_size_is_cut_at_the_limit(tmp_path):
    # /proc files report 0 bytes and hold more: the limit holds for what is read, not what stat says
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("needs Linux /proc")
    link = tmp_path / "status.txt"
    link.symlink_to(status)
    assert link.stat().st_size == 0 and len(status.read_bytes()) > 200
    with pytest.raises(BadDocument, match=r"over the limit \(RAG_MAX_FILE_MB\)"):
        read_article(link, 200)


def test_link_to_a_device_is_refused_and_link_to_an_article_is_read(tmp_path):
    null = tmp_path / "null.txt"
    null.symlink_to("/dev/null")
    with pytest.raises(BadDocument, match=r"null.txt: links to a character device \(/dev/null\)"):
        read_article(null, 10_000_000)
    article = tmp_path / "artikel.txt"
    article.symlink_to(next(SEEDS.glob("003_*.txt")))
    assert read_article(article, 10_000_000).outlet == "Liputan6"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_byte_order_mark_read_as_the_same_article(tmp_path, encoding):
    original = next(SEEDS.glob("003_*.txt"))
    path = tmp_path / "liputan6.txt"
    text = original.read_text("utf-8")
    # "utf-16"/"utf-32" write a little-endian mark; "utf-16-be" writes none, so it is added
    path.write_bytes(("\ufeff" + text).encode(encoding) if encoding.endswith("-be") else text.encode(encoding))
    wide, utf8 = read_article(path, 10_000_000), read_article(original, 10_000_000)
    assert wide.text == utf8.text and not wide.text.startswith("\ufeff")  # the mark is not part of the text
    assert (wide.content_hash, wide.segments, wide.title) == (utf8.content_hash, utf8.segments, utf8.title)
    assert (wide.outlet, wide.published, wide.author) == ("Liputan6", "2024-06-19", "Khairisa Ferida")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\xff\xfe" + "Berita tentang Pyongyang".encode("utf-16-le")[:-1], "not UTF-16 text"),  # cut mid-character
        (b"\xff\xfe" + "sisa\x00\x00 berkas biner".encode("utf-16-le"), "binary"),
        (b"\xff\xfe" + " \n ".encode("utf-16-le"), "empty"),
    ],
)
def test_bad_utf16_files_say_what_is_wrong(tmp_path, data, reason):
    path = tmp_path / "berita.txt"
    path.write_bytes(data)
    with pytest.raises(BadDocument, match=reason):
        read_article(path, 10_000_000)


def test_utf16_article_is_answered_with_quotes_from_its_text(tmp_path, make_bot):
    path = tmp_path / "liputan6.txt"
    text = next(SEEDS.glob("003_*.txt")).read_text("utf-8")
    path.write_bytes(text.encode("utf-16"))
    bot = make_bot()
    assert bot.ingest([path]).added == ("liputan6.txt",)
    answer = bot.ask("Berapa kontainer amunisi yang dipasok Korea Utara ke Rusia?")
    assert answer.found and "11.000" in answer.text
    assert all(text[c.start : c.end] == c.quote for c in answer.citations)  # offsets point into the decoded text
