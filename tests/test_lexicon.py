"""The Debian word resources: FreeDict English–Indonesian and the mythes-id thesaurus, read and used."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys

import pytest

from rag import lexicon
from rag.errors import ConfigError

PARK = """WartaKita.id

Taman Kota Tirtamulya Kembali Dibuka, Anak-anak Masuk Gratis

Sabtu, 10 Mei 2025 - 09:15 WIB

TIRTAMULYA, WartaKita.id – Taman Kota Tirtamulya kembali dibuka untuk umum pada Sabtu (10/5/2025) setelah ditutup \
selama empat bulan untuk perbaikan.

Kepala Dinas Lingkungan Hidup Tirtamulya, Sri Wahyuni, mengatakan pemerintah kota menanam 300 pohon baru di \
sepanjang jalur pejalan kaki.

Harga karcis masuk bagi orang dewasa ditetapkan Rp5.000, sedangkan anak di bawah 12 tahun tidak dipungut bayaran.

Taman itu buka setiap hari mulai pukul 06.00 hingga 22.00 WIB.

Pengunjung dilarang membawa sepeda motor ke dalam area taman dan wajib memarkirnya di gedung parkir di sisi timur.

Perbaikan taman menghabiskan biaya Rp2,4 miliar dari anggaran kota.

"Kami ingin taman ini menjadi ruang bermain yang aman bagi keluarga," kata Sri.

