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
