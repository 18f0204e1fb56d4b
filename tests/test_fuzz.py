"""Property tests: the cleaner, chunker and question handling never fail with an untyped error."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rag.articles import parse_article
from rag.chunking import chunk_article, split_sentences
from rag.dates import find_dates
from rag.errors import BadDocument
from rag.query import analyse
from rag.types import Turn

NEWSY = st.text(
    alphabet=st.sampled_from(list("abcdefghij KLMNOP.,!?“”\"'()<>/-:\n\t0123456789é金")) | st.characters(),
    max_size=600,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NEWSY, st.sampled_from(["text", "markdown", "html"]))
def test_any_text_becomes_an_article_with_verbatim_chunks_or_a_bad_document(text, kind):
    try:
        article = parse_article("x.txt", text, kind)
    except BadDocument:
        return
    for s, e in article.segments:
        assert 0 <= s < e <= len(article.text)
    for chunk in chunk_article(article):
        assert chunk.text == article.text[chunk.start : chunk.end]
        previous_end = chunk.start
        for s, e in chunk.sentences:
            assert previous_end <= s < e <= chunk.end
            previous_end = e


@settings(max_examples=300, deadline=None)
@given(NEWSY)
def test_sentence_spans_are_ordered_and_inside(text):
    spans = split_sentences(text, 0, len(text))
    last = 0
    for s, e in spans:
        assert last <= s <= e <= len(text)
        last = e


@settings(max_examples=300, deadline=None)
@given(NEWSY, st.lists(st.tuples(st.sampled_from(["user", "assistant"]), NEWSY), max_size=3))
def test_any_question_and_history_can_be_analysed(question, history):
    query = analyse(question, [Turn(role, content) for role, content in history])
    assert query.question == question and question in query.search_text  # nothing asked is lost to the search
    assert query.lang == analyse(question).lang  # the answer's language follows the question, not earlier turns
    assert all(t.alternatives for t in query.terms)


@settings(max_examples=200, deadline=None)
@given(NEWSY)
def test_dates_found_are_iso_and_inside(text):
    for iso, s, e in find_dates(text):
        assert len(iso) == 10 and iso[4] == "-" and 0 <= s < e <= len(text)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(NEWSY)
def test_bot_answers_or_raises_bad_question(seeded_bot, question):
    from rag import BadQuestion

    try:
        answer = seeded_bot.ask(question)
    except BadQuestion:
        return
    assert len(answer.text) <= 600
    assert answer.found == bool(answer.citations)