Penulis: Dewi Lestari
"""
TICKET = "Harga karcis masuk bagi orang dewasa ditetapkan Rp5.000"
COST = "Perbaikan taman menghabiskan biaya Rp2,4 miliar dari anggaran kota."
CACHES = (
    lexicon._english_indonesian,
    lexicon._indonesian_english,
    lexicon._thesaurus,
    lexicon._pivoted,
    lexicon._irregular,
)
MOTORBIKE = "Pengunjung dilarang membawa sepeda motor ke dalam area taman"


@pytest.fixture()
def fresh_caches():
    """Each test reads the resources anew, and leaves none of its own behind."""
    for cache in CACHES:
        cache.cache_clear()
    yield
    for cache in CACHES:
        cache.cache_clear()


def uninstall(monkeypatch, folder) -> None:
    """Make the process see a machine where the two Debian packages are not installed."""
    monkeypatch.setattr(lexicon, "DICTIONARY", folder / "dictd" / "freedict-eng-ind")
    monkeypatch.setattr(lexicon, "THESAURUS_DIR", folder / "mythes")
    monkeypatch.setattr(lexicon, "WORDNET_DIR", folder / "wordnet")
    for cache in CACHES:
        cache.cache_clear()


@pytest.fixture()
def park_bot(make_bot, tmp_path):
    """A bot over one Indonesian article about a city park reopening."""
    article = tmp_path / "taman.txt"
    article.write_text(PARK, encoding="utf-8")
    bot = make_bot()
    bot.ingest([article])
    return bot


def test_the_dictionary_renders_english_words_in_indonesian_and_back(fresh_caches):
    assert "desa" in lexicon.indonesian("village")
    assert "karcis" in lexicon.indonesian("ticket")
    assert "village" in lexicon.english("desa")
    assert "jerman" in lexicon.indonesian("Germany", name=True)  # a country by its proper-noun sense


def test_dictionary_renderings_are_short_lower_case_words_without_notes(fresh_caches):
    renderings = {w for english in ("court", "house", "school", "run", "water") for w in lexicon.indonesian(english, 9)}
    assert renderings and all(w == w.lower() and len(w.split()) <= 3 for w in renderings)
    assert not any(ch in w for w in renderings for ch in "()[],")


def test_the_thesaurus_gives_synonyms_but_not_antonyms(fresh_caches):
    assert {"siswa", "pelajar"} <= set(lexicon.synonyms("murid"))
    assert "guru" not in lexicon.synonyms("murid")  # listed as its antonym
    assert "ongkos" in lexicon.synonyms("biaya")


def test_function_words_are_told_apart_by_the_resources(fresh_caches):
    assert lexicon.english_function_word("about") and not lexicon.english_function_word("ticket")
    assert lexicon.indonesian_function_word("tentang") and not lexicon.indonesian_function_word("taman")


def test_a_missing_resource_stops_with_one_line_naming_the_package(monkeypatch, tmp_path, fresh_caches):
    uninstall(monkeypatch, tmp_path)
    with pytest.raises(ConfigError, match=r"install the Debian package dict-freedict-eng-ind") as caught:
        lexicon.indonesian("village")
    assert "\n" not in str(caught.value) and str(tmp_path) in str(caught.value)
    with pytest.raises(ConfigError, match=r"install the Debian package mythes-id"):
        lexicon.synonyms("murid")
    with pytest.raises(ConfigError, match=r"install the Debian package wordnet-base"):
        lexicon.lemmas("spent")


def test_a_damaged_resource_stops_like_a_missing_one(monkeypatch, tmp_path, fresh_caches):
    uninstall(monkeypatch, tmp_path)
    (tmp_path / "dictd").mkdir()
    (tmp_path / "dictd" / "freedict-eng-ind.index").write_text("village\t!!\t?\n", encoding="utf-8")
    (tmp_path / "dictd" / "freedict-eng-ind.dict.dz").write_bytes(b"\x1f\x8b\x08\x00 truncated")
    with pytest.raises(ConfigError, match="dict-freedict-eng-ind"):
        lexicon.indonesian("village")


def test_an_english_question_finds_an_indonesian_article_through_the_dictionary(
    park_bot, monkeypatch, tmp_path, fresh_caches
):
    question = "What is the ticket price for adults at the park?"  # none of its words is in rag/data/en_id.json
    answer = park_bot.ask(question)
    assert answer.found
    assert TICKET in answer.citations[0].quote
    # without the dictionary the bot does not answer worse in silence: it says what to install
    uninstall(monkeypatch, tmp_path)
    with pytest.raises(ConfigError, match="dict-freedict-eng-ind"):
        park_bot.ask(question)
    monkeypatch.undo()  # installed again: the same store answers as before, nothing was lost
    lexicon._english_indonesian.cache_clear()
    assert TICKET in park_bot.ask(question).citations[0].quote


def test_an_indonesian_paraphrase_with_a_synonym_is_answered(park_bot, monkeypatch, tmp_path, fresh_caches):
    question = "Berapa ongkos yang dihabiskan?"  # the article says "biaya"
    answer = park_bot.ask(question)
    assert answer.found
    assert answer.citations[0].quote == COST
    assert "Rp2,4 miliar" in answer.text
    uninstall(monkeypatch, tmp_path)  # without the thesaurus "ongkos" is not "biaya": it says so
    with pytest.raises(ConfigError, match="mythes-id"):
        park_bot.ask(question)


def test_a_two_word_indonesian_phrase_the_dictionary_knows_is_one_term_needing_both_words():
    from rag.features import satisfied
    from rag.query import analyse
    from rag.text import content_stems

    terms = {t.label: t for t in analyse("Siapa perdana menteri Jepang?").terms}
    assert "perdana menteri" in terms and "menteri" not in terms
    phrase = terms["perdana menteri"]
    assert not satisfied(phrase, frozenset(content_stems("Menteri Luar Negeri Jepang tiba di Seoul.")))
    assert satisfied(phrase, frozenset(content_stems("Perdana Menteri Jepang tiba di Seoul.")))
    assert satisfied(phrase, frozenset(content_stems("Japan's prime minister arrived in Seoul.", "en")))


def test_words_in_another_script_are_read_as_glosses_not_as_terms():
    from rag.query import analyse, without_glosses

    labels = {t.label for t in analyse("Di mana Putin dan Kim Jong Un (金正恩) menandatangani pakta (договор)?").terms}
    assert {"putin", "kim", "pakta"} <= labels and not {"金正恩", "договор"} & labels
    assert without_glosses("Где подписали договор Путин и Ким?") == "Где подписали договор Путин и Ким?"  # one script


def write_dictd(folder, pair: str, entries: dict[str, list[str]]) -> None:
    """A FreeDict dictionary in dictd's format: `.index` rows of base-64 offsets into a gzipped `.dict.dz`."""

    def b64(n: int) -> str:
        digits = ""
        while True:
            digits, n = lexicon._B64[n % 64] + digits, n // 64
            if not n:
                return digits

    body, rows = b"", []
    for head, words in entries.items():
        entry = f"{head} <n>\n{', '.join(words)}\n".encode()
        rows.append(f"{head}\t{b64(len(body))}\t{b64(len(entry))}")
        body += entry
    folder.mkdir(exist_ok=True)
    (folder / f"freedict-{pair}.index").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (folder / f"freedict-{pair}.dict.dz").write_bytes(gzip.compress(body))


