"""The chat's rendering: article text is escaped, refusals show related passages as non-evidence."""

from __future__ import annotations

import html
import re
from pathlib import Path

from rag import Answer, Citation
from ui.render import answer_markdown, chat_message, code, md, plain, sources_html, upload_markdown

HOSTILE = 'Ketua panitia menulis <script>alert(1)</script> dan <img src=x onerror="alert(2)"> di situs.'


def cite(n: int, quote: str, context: str) -> Citation:
    return Citation(n, "a.txt", "Judul <b>tebal</b>", "Tampang", "2024-06-20", quote, 0, len(quote), 0.9, context)


def test_markup_in_articles_is_escaped_everywhere():
    answer = Answer("q", f"Menurut Tampang: {HOSTILE} [1]", True, (cite(1, HOSTILE, f"Sebelum. {HOSTILE} Sesudah."),))
    for rendered in (answer_markdown(answer), chat_message(answer, "id"), sources_html(answer)):
        assert "<script" not in rendered and "<img" not in rendered and "<b>" not in rendered
        assert "&lt;script&gt;" in rendered
    assert f"<mark>{HOSTILE[:20]}" in sources_html(answer).replace("&lt;", "<").replace("&gt;", ">").replace(
        "&quot;", '"'
    )


def test_quote_is_highlighted_inside_its_passage():
    html = sources_html(
        Answer("q", "x [1]", True, (cite(1, "Kalimat dua.", "Kalimat satu. Kalimat dua. Kalimat tiga."),))
    )
    assert "Kalimat satu. <mark>Kalimat dua.</mark> Kalimat tiga." in html
    assert "<details open>" in html and "Tampang · 2024-06-20" in html


def test_refusal_shows_related_passages_collapsed_not_as_sources():
    refusal = Answer("q", "The articles available do not cover this.", False, (), (cite(1, "Dekat.", "Dekat."),))
    html = sources_html(refusal)
    assert "Related passages (not evidence" in html and "<details open>" not in html
    assert chat_message(refusal, "en").startswith("**Not in these articles.**")
    assert "Sources" not in answer_markdown(refusal)


def test_api_markdown_ends_with_numbered_source_list():
    answer = Answer("q", "Jawaban [1] dan [2]", True, (cite(1, "a", "a"), cite(2, "b", "b")))
    md = answer_markdown(answer)
    assert md.splitlines()[-2:] == ["1. `a.txt`, Tampang, 2024-06-20", "2. `a.txt`, Tampang, 2024-06-20"]


def test_outlets_and_conflicts_show_as_lines_with_markup_escaped():
    from rag import Conflict, FactValue

    a = cite(1, "pada Rabu (19/6/2024).", "pada Rabu (19/6/2024).")
    values = (FactValue("2024-06-19", "Rabu (19/6/2024)", 1, "a.txt", "Tampang", a.quote),
              FactValue("2024-06-20", "Rabu (20/6/2024)", 2, "b.txt", "<b>Liputan6</b>", "x", "Rabu tidak cocok"))  # fmt: skip
    answer = Answer("q", "Jawaban [1] [2]", True, (a, cite(2, "x", "x")), outlets=("Tampang", "<b>Liputan6</b>"),
                    conflicts=(Conflict("date", "date", values),), lang="en")  # fmt: skip
    html = sources_html(answer)
    assert "Reported by 2 outlets: Tampang, &lt;b&gt;Liputan6&lt;/b&gt;." in html
    assert '<p class="conflict" role="alert">Warning: Sources disagree on the date: Tampang says 2024-06-19 [1]' in html
    assert "<b>Liputan6" not in html and "(Rabu tidak cocok)" in html
    md = answer_markdown(answer)
    assert "**Warning:** Sources disagree on the date" in md and md.index("Warning") < md.index("**Sources**")
    no_news = Answer("q", "Jawaban [1]", True, (a,))
    assert "Warning" not in sources_html(no_news) and "Reported by" not in answer_markdown(no_news)


