"""HTML pages of any outlet: metadata from og/article tags and JSON-LD, the article text kept, code never read."""

from __future__ import annotations

import socket

import pytest

from rag.articles import parse_article
from rag.htmltext import html_to_text

PARAGRAPHS = (
    "Presiden Rusia Vladimir Putin dan pemimpin Korea Utara Kim Jong Un menandatangani perjanjian kemitraan strategis di Pyongyang pada Rabu.",
    "Perjanjian itu mencakup klausul saling membantu apabila salah satu pihak diserang, menurut kantor berita resmi kedua negara.",
    "Amerika Serikat dan Korea Selatan menyatakan keprihatinan atas kesepakatan tersebut dan akan memantau perkembangannya.",
    "Para analis menilai perjanjian ini merupakan peningkatan hubungan paling signifikan sejak berakhirnya Perang Dingin.",
)
ARTICLE = f"""<article><h1>Rusia dan Korea Utara Perkuat Kerja Sama Militer</h1>
<div class="byline">Editor: Joko Prasetyo</div>
<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>
<h2>Reaksi internasional</h2><p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p></article>"""

OG_PAGE = f"""<!DOCTYPE html><html lang="id"><head><title>Putin di Pyongyang | Kabar Harian - Berita Terkini</title>
<meta property="og:title" content="Rusia dan Korea Utara Perkuat Kerja Sama Militer">
<meta property="og:site_name" content="Kabar Harian">
<meta property="article:published_time" content="2024-06-19T10:00:00+07:00">
<meta property="article:modified_time" content="2024-06-21T08:00:00+07:00">
<meta name="author" content="Siti Rahmawati">
</head><body>{ARTICLE}</body></html>"""

JSON_LD_PAGE = f"""<!DOCTYPE html><html lang="id"><head><title>Putin di Pyongyang</title>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Rusia dan Korea Utara Perkuat Kerja Sama Militer",
 "datePublished": "2024-06-19T10:00:00+07:00", "dateModified": "2024-06-21T08:00:00+07:00",
 "author": {{"@type": "Person", "name": "Siti Rahmawati"}},
 "editor": {{"@type": "Person", "name": "Joko Prasetyo"}},
 "publisher": {{"@type": "Organization", "name": "Kabar Harian"}}}}</script>
</head><body>{ARTICLE}</body></html>"""


def lines(article) -> list[str]:
    """The article's content lines, as the bot indexes and quotes them."""
    return [article.text[s:e] for s, e in article.segments]


def fields(article) -> tuple[str | None, ...]:
    return article.title, article.outlet, article.published, article.author


