"""Articles and questions in Indonesian or English, in any pairing: each text is read in its own language."""

from __future__ import annotations

from rag.chunking import split_sentences
from rag.sentences import candidate_sentences
from rag.text import content_stems, language, stem, stem_as

PORT = """HARBOR TIMES

New chief to lead Tanjung Emas port operator from October

Published: September 15, 2025 8:10 am

By Lina Hartono

SEMARANG – The board of PT Pelabuhan Emas Sejahtera said on Monday that Mr. Daniel Wong, a former logistics \
executive, will take over as the company's chief executive on Oct. 2 after shareholders approved his appointment.

Wong replaces Mrs. Ratna Dewi, who led the operator for six years and will retire at the end of September.

The expansion, estimated to cost US$310 million, will double the terminal's yearly capacity to 1.2 million \
containers, the board said.

Port users welcomed the appointment but asked the new chief to shorten waiting times for ships, which now \
average three days.
"""
APPOINTMENT = (
    "SEMARANG – The board of PT Pelabuhan Emas Sejahtera said on Monday that Mr. Daniel Wong, a former logistics "
    "executive, will take over as the company's chief executive on Oct. 2 after shareholders approved his appointment."
)
PASAR = """KabarPasar.id

Harga cabai rawit di Pasar Johar naik dua kali lipat

Senin, 15 September 2025 - 09:30 WIB

Harga cabai rawit di Pasar Johar, Semarang, naik dari Rp40.000 menjadi Rp80.000 per kilogram dalam sepekan terakhir.

Para pedagang mengatakan pasokan dari petani di lereng Gunung Ungaran berkurang karena hujan deras yang merusak \
tanaman mereka.

Dinas Perdagangan Kota Semarang berencana menggelar operasi pasar mulai pekan depan untuk menekan harga.
"""


def test_each_article_is_stored_with_the_language_it_is_written_in(make_bot, tmp_path):
    (tmp_path / "port.txt").write_text(PORT, "utf-8")
    (tmp_path / "pasar.txt").write_text(PASAR, "utf-8")
    bot = make_bot()
    bot.ingest([tmp_path])
    assert {d["source"]: d["lang"] for d in bot.docs()} == {"port.txt": "en", "pasar.txt": "id"}


def test_english_abbreviations_do_not_end_a_sentence():
    text = (
        "Mr. Tan said the bridge will reopen on Oct. 2 after repairs by PT Karya Inc. and its partners. "
        "The U.S. Embassy said gate No. 5 opens at 9 a.m. Monday. Visitors must show their passes."
    )
    assert [text[s:e] for s, e in split_sentences(text, 0, len(text))] == [
        "Mr. Tan said the bridge will reopen on Oct. 2 after repairs by PT Karya Inc. and its partners.",
        "The U.S. Embassy said gate No. 5 opens at 9 a.m. Monday.",
        "Visitors must show their passes.",
    ]


def test_english_questions_on_an_english_article_quote_its_whole_sentence(make_bot, tmp_path):
    (tmp_path / "port.txt").write_text(PORT, "utf-8")
    (tmp_path / "pasar.txt").write_text(PASAR, "utf-8")
    bot = make_bot()
    bot.ingest([tmp_path])
    # the first has no English stop word to vote with; the second's answer holds "Oct. 2"
    for question in ("Explain Daniel Wong's appointment", "When will Daniel Wong take over as chief executive?"):
        answer = bot.ask(question)
        assert answer.lang == "en" and answer.text.startswith("According to Harbor Times"), (question, answer.text)
        assert answer.citations[0].quote == APPOINTMENT


def test_questions_are_read_in_their_own_language():
    questions = {
        "Tell me about Benny Sutanto's plans": "en",
        "Smelter cost?": "en",
        "Who?": "en",
        "Which company is building the smelter?": "en",
        "Siapa?": "id",
        "Jelaskan rencana Benny Sutanto": "id",
        "Berapa investasi smelter nikel?": "id",
        "Di mana jembatan itu berada?": "id",
    }
    assert {q: language(q) for q in questions} == questions


def test_an_english_word_stems_alike_in_a_question_and_in_an_article():
    sentence = "The board approved the recruitment of 400 dock workers in North Maluku."
    stems = set(content_stems(sentence, "en"))
    assert {stem_as("recruit", "en"), stem_as("worker", "en"), stem_as("workers", "en")} <= stems
    # an Indonesian name stems as it does in an Indonesian question; nothing Sastrawi alone matched is lost
    assert stem_as("maluku", "en") == stem("maluku")
    assert set(content_stems(sentence, "id")) <= stems
    # Indonesian text keeps Sastrawi's stems
    assert content_stems("Para pekerja mengungkapkan keluhan mereka", "id") == ["kerja", "ungkap", "keluh"]


