"""Corroboration that is true: an outlet is named as backing only when its sentence states the same fact."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_news import article

from rag.news import conflict_lines


def test_two_outlets_giving_the_same_figure_back_each_other(volcano_bot):
    answer = volcano_bot.ask("Seberapa tinggi semburan abu dari letusan Gunung Welang?")
    assert answer.found and set(answer.outlets) == {"KabarJatim", "WartaSatu"}
    backing = [c for c in answer.citations if c.outlet != answer.citations[0].outlet]
    assert backing and all("2.000 meter" in c.quote for c in backing)  # the backer states the same height
    assert answer.conflicts == ()


def test_two_outlets_giving_different_times_are_shown_as_a_conflict(volcano_bot):
    answer = volcano_bot.ask("Kapan status Gunung Welang dinaikkan ke Level IV (Awas)?")
    assert answer.found and set(answer.outlets) == {"KabarJatim", "WartaSatu"}
    [conflict] = answer.conflicts
    assert {v.value for v in conflict.values} == {"2025-03-02", "2025-03-03"}
    assert any("KabarJatim" in line and "WartaSatu" in line for line in conflict_lines(answer))


def test_the_same_day_at_another_hour_is_another_event(volcano_bot):
    # KabarJatim's best sentence for this names 22.00 on the same day: the alert, not the eruption at 16.20
    answer = volcano_bot.ask("Kapan Gunung Welang meletus?")
    assert answer.found and "16.20" in answer.citations[0].quote
    assert all("22.00" not in c.quote for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "outlet"),
    [
        ("Apa kata Rutte tentang aliansi Rusia dan Korea Utara?", "Liputan6"),  # Liputan6 quotes Stoltenberg
        ("Negara mana saja yang menurut Stoltenberg mendukung perang Rusia di Ukraina?", "usmnews"),
        ("Dari media mana usmnews mengutip pernyataan Rutte?", "Metrotvnews"),  # only usmnews can say that
    ],
)
def test_a_related_sentence_of_another_outlet_is_not_backing(seeded_bot, question, outlet):
    answer = seeded_bot.ask(question)
    assert answer.found and outlet not in answer.outlets and len(answer.outlets) == 1


def test_another_speakers_words_do_not_back_a_statement(tmp_path: Path, make_bot):
    article(tmp_path, "a.md", "Harian Satu", "2025-02-06", "Impor Beras Dibatasi",
            "Menteri Perdagangan Budi Santoso mengatakan impor beras akan dibatasi tahun ini.")  # fmt: skip
    article(tmp_path, "b.md", "Warta Dua", "2025-02-06", "Petani Minta Impor Beras Dibatasi",
            "Ketua asosiasi petani Slamet Raharjo mengatakan impor beras akan dibatasi tahun ini, seperti "
            "diminta petani kepada Menteri Perdagangan.")  # fmt: skip
    article(tmp_path, "c.md", "Kabar Tiga", "2025-02-07", "Pemerintah Batasi Impor Beras",
            "Budi Santoso, Menteri Perdagangan, mengatakan pemerintah membatasi impor beras tahun ini demi "
            "menjaga harga gabah di tingkat petani.")  # fmt: skip
    bot = make_bot()
    bot.ingest([tmp_path])
    answer = bot.ask("Apa kata Menteri Perdagangan tentang impor beras tahun ini?")
    assert answer.found and answer.citations[0].outlet == "Harian Satu"
    assert "Kabar Tiga" in answer.outlets  # Budi Santoso again: the same statement
    # the same words and names, but said by Slamet Raharjo: his statement, not the minister's
    assert "Warta Dua" not in answer.outlets


def test_a_title_shared_by_two_speakers_does_not_make_them_one():
    from rag.news import speakers

    assert speakers("Presiden Joko Widodo mengatakan harga beras stabil.") == {"joko", "widodo"}
    assert not speakers("Presiden Joko Widodo mengatakan itu.") & speakers("Presiden Prabowo mengatakan itu.")
    assert speakers('"Yang rugi petani lagi," kata Slamet.') == {"slamet"}
    assert speakers("Pemerintah menambah anggaran subsidi.") == set()  # adding money is not saying
