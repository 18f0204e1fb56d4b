"""Who wrote it: the byline of the article the question is about, or an honest refusal when no article is."""

from __future__ import annotations

import pytest
from conftest import GENERAL


@pytest.fixture(scope="module")
def ten_reports(tmp_path_factory, embedder):
    """A bot over ten reports on ten topics, nine of them with a byline."""
    from rag import Bot, Settings

    bot = Bot.from_settings(Settings(store_dir=tmp_path_factory.mktemp("store"), _env_file=None), embedder=embedder)
    bot.ingest([GENERAL / "articles"])
    return bot


@pytest.mark.parametrize(
    ("question", "author", "source"),
    [
        # the question's own words ("wartawan", "laporan", "kontra") are not the page's: the article still matches
        (
            "Siapa wartawan yang menulis laporan pertandingan Perseta kontra Mitra Samudra?",
            "Teguh Santoso Wibisono",
            "03_",
        ),
        ("Who wrote the article about the bus crash on the toll road?", "Rizal Effendi", "09_"),
    ],
)
def test_who_wrote_names_the_byline_of_the_article_asked_about(ten_reports, question, author, source):
    answer = ten_reports.ask(question)
    assert answer.found, answer.text
    assert author in answer.text
    assert answer.citations[0].source.startswith(source)
    assert author in answer.citations[0].quote  # the byline line itself is cited


@pytest.mark.parametrize(
    "question",
    [
        "Siapa yang menulis berita tentang banjir di Jakarta?",  # Jakarta is in two stories; floods in none
        "Who wrote the report on the floods in Jakarta?",
        "Who wrote about the Wimbledon final?",
    ],
)
def test_who_wrote_an_article_that_is_not_held_is_refused(ten_reports, question):
    answer = ten_reports.ask(question)
    assert not answer.found, answer.text
    assert not answer.citations
