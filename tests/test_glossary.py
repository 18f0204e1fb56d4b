"""An article's abbreviations and its people's short names are read as what they stand for."""

from __future__ import annotations

import pytest

from rag.glossary import abbreviations, descriptions, mentions

ARTICLE = """Sarimukti Tambah Armada Pengangkut Sampah
SARIMUKTI, KabarPasundan.id - Pemerintah Kota Sarimukti menambah armada pengangkut sampah setelah tumpukan sampah menggunung di sejumlah pasar tradisional sejak awal bulan.
Dinas Lingkungan Hidup (DLH) Kota Sarimukti mencatat volume sampah harian naik dari 310 ton menjadi 365 ton selama musim hujan.
Kepala DLH Sarimukti, Bonar Sitompul, mengatakan tempat pembuangan akhir Cigadog sudah hampir penuh dan hanya mampu menampung sampah hingga akhir tahun.
"Kami sedang menyiapkan lahan baru seluas 8 hektare di Kecamatan Babakan," katanya.
Pedagang Pasar Kosambi, Euis Kartika, mengeluhkan bau sampah yang mengganggu pembeli.
Menurut Bonar, kebutuhan paling mendesak saat ini adalah truk pengangkut dan petugas kebersihan tambahan.
Ia juga meminta warga memilah sampah organik dan anorganik dari rumah.
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dinas Lingkungan Hidup (DLH) Kota Sarimukti mencatat", {"DLH": "Dinas Lingkungan Hidup"}),
        ("stok beras di gudang Badan Urusan Logistik (Bulog) menipis", {"Bulog": "Badan Urusan Logistik"}),
        ("the plant uses high-pressure acid leach (HPAL) technology", {"HPAL": "high-pressure acid leach"}),
        ("kartu BPJS (Badan Penyelenggara Jaminan Sosial) miliknya", {"BPJS": "Badan Penyelenggara Jaminan Sosial"}),
        ("Penyerang Rizky Damanik (kiri) merayakan gol.", {}),  # a bracket that abbreviates nothing
        ("Kepala desa, Asep Sunarya (52), mengatakan", {}),
    ],
)
def test_an_abbreviation_is_read_from_its_definition_in_the_article(text, expected):
    assert abbreviations(text) == expected


def test_a_person_named_by_one_name_is_the_one_the_article_described_at_first():
    found = descriptions(mentions(ARTICLE))
    assert found["Bonar"] == found["Sitompul"] == "Kepala DLH Sarimukti"
    assert found["Euis"] == "Pedagang Pasar Kosambi"
    english = descriptions(
        mentions("Yolanda Tuhumury, coordinator of the advocacy group Coastal Watch, said the plan was late.")
    )
    assert english["Tuhumury"] == "coordinator of the advocacy group Coastal Watch"
    assert "Menurut" not in found  # "Menurut Bonar, kebutuhan ..." is not a name and its description
    lineup = descriptions(
        mentions("Mitra Samudra: Reza Aulia; Aldi Kurniawan, Heru Purnomo, Lukas Pereira, Dani Saputra.")
    )
    assert lineup == {}  # a list of names describes none of them


def test_a_question_naming_the_office_finds_the_sentence_naming_the_person_by_one_name(article_bot):
    bot = article_bot("sampah.txt", ARTICLE)
    # the answer says "Menurut Bonar"; the question asks by the office, which the article shortened to "DLH"
    answer = bot.ask("Apa yang paling dibutuhkan menurut kepala DLH?")
    assert answer.found, answer.text
    assert answer.citations[0].quote.startswith("Menurut Bonar, kebutuhan paling mendesak")
