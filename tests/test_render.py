"""The chat's rendering: article text is escaped, refusals show related passages as non-evidence."""

from __future__ import annotations

from rag import Answer, Citation
from ui.render import answer_markdown, chat_message, sources_html

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