def test_a_rendering_reached_through_two_languages_is_kept_and_one_reached_through_one_is_not(monkeypatch, tmp_path):
    from rag import pivot

    # "fine" -> German "fein" -> "tipis" is one route only; "Geldstrafe" and Dutch "boete" both reach "denda"
    write_dictd(tmp_path, "eng-deu", {"fine": ["fein", "Geldstrafe"], "visitor": ["Besucher"]})
    write_dictd(tmp_path, "deu-ind", {"fein": ["tipis"], "Geldstrafe": ["denda"], "Besucher": ["pengunjung"]})
    write_dictd(tmp_path, "eng-nld", {"fine": ["boete"], "visitor": ["bezoeker"]})
    write_dictd(tmp_path, "nld-ind", {"boete": ["denda"], "bezoeker": ["pengunjung", "tamu"]})
    write_dictd(tmp_path, "eng-fin", {"visitor": ["vierailija"]})
    write_dictd(tmp_path, "fin-ind", {"vierailija": ["pengunjung", "tamu"]})
    write_dictd(tmp_path, "eng-pol", {})
    write_dictd(tmp_path, "pol-ind", {})
    monkeypatch.setattr(lexicon, "DICTD", tmp_path)
    table = pivot.build()
    assert table == {"fine": ["denda"], "visitor": ["pengunjung", "tamu"]}
    out = tmp_path / "data" / "pivot.json"
    pivot.write(table, out)
    assert json.loads(out.read_text(encoding="utf-8")) == table and [p.name for p in out.parent.iterdir()] == [
        "pivot.json"
    ]


