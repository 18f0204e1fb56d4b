"""Bot.ask on the real seeds: cited, verbatim, refuses when the articles are silent."""

from __future__ import annotations

import re

import pytest
from conftest import SEEDS

from rag import BadQuestion, StoreUnavailable

RUTTE_Q = "Siapa Sekretaris Jenderal NATO yang berbicara tentang Korea Utara pada Desember 2024?"


def assert_well_cited(answer):
    markers = sorted({int(m) for m in re.findall(r"\[(\d+)\]", answer.text)})
    assert markers == [c.n for c in answer.citations] == list(range(1, len(answer.citations) + 1))
    for c in answer.citations:
        raw = (SEEDS / c.source).read_text("utf-8")
        assert raw[c.start : c.end] == c.quote  # verbatim, at the stated offsets


def test_answer_names_rutte_with_verbatim_citation(seeded_bot):
    answer = seeded_bot.ask(RUTTE_Q)
    assert answer.found
    assert "Rutte" in answer.text
    assert answer.citations[0].source.startswith(("000_", "001_"))
    assert answer.citations[0].outlet in {"usmnews", "Metrotvnews"}
    assert len(answer.text) <= 600
    assert_well_cited(answer)


def test_to_dict_is_json_shaped(seeded_bot):
    data = seeded_bot.ask(RUTTE_Q).to_dict()
    assert set(data) >= {"question", "text", "found", "citations"}
    assert set(data["citations"][0]) >= {
        "n",
        "source",
        "title",
        "outlet",
        "published",
        "quote",
        "start",
        "end",
        "score",
    }


def test_question_outside_the_articles_is_refused(seeded_bot):
    answer = seeded_bot.ask("Who is the prime minister of Japan?")
    assert not answer.found
    assert answer.citations == ()
    assert "do not cover" in answer.text


@pytest.mark.parametrize("question", ["", "   \n\t ", "?!?", "x" * 2001])
def test_bad_questions_raise(seeded_bot, question):
    with pytest.raises(BadQuestion):
        seeded_bot.ask(question)


def test_asking_an_empty_store_says_what_to_do(make_bot):
    with pytest.raises(StoreUnavailable, match="rag ingest"):
        make_bot().ask("Siapa Rutte?")


def test_unopenable_store_names_the_setting(make_bot, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store folder should be")
    with pytest.raises(StoreUnavailable, match="RAG_STORE_DIR"):
        make_bot(blocker)
