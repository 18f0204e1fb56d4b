"""Event dates in news text, normalised with the article's own date as context."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rag.dates import event_dates, find_times


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


# 2025-03-01 was a Saturday: the article's date for the tests below
SAT = "2025-03-01"


def when(text: str, reference: str | None = SAT) -> list[tuple[str, str | None]]:
    return [(d.iso, d.time) for d in event_dates(text, reference)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Laga digelar Minggu (2/3/2025) pukul 22.00 WIB.", [("2025-03-02", "22:00")]),
        ("Gempa terjadi Senin (3/3/2025) sekitar pukul 03.40 WIB.", [("2025-03-03", "03:40")]),
        ("Kick-off pada Minggu, 2 Maret 2025 pukul 19.00 WIB", [("2025-03-02", "19:00")]),
        ("pukul 19.00 WIB, Minggu (2/3/2025)", [("2025-03-02", "19:00")]),  # the time may come first
        ("The final will be played on Sunday at 7 p.m.", [("2025-03-02", "19:00")]),
        ("They met on Friday at 7:30 pm.", [("2025-02-28", "19:30")]),
        ("Rapat dimulai besok pukul 16.20.", [("2025-03-02", "16:20")]),
        ("Jumat (28/2) pukul 9 malam", [("2025-02-28", "21:00")]),
        # each day keeps its own time
        ("Senin (3/3) pukul 10.00 dan Selasa (4/3) pukul 11.30", [("2025-03-03", "10:00"), ("2025-03-04", "11:30")]),
        # a number after a date is not its time
        ("Minggu (2/3/2025) 2.000 penonton datang", [("2025-03-02", None)]),
        ("Rabu (26/2/2025) harga Rp14.800 per liter", [("2025-02-26", None)]),
        # a span (a week) has no clock time
        ("pekan depan pukul 10.00", [("2025-03-03/2025-03-09", None)]),
    ],
)
def test_the_clock_time_written_with_a_day_is_read(text, expected):
    assert when(text) == expected


def test_a_time_on_its_own_is_found_and_numbers_are_not_times():
    text = "Sebanyak 2.000 meter, 3.088 warga, 1,5 juta, 7,5 tahun, Rp14.800; dimulai pukul 16.20, lalu 19.00 WIB."
    assert [t for t, _s, _e in find_times(text)] == ["16:20", "19:00"]
    assert [t for t, _s, _e in find_times("at 7:30 pm, then 7 p.m., shares at 2.50, a 2:1 win")] == ["19:30", "19:00"]
    assert [text[start:end] for _t, start, end in find_times(text)] == ["pukul 16.20", "19.00 WIB"]


@given(st.integers(0, 23), st.integers(0, 59))
def test_a_clock_reading_needs_a_clock_word(hour, minute):
    written = f"{hour}.{minute:02d}"
    assert find_times(f"nilai {written} persen") == []
    assert [t for t, _s, _e in find_times(f"pukul {written}")] == [f"{hour:02d}:{minute:02d}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("besok", "2025-03-02"),
        ("lusa", "2025-03-03"),
        ("kemarin lusa", "2025-02-27"),
        ("tomorrow", "2025-03-02"),
        ("the day after tomorrow", "2025-03-03"),
        ("pekan depan", "2025-03-03/2025-03-09"),
        ("minggu depan", "2025-03-03/2025-03-09"),
        ("next week", "2025-03-03/2025-03-09"),
        ("bulan depan", "2025-04-01/2025-04-30"),
        ("next month", "2025-04-01/2025-04-30"),
        ("tahun depan", "2026-01-01/2026-12-31"),
        ("next year", "2026-01-01/2026-12-31"),
        ("Senin pekan depan", "2025-03-03"),
        ("Friday of next week", "2025-03-07"),
    ],
)
def test_future_relative_days_resolve_forward(text, expected):
    assert iso(f"Rapat digelar {text}.", SAT) == [expected]


def test_a_counted_span_is_not_last_month():
    assert iso("tiga bulan lalu dan bulan lalu", SAT) == ["2025-02-01/2025-02-28"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Final akan digelar pada Minggu.", "2025-03-02"),
        ("The final will be played on Sunday.", "2025-03-02"),
        ("Laga dijadwalkan berlangsung Rabu.", "2025-03-05"),
        ("The vote is scheduled for Tuesday.", "2025-03-04"),
        ("Final digelar Minggu mendatang.", "2025-03-02"),
        ("They meet this coming Sunday.", "2025-03-02"),
        ("Rencananya, rapat digelar Jumat.", "2025-03-07"),
        ("Presiden bakal hadir Senin.", "2025-03-03"),
        ("Pada Senin, timnas akan menghadapi Jepang.", "2025-03-03"),
        ("Sunday's final will decide the title.", "2025-03-02"),
        # the article's own weekday: next week's, unless the sentence says today
        ("Final akan digelar Sabtu.", "2025-03-08"),
        ("Final akan digelar hari ini, Sabtu.", "2025-03-01"),
    ],
)
def test_a_weekday_in_a_preview_is_the_coming_one(text, expected):
    assert [d.iso for d in event_dates(text, SAT) if d.text != "hari ini"] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Timnas kalah pada Minggu.", ["2025-02-23"]),
        ("The team lost on Sunday.", ["2025-02-23"]),
        ("Final digelar Sabtu.", ["2025-03-01"]),  # the article's own weekday, in the past, is that day
        ("last Sunday the team will not forget", ["2025-02-23"]),
        ("Presiden mengatakan pada Jumat bahwa Indonesia akan membeli jet.", ["2025-02-28"]),
        ("The minister said on Friday the country will buy jets.", ["2025-02-28"]),
        ("Timnas menang pada Minggu. Final akan digelar Sabtu.", ["2025-02-23", "2025-03-08"]),
        ("Minggu lalu, ia mengatakan akan kembali", ["2025-02-17/2025-02-23"]),  # "Minggu lalu" is last week
        ("minggu ini mereka akan bertanding", ["2025-02-24/2025-03-02"]),  # lower-case "minggu" is a week
    ],
)
def test_a_weekday_in_a_past_sentence_resolves_back(text, expected):
    assert iso(text, SAT) == expected