def test_the_pivot_table_is_the_same_whatever_the_hash_seed(tmp_path):
    # renderings reached as often are kept in the dictionaries' order, not in a set's (which the hash seed changes)
    words = ["satu", "dua", "tiga", "empat", "lima", "enam"]
    write_dictd(tmp_path, "eng-deu", {"thing": ["Ding"]})
    write_dictd(tmp_path, "deu-ind", {"Ding": words})
    write_dictd(tmp_path, "eng-nld", {"thing": ["ding"]})
    write_dictd(tmp_path, "nld-ind", {"ding": words[::-1]})
    for pair in ("eng-fin", "fin-ind", "eng-pol", "pol-ind"):
        write_dictd(tmp_path, pair, {})
    script = (
        "import json, sys\nfrom pathlib import Path\nfrom rag import lexicon, pivot\n"
        "lexicon.DICTD = Path(sys.argv[1])\nprint(json.dumps(pivot.build()))"
    )
    tables = {
        subprocess.run(
            [sys.executable, "-c", script, str(tmp_path)], env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in range(6)
    }  # fmt: skip
    assert len(tables) == 1 and json.loads(tables.pop()) == {"thing": words[:4]}


def test_a_missing_pivot_dictionary_names_its_debian_package(monkeypatch, tmp_path):
    from rag import pivot

    monkeypatch.setattr(lexicon, "DICTD", tmp_path)
    with pytest.raises(ConfigError, match="install the Debian package dict-freedict-eng-deu"):
        pivot.build()


def test_english_words_the_dictionary_lacks_are_rendered_through_other_languages(fresh_caches):
    assert not lexicon.read_dictionary(lexicon.DICTIONARY, "dict-freedict-eng-ind").get("visitor")
    assert "pengunjung" in lexicon.indonesian("visitor")
    assert "keluhan" in lexicon.indonesian("complaint")
    assert "visitor" in lexicon.english("pengunjung")  # and read backwards, for English articles
    assert lexicon.indonesian("village") == ("kampung", "desa")  # a word FreeDict has keeps its own renderings


def test_an_english_question_answered_through_a_pivoted_word_and_the_table_missing(
    park_bot, monkeypatch, tmp_path, fresh_caches
):
    question = "Can visitors bring a motorbike into the park?"  # "visitor", "motorbike": not in FreeDict eng-ind
    answer = park_bot.ask(question)
    assert answer.found and MOTORBIKE in answer.citations[0].quote
    empty = tmp_path / "empty.json"
    empty.write_text("{}", encoding="utf-8")
    monkeypatch.setattr(lexicon, "PIVOT_TABLE", empty)
    for cache in CACHES:
        cache.cache_clear()
    # without the pivoted words "visitors" and "motorbike" have no Indonesian rendering to search with
    terms = {t.label: t for t in park_bot.understand(question, []).terms}
    assert terms["visitors"].search == "" and terms["motorbike"].search == ""
    monkeypatch.setattr(lexicon, "PIVOT_TABLE", tmp_path / "never-built.json")
    for cache in CACHES:
        cache.cache_clear()
    with pytest.raises(ConfigError, match=r"build it with `make`") as caught:
        park_bot.ask(question)
    assert "\n" not in str(caught.value)


def test_an_irregular_english_form_is_read_as_its_base(park_bot, monkeypatch, tmp_path, fresh_caches):
    from rag.query import english_terms

    assert lexicon.lemmas("spent") == ("spend",) and lexicon.lemmas("children") == ("child",)
    assert lexicon.lemmas("houses") == ()  # WordNet's "houses_of_cards" is one entry, not three words
    assert lexicon.lemmas("spend") == ()
    spent = next(t for t in english_terms("How much was spent on the park?") if t.label == "spent")
    assert frozenset({"habis"}) in spent.alternatives  # "spend": habis, as in "menghabiskan biaya"
    answer = park_bot.ask("How much was spent on the park repairs?")
    assert answer.found and any(c.quote == COST for c in answer.citations)
    monkeypatch.setattr(lexicon, "WORDNET_DIR", tmp_path / "wordnet")  # without WordNet's lists: what to install
    lexicon._irregular.cache_clear()
    with pytest.raises(ConfigError, match="wordnet-base"):
        park_bot.ask("How much was spent on the park repairs?")


def test_an_inflected_form_is_read_as_a_freedict_headword_before_a_pivoted_one(fresh_caches):
    from rag.query import english_terms
    from rag.text import stem

    # the pivot table has "waiting" (through two languages, astray: "jawa"); FreeDict has "wait": menunggu
    assert lexicon.knows("waiting") and not lexicon.knows("waiting", pivoted=False)
    waiting = next(t for t in english_terms("How long is the waiting time at the clinic?") if t.label == "waiting")
    assert frozenset({"tunggu"}) in waiting.alternatives
    assert frozenset({"jawa"}) not in waiting.alternatives
    visitors = next(t for t in english_terms("How many visitors came?") if t.label == "visitors")
    assert frozenset({stem("pengunjung")}) in visitors.alternatives  # a word only the pivot has keeps its own


def test_an_inflected_indonesian_word_is_translated_as_the_dictionary_lists_it(fresh_caches):
    assert "pay" in lexicon.translations("dibayar")  # passive di- verb: the dictionary lists "membayar"
    assert "send" in lexicon.translations("dikirimkan")  # ... and "mengirim", without -kan
    assert "reason" in lexicon.translations("alasannya")  # a clitic comes off
    assert "fly" in lexicon.translations("penerbangan")  # a noun the dictionary lacks: its root, "terbang"
    assert lexicon.translations("tahun") == lexicon._rendered_back("tahun", 3)  # a listed word as listed
    assert "pliers" not in lexicon.translations("memenangi")  # not a root the stemmer rebuilt ("tang")
    assert "shame" not in lexicon.translations("maluku", inflected=False)  # a name is not "malu", shame


AIRLINE = """Harbour Daily

Kestrel Air adds two island routes as passenger numbers climb

Tuesday, 14 October 2025 - 10:20

SEMARU, Harbour Daily - Regional carrier Kestrel Air will open two new routes to the Lontar islands next month, \
its chief executive said on Tuesday.

Kestrel Air currently flies 19 domestic routes with a fleet of 11 turboprop aircraft, chief executive Maya Hartono \
told reporters at Semaru airport.

The airline carried 1.2 million passengers in the first nine months of the year, up 14 percent from a year earlier.

Tickets for the new routes go on sale on Friday, with fares starting at Rp650,000 one way.

"Island residents have waited a long time for a direct connection," Hartono said.

Reporter: Dimas Pratama
"""


def test_an_indonesian_question_with_a_derived_word_is_answered_from_an_english_article(article_bot):
    bot = article_bot("airline.txt", AIRLINE)
    # "penerbangan" (flight) is in no dictionary as written; its root "terbang" is: fly, as "flies"
    answer = bot.ask("Berapa rute penerbangan dalam negeri yang dilayani Kestrel Air saat ini?")
    assert answer.found
    assert answer.citations[0].quote.startswith("Kestrel Air currently flies 19 domestic routes")
    assert "19" in answer.text


COFFEE_DEALS = """Harbour Daily

Coffee growers sign their first export deals

Monday, 3 November 2025 - 09:00

LEMBANG, Harbour Daily - Buyers from Singapore signed contracts worth US$240,000 for Lembang arabica at the close \
of the village coffee fair on Sunday, organisers said.

A roaster from Sweden ordered a further 12 tonnes for delivery in March.

The fair drew about 8,000 visitors over three days.
"""


def test_a_country_named_in_indonesian_is_found_by_its_english_name(article_bot, fresh_caches):
    assert "singapore" in lexicon.translations("singapura", inflected=False)  # the dictionary's proper noun
    assert {"china", "chinese"} <= set(lexicon.translations("tiongkok", inflected=False))  # and its adjective
    bot = article_bot("coffee.txt", COFFEE_DEALS)
    # a name the articles do not hold means they are silent: "Singapura" must be found as "Singapore"
    answer = bot.ask("Berapa nilai kontrak yang ditandatangani pembeli dari Singapura?")
    assert answer.found and answer.citations[0].quote.startswith("LEMBANG, Harbour Daily - Buyers from Singapore")
    answer = bot.ask("Berapa ton kopi yang dipesan dari Swedia?")
    assert answer.found and answer.citations[0].quote.startswith("A roaster from Sweden ordered a further 12 tonnes")
    # a country the article does not name is still missing
    assert not bot.ask("Berapa ton kopi yang dipesan dari Jepang?").found


VOLLEYBALL = """Final Voli Antarkampung Sukamaju Dipadati Penonton

SUKAMAJU, WartaArga.id – Final turnamen bola voli antarkampung di Lapangan Desa Sukamaju, Minggu (9/11/2025), \
dipadati sekitar 2.000 penonton.

Tim Rajawali tampil di final setelah mengalahkan Tim Elang di semifinal pada Jumat.

Tim Garuda Muda menang 3-1 atas Tim Rajawali dan membawa pulang piala bergilir serta uang pembinaan Rp10 juta.

Panitia berencana menggelar turnamen berikutnya pada Agustus 2026.
"""


def test_an_irregular_past_form_is_read_by_its_base_too(article_bot, fresh_caches):
    from rag.query import english_terms
    from rag.text import stem

    won = next(t for t in english_terms("Who won the final?") if t.label == "won")
    assert frozenset({stem("menang")}) in won.alternatives  # win, as well as the Korean currency
    bot = article_bot("voli.txt", VOLLEYBALL)
    answer = bot.ask("Who won the final?")
    assert answer.found and answer.citations[0].quote.startswith("Tim Garuda Muda menang 3-1")
    answer = bot.ask("Which team won the final in Sukamaju?")
    assert any(c.quote.startswith("Tim Garuda Muda menang 3-1") for c in answer.citations), answer.text


def test_a_server_reads_every_word_resource_at_start_up(make_bot, fresh_caches):
    bot = make_bot()
    bot.warm()  # what `rag serve` and `rag slack` do before they take questions (then gc.freeze)
    assert all(cache.cache_info().currsize == 1 for cache in CACHES)  # none is left for a user's first question


def test_a_server_missing_a_word_resource_stops_at_start_up_with_the_set_up_step(make_bot, tmp_path, monkeypatch):
    import gc

    from rag.bot import ready_to_serve

    bot = make_bot()
    uninstall(monkeypatch, tmp_path)
    frozen = gc.get_freeze_count()
    with pytest.raises(ConfigError, match=r"install the Debian package .* \(`make run` does\)"):
        ready_to_serve(bot)  # before the first user asks, not at their question
    assert gc.get_freeze_count() == frozen  # and it stopped before freezing anything
    for cache in CACHES:
        cache.cache_clear()


SCHOOL_PLACES = """Kuota Siswa Baru Sekolah Negeri di Bandarjaya Diumumkan
Kamis, 5 Juni 2025 - 10:00 WIB
BANDARJAYA, KabarKota.id - Dinas pendidikan mengumumkan daya tampung sekolah negeri untuk tahun ajaran baru.
Di jenjang SMP negeri tersedia 4.800 kursi, naik 300 kursi dari tahun lalu.
Adapun SMA negeri di kota itu menyediakan 3.100 kursi.
Pendaftaran dibuka secara daring mulai 10 Juni 2025.
"""


@pytest.mark.parametrize(
    ("question", "places"),
    [
        ("How many places do public junior high schools in Bandarjaya offer?", "4.800"),
        ("How many places do public senior high schools in Bandarjaya offer?", "3.100"),
    ],
)
def test_a_plural_dictionary_phrase_is_found_by_its_indonesian_initials(article_bot, question, places):
    """ "junior high schools" is the dictionary's "junior high school", "sekolah menengah pertama", which
    Indonesian writes "SMP" (and "senior high school", "sekolah menengah atas", "SMA")."""
    bot = article_bot("kuota.txt", SCHOOL_PLACES)
    answer = bot.ask(question)
    assert answer.found and places in answer.citations[0].quote
