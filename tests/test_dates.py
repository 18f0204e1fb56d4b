"""Event dates in news text, normalised with the article's own date as context."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.dates import event_dates


def iso(text: str, reference: str | None = None) -> list[str]:
    return [d.iso for d in event_dates(text, reference)]


@pytest.mark.parametrize(
    ("text", "reference", "expected"),
    [
        ("pembicaraan di Pyongyang pada Rabu (19/6/2024).", "2024-06-20", ["2024-06-19"]),
        ("diungkapkan Jens Stoltenberg pada Selasa (18/6).", "2024-06-19", ["2024-06-18"]),
        ("seperti dikutip dari RBC pada Kamis (5/12/2024).", None, ["2024-12-05"]),
        ("Mark Rutte, pada Senin 2 Desember 2024, mengungkapkan", None, ["2024-12-02"]),
        ("dilansir dari The Straits Times, Kamis 5 Desember 2024.", None, ["2024-12-05"]),
        ("on Tuesday, December 3, 2024, the minister said", None, ["2024-12-03"]),
        # a week is a span: Monday to Sunday of the week before the article's
        ("Pekan lalu, Kurt Campbell mengatakan", "2024-06-19", ["2024-06-10/2024-06-16"]),
        ("last week the ministry said", "2024-06-19", ["2024-06-10/2024-06-16"]),
        ("surat yang dipublikasikan pada Selasa berjanji", "2024-06-19", ["2024-06-18"]),  # this week's Tuesday
        ("Presiden tiba Senin kemarin", "2024-06-19", ["2024-06-17"]),
        ("kemarin dan bulan lalu", "2024-03-01", ["2024-02-29", "2024-02-01/2024-02-29"]),
        ("pada Juni 2024", None, ["2024-06-01/2024-06-30"]),
        ("dirilis (31/12) lalu", "2025-01-02", ["2024-12-31"]),  # no year: the one nearest the article's date
        ("pada hari Minggu, ia datang; minggu lalu ia pergi", "2024-06-19", ["2024-06-16", "2024-06-10/2024-06-16"]),
    ],
)
def test_formats_are_normalised(text, reference, expected):
    assert iso(text, reference) == expected


def test_without_the_article_date_nothing_relative_is_guessed():
    assert iso("pada Selasa (18/6) dan pekan lalu, Rabu kemarin") == []


def test_numbers_that_are_not_dates_are_left_alone():
    assert iso("layanan 24/7, rasio 3/4, 10.000 tentara, pukul 18.34", "2024-06-19") == []


def test_a_weekday_that_does_not_fit_the_date_is_flagged():
    wrong, right = event_dates("lawatan pada Rabu (20/6/2024), pembicaraan pada Rabu (19/6/2024)")
    assert (wrong.first, wrong.weekday) == ("2024-06-20", "rabu")  # 20 June 2024 was a Thursday
    assert (right.first, right.weekday) == ("2024-06-19", None)


@given(st.text(max_size=300), st.sampled_from([None, "2024-06-19", "2000-02-29"]))
def test_every_date_found_is_a_verbatim_span_of_the_text(text, reference):
    for d in event_dates(text, reference):
        assert text[d.start : d.end] == d.text
        assert d.first <= d.last