@pytest.fixture()
def offline(monkeypatch):
    """Any attempt to open a connection fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("reading an HTML page tried to use the network")

    for name in ("connect", "connect_ex"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("page", [OG_PAGE, JSON_LD_PAGE], ids=["og-and-article-meta", "json-ld"])
def test_title_outlet_date_and_author_come_from_the_page_metadata(page, offline):
    article = parse_article("putin.html", page, "html")
    # the headline, not the <title> with the site's tagline; published, not modified; the author, not the editor
    assert fields(article) == (
        "Rusia dan Korea Utara Perkuat Kerja Sama Militer",
        "Kabar Harian",
        "2024-06-19",
        "Siti Rahmawati",
    )
    assert all(p in lines(article) for p in PARAGRAPHS)
    for code in ("schema.org", "NewsArticle", "@type", "datePublished"):
        assert code not in article.text


def test_the_module_names_the_fields_in_normalised_keys():
    _, meta = html_to_text(JSON_LD_PAGE)
    assert {k: meta.get(k) for k in ("title", "outlet", "published", "author")} == {
        "title": "Rusia dan Korea Utara Perkuat Kerja Sama Militer",
        "outlet": "Kabar Harian",
        "published": "2024-06-19",
        "author": "Siti Rahmawati",
    }


def test_menus_and_a_read_also_box_go_while_every_paragraph_stays():
    page = f"""<html><head><title>Berita</title></head><body>
    <header><div class="logo">Kabar Harian</div><div class="top">Masuk | Daftar | Langganan</div></header>
    <nav><ul><li><a href="/">Beranda</a></li><li><a href="/politik">Politik</a></li><li><a href="/bola">Sepak Bola</a></li></ul></nav>
    <main><article><h1>Rusia dan Korea Utara Perkuat Kerja Sama Militer</h1>
    <p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>
    <div class="baca-juga"><strong>Baca juga:</strong> <a href="/x">Putin tiba di Pyongyang untuk kunjungan kenegaraan</a></div>
    <p>{PARAGRAPHS[2]}</p><p>{PARAGRAPHS[3]}</p></article></main>
    <aside><h3>Terpopuler</h3><ul><li><a href="/1">Harga emas naik lagi pekan ini</a></li><li><a href="/2">Jadwal KRL hari ini</a></li></ul></aside>
    <footer><p>Hak cipta 2024 Kabar Harian. Semua hak dilindungi.</p><a href="/tentang">Tentang kami</a></footer>
    </body></html>"""
    article = parse_article("menus.html", page, "html")
    kept = lines(article)
    assert [line for line in kept if line in PARAGRAPHS] == list(PARAGRAPHS)  # all four, in order
    text, _ = html_to_text(page)
    for furniture in (
        "Beranda",
        "Langganan",
        "Putin tiba di Pyongyang",
        "Harga emas",
        "Jadwal KRL",
        "Hak cipta",
        "Tentang kami",
    ):
        assert furniture not in text
        assert not any(furniture in line for line in kept)


def test_a_score_table_and_score_lines_survive():
    page = """<html><head><meta property="og:site_name" content="Bola Kita"></head><body><article>
    <h1>Persib Kalahkan Arema 2-1</h1>
    <p>Persib Bandung menang 2-1 atas Arema FC dalam laga pekan ke-20 Liga 1 di Stadion Si Jalak Harupat, Sabtu malam.</p>
    <table><thead><tr><th>Tuan rumah</th><th>Skor</th><th>Tamu</th></tr></thead>
    <tbody><tr><td>Persib</td><td>2-1</td><td>Arema</td></tr><tr><td>Persija</td><td>0-0</td><td>Bali United</td></tr></tbody></table>
    <p>Hasil lain:<br>PSM 3-0 Persik<br>Borneo FC 1-1 Madura United</p>
    <p>Gol kemenangan dicetak David da Silva pada menit ke-88 setelah menerima umpan silang dari sayap kanan.</p>
    </article></body></html>"""
    kept = [line.split() for line in lines(parse_article("skor.html", page, "html"))]
    # each row on a line of its own, its cells in order
    assert ["Persib", "2-1", "Arema"] in kept
    assert ["Persija", "0-0", "Bali", "United"] in kept
    assert ["PSM", "3-0", "Persik"] in kept
    assert ["Borneo", "FC", "1-1", "Madura", "United"] in kept


def test_scripts_styles_and_noscript_never_reach_the_text():
    script = "var trackerConfig = {" + ",".join(f'"slot{i}": "adunit_{i}"' for i in range(3000)) + "};"
    style = "".join(f".promo-{i} {{ color: #ff{i % 10}; }}" for i in range(3000))
    page = f"""<html><head><meta property="og:title" content="Banjir Rendam Jakarta">
    <script>{script}</script><style>{style}</style></head><body><article><h1>Banjir Rendam Jakarta</h1>
    <p>Banjir merendam ratusan rumah warga di Jakarta Timur sejak Senin pagi, kata petugas pemadam kebakaran.</p>
    <script>document.write("inlineTracker(42)");</script><noscript>Aktifkan JavaScript untuk melihat iklan.</noscript>
    <style>.inline-style-rule {{ display: none; }}</style>
    <p>Petugas mengevakuasi sedikitnya dua ratus warga ke tenda pengungsian di halaman kantor kelurahan setempat.</p>
    </article><script>window.lateScript = "lateScriptCode";</script></body></html>"""
    article = parse_article("banjir.html", page, "html")
    for code in ("trackerConfig", "adunit_", "promo-", "color:", "inlineTracker", "document.write",
                 "Aktifkan JavaScript", "inline-style-rule", "lateScriptCode", "{", "}"):  # fmt: skip
        assert code not in article.text
    assert lines(article)[-2:] == [
        "Banjir merendam ratusan rumah warga di Jakarta Timur sejak Senin pagi, kata petugas pemadam kebakaran.",
        "Petugas mengevakuasi sedikitnya dua ratus warga ke tenda pengungsian di halaman kantor kelurahan setempat.",
    ]


def big_page(size: int = 5_000_000) -> str:
    """A page of about `size` characters: an article lost among scripts, styles and repeated link cards."""
    script = (
        "<script>window.__STATE__ = {" + ",".join(f'"k{i}": "stateValue{i}"' for i in range(2000)) + "};</script>\n"
    )
    style = "<style>" + "".join(f".card-{i}{{margin:{i}px;color:#{i % 999:03d}}}" for i in range(2000)) + "</style>\n"
    cards = "".join(
        f'<div class="card"><a href="/berita/{i}">Tautan berita lain nomor {i}</a></div>\n' for i in range(50)
    )
    paragraphs = "".join(
        f"<p>Paragraf {n}: banjir merendam ratusan rumah warga di Jakarta Timur sejak Senin pagi.</p>"
        for n in range(1, 31)
    )
    head = f'<html><head><meta property="og:title" content="Banjir Rendam Jakarta"><meta property="og:site_name" content="Warta Kota">{script}{style}</head><body>'
    parts = [head, f"<article><h1>Banjir Rendam Jakarta</h1>{paragraphs}</article>"]
    while sum(map(len, parts)) < size:
        parts.append(script + style + cards * 3)
    return "".join(parts) + "</body></html>"


def test_a_5_mb_page_of_mostly_scripts_and_styles_is_read():
    page = big_page()
    assert len(page.encode()) >= 5_000_000
    article = parse_article("besar.html", page, "html")
    assert (article.title, article.outlet) == ("Banjir Rendam Jakarta", "Warta Kota")
    kept = lines(article)
    assert all(
        f"Paragraf {n}: banjir merendam ratusan rumah warga di Jakarta Timur sejak Senin pagi." in kept
        for n in range(1, 31)
    )
    for code in ("__STATE__", "stateValue", "card-", "margin:"):
        assert code not in article.text


def test_a_small_fragment_still_becomes_an_article():
    article = parse_article("singkat.html", "<p>Banjir setinggi lutut merendam Bekasi.</p>", "html")
    assert lines(article) == ["Banjir setinggi lutut merendam Bekasi."]


def test_an_ingested_page_is_listed_with_its_metadata(make_bot, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "putin.html").write_text(JSON_LD_PAGE, encoding="utf-8")
    bot = make_bot()
    bot.ingest([folder])
    [doc] = bot.docs()
    assert {k: doc[k] for k in ("source", "title", "outlet", "published", "author")} == {
        "source": "putin.html",
        "title": "Rusia dan Korea Utara Perkuat Kerja Sama Militer",
        "outlet": "Kabar Harian",
        "published": "2024-06-19",
        "author": "Siti Rahmawati",
    }
    assert doc["chunks"] >= 1
