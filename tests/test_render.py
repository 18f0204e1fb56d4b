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