def test_an_indonesian_compound_stems_alike_in_every_affixed_form():
    # Sastrawi's dictionary holds "tanda" and "tangan" but not "tandatangan": it left each form whole
    forms = ["ditandatangani", "menandatangani", "penandatanganan"]
    assert {stem(w) for w in forms} == {"tandatangan"}
    assert stem("menindaklanjuti") == stem("ditindaklanjuti") == "tindaklanjut"
    # words Sastrawi stems, roots and names are what they were
    assert (stem("kesepakatan"), stem("tangan"), stem("pyongyang"), stem("lumajang")) == (
        "sepakat",
        "tangan",
        "pyongyang",
        "lumajang",
    )


PUMPS = """Pompa Air Desa Karangsari Kembali Berfungsi Setelah Dua Pekan Rusak

KARANGSARI, WartaDesa.id – Tiga pompa air bersih milik Desa Karangsari, Kabupaten Wonoreja, kembali beroperasi pada Jumat (7/11/2025) setelah rusak akibat banjir dua pekan lalu.

Perbaikan pompa dibiayai dana desa sebesar Rp85 juta dan dikerjakan oleh teknisi dari Dinas Pekerjaan Umum setempat.

"The engineers repaired the flooded pump motors in eleven days, and every household received piped water again before the weekend," said Hendrik Mulder, a Dutch hydrologist who advises the district on its water network.

Kepala Desa Karangsari, Sutrisno, mengatakan warga selama ini mengambil air dari sumur umum di balai desa.
"""
PUMPS_QUOTE = PUMPS.split("\n\n")[3]


def test_an_english_quote_in_an_indonesian_article_is_read_as_english(article_bot):
    bot = article_bot("pompa.txt", PUMPS)
    assert [d["lang"] for d in bot.docs()] == ["id"]
    first = "Berapa hari yang dibutuhkan para insinyur untuk memperbaiki motor pompa?"
    sentences = candidate_sentences(bot.passages(bot.understand(first, [])))
    langs = {s.text: s.lang for s in sentences}
    assert langs[PUMPS_QUOTE] == "en"  # stemmed as English: "repaired" is "repair", "engineers" "engin"
    assert {t for t, lang in langs.items() if lang == "id"} == {s.text for s in sentences} - {PUMPS_QUOTE}
    # an Indonesian question finds it through the English renderings of its words
    for question in (first, "Berapa lama perbaikan motor pompa oleh para insinyur?"):
        answer = bot.ask(question)
        assert answer.found and answer.citations[0].quote == PUMPS_QUOTE, (question, answer.text)


FLOOD_FR = """Inondations à Valmont : la préfecture ouvre trois centres d'accueil

VALMONT – De fortes pluies ont provoqué la crue de la rivière Orbe dans la nuit de mardi à mercredi, inondant plus de 400 maisons dans la commune de Valmont.

Le préfet, Julien Marchand, a annoncé l'ouverture de trois centres d'accueil pour les familles évacuées. Selon les pompiers, 1 250 personnes ont été évacuées et aucune victime n'est à déplorer.

Les dégâts sont estimés à 12 millions d'euros par la mairie. Les écoles resteront fermées jusqu'à lundi.
"""


def test_an_article_in_a_third_language_is_stored_as_such_and_answered_as_far_as_words_match(make_bot, tmp_path):
    (tmp_path / "valmont.txt").write_text(FLOOD_FR, "utf-8")
    bot = make_bot()
    report = bot.ingest([tmp_path])
    assert report.added == ("valmont.txt",) and not report.failed
    assert [d["lang"] for d in bot.docs()] == ["fr"]
    # a question in its own language matches its words, and is answered verbatim
    answer = bot.ask("Combien de personnes ont été évacuées à Valmont ?")
    assert answer.found and "1 250 personnes ont été évacuées" in answer.citations[0].quote
    assert answer.citations[0].quote in FLOOD_FR
    # no resource here translates French: an English question is refused in English, not crashed on
    answer = bot.ask("How many people were evacuated in Valmont?")
    assert not answer.found and answer.lang == "en"