MARKUP = ("Tiket dijual di [portal tiket](http://tiket.example/beli) seharga **Rp 25.000** "
          "![](http://track.example/t.png) lewat www.tiket.example atau tiket@panitia.example.")  # fmt: skip


def rendered(markdown: str) -> str:
    """HTML from a CommonMark renderer with GFM tables and strikethrough (the chat's Markdown, less autolinks)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(markdown)


def test_markdown_in_articles_shows_as_text_in_the_chat_and_the_api():
    lines = "# Judul\n- butir\n1. nomor\n> kutipan\n~~coret~~ | a | b |\n|---|---|\n    kode"
    answer = Answer("q", f"Menurut Tampang: {MARKUP} [1]\n{lines}", True,
                    (cite(1, MARKUP, f"{lines}\n{MARKUP}"),), outlets=("**Tampang**",))  # fmt: skip
    for markdown in (answer_markdown(answer), chat_message(answer, "id")):
        page = rendered(markdown)
        for tag in ("<a ", "<img", "<h1", "<ul", "<blockquote", "<table", "<del", "<pre"):
            assert tag not in page
        assert page.count("<strong>") == 1 and page.count("<em>") == 1  # "Sources" and the outlet line, our own
        assert page.count("<ol>") == 1  # the source list
        assert "[portal tiket](http://tiket.example/beli)" in html.unescape(re.sub("<[^>]+>", "", page))
        # GFM would link bare addresses too: they are broken up for it (the browser test sees the real renderer)
        assert "http\\://tiket.example" in markdown and "www\\.tiket" in markdown and "tiket\\@panitia" in markdown
    assert "[1]" in answer_markdown(answer)  # the citation markers stay readable in the raw Markdown
    panel = sources_html(answer)
    assert "<a " not in panel and "<img" not in panel and "<strong" not in panel and "<h1" not in panel
    assert "[portal tiket](http://tiket.example/beli)" in html.unescape(panel)


def test_a_markdown_escaped_message_reads_back_as_written():
    from hypothesis import given
    from hypothesis import strategies as st

    @given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]) | st.sampled_from("\n")))
    def check(text: str) -> None:
        assert plain(md(text)) == re.sub(r"(?m)^[ \t]+", "", text)  # leading indentation is dropped, nothing else

    check()
    assert plain(md("![](http://x/y.png) **b** <i> [1]")) == "![](http://x/y.png) **b** <i> [1]"


def test_code_spans_hold_any_file_name():
    for name in ("a.txt", "a`b.txt", "`a.txt", "a``b`.txt", "<b>.txt"):
        assert re.sub("<[^>]+>", "", rendered(code(name))).strip() == html.escape(name, quote=False)


def test_upload_report_says_what_became_of_each_file():
    from rag import IngestReport, Renamed
    from rag.types import Failure

    files = [Path("/tmp/g/1/laporan.txt"), Path("/tmp/g/2/laporan.txt"), Path("/tmp/g/3/berita.txt"),
             Path("/tmp/g/4/lama.txt"), Path("/tmp/g/5/kosong.txt"), Path("/tmp/g/6/x*y.txt")]  # fmt: skip
    report = IngestReport(
        added=("laporan (2).txt", "berita.txt"),
        unchanged=("lama.txt",),
        replaced=("laporan.txt",),
        failed=(Failure(str(files[4]), "kosong.txt: the file is empty"), Failure(str(files[5]), "x*y.txt: binary")),
        renamed=(Renamed(str(files[1]), "laporan (2).txt"),),
    )
    lines = rendered(upload_markdown(report, files))
    text = html.unescape(re.sub("<[^>]+>", "", lines))
    assert "Added 2 · replaced 1 · unchanged 1 · not added 2" in text
    assert "laporan.txt: replaced laporan.txt, as a new version of the same article" in text
    assert "laporan.txt: kept as laporan (2).txt beside an existing article of the same name" in text
    assert "berita.txt: added" in text
    assert "lama.txt: unchanged, the articles already hold it as lama.txt" in text
    assert "kosong.txt: not added, the file is empty" in text and "x*y.txt: not added, binary" in text
    assert "<em>" not in lines
