"""Follow-up questions on the real seeds: a person, a place and an ellipsis resolved from earlier turns."""

from __future__ import annotations

import pytest
from conftest import GENERAL
from test_answers import assert_grounded

from rag import Turn
from rag.answer import quoted
from rag.evaluate import evaluate, load_items
from rag.followup import context


def turns(*pairs: tuple[str, str]) -> list[Turn]:
    return [t for user, assistant in pairs for t in (Turn("user", user), Turn("assistant", assistant))]


def test_an_ellipsis_takes_the_subject_of_the_last_exchange(seeded_bot):
    history = turns(("Apa yang ditandatangani Putin dan Kim Jong Un?", "Pakta pertahanan."))
    answer = seeded_bot.ask("Kapan?", history=history)
    assert answer.found and "19/6/2024" in answer.text
    assert answer.citations[0].source.startswith("002_")
    assert_grounded(answer)
    # the same word alone asks nothing: no error, an honest refusal
    alone = seeded_bot.ask("Kapan?")
    assert not alone.found


def test_a_person_named_only_in_the_previous_answer(seeded_bot):
    history = turns(("Siapa Sekretaris Jenderal NATO yang baru?", "Mark Rutte."))
    answer = seeded_bot.ask("Apa kata dia tentang aliansi Rusia dan Korea Utara?", history=history)
    assert answer.found and "Rutte" in answer.citations[0].quote
    assert answer.outlets == ("Metrotvnews",)  # no other outlet is claimed for what Rutte said
    assert_grounded(answer)


def test_a_place_named_in_the_previous_answer(seeded_bot):
    history = turns(("Di mana ribuan tentara Korea Utara dilaporkan tiba?", "Di wilayah Kursk, Rusia."))
    answer = seeded_bot.ask("Siapa yang bertempur di sana?", history=history)
    assert answer.found and "Kursk" in answer.text
    assert_grounded(answer)
    assert not seeded_bot.ask("Siapa yang bertempur di sana?").found  # without the history, "there" is nowhere


@pytest.mark.parametrize(
    "question",
    ["Apa itu NATO?", "Berapa sebenarnya korban kecelakaan bus di Kertajaya?", "What happened this week in Ternate?"],
)
def test_a_question_that_only_looks_like_a_follow_up_carries_nothing(question):
    history = turns(("Siapa Sekretaris Jenderal NATO yang baru?", "Mark Rutte."))
    carried = context(question, history)
    assert "Rutte" not in carried and "Sekretaris" not in carried


def test_the_referents_by_kind():
    # a person pronoun takes people, not the place; "di sana" takes the place, not the people
    history = turns(("Where did Putin and Kim Jong Un meet in June 2024?", "In Pyongyang."))
    assert set(context("What did they sign?", history).split()) >= {"Putin", "Kim"}
    assert "Pyongyang" not in context("What did they sign?", history)
    assert context("Apa yang terjadi di sana?", history) == "Pyongyang"
    # "jembatan itu" takes the name the bridge had two turns back, past an answer without it
    history = turns(
        ("Proyek apa yang dikorupsi Hendra?", "Pembangunan Jembatan Sungai Rangas tahun anggaran 2021–2022."),
        ("Berapa nilai kontraknya?", "Rp18,4 miliar."),
    )
    assert context("Di mana jembatan itu berada?", history) == "Jembatan Sungai Rangas"


@pytest.mark.parametrize(
    "question", ["Berapa kontainer amunisi yang dituduh dipasok Korea Utara ke Rusia?", "Siapa Bonnie Jenkins?"]
)
def test_a_new_subject_is_not_polluted_by_the_old_one(seeded_bot, question):
    history = turns(("Siapa Sekretaris Jenderal NATO yang baru?", "Mark Rutte."))
    assert context(question, history) == ""
    assert seeded_bot.ask(question, history=history).text == seeded_bot.ask(question).text


def test_an_earlier_answer_counts_by_what_it_quoted():
    said = quoted(
        "Menurut Liputan6 (2024-06-19): Korea Utara memasok 11.000 kontainer amunisi [1]. "
        "Juga dilaporkan oleh Tampang (2024-06-20) [2].\nDilaporkan oleh 2 outlet: Liputan6, Tampang."
    )
    assert said == "Korea Utara memasok 11.000 kontainer amunisi."
    # as the web chat shows it: outlet names with dots, notes in italics, a warning line, a quote with a colon
    shown = (
        "According to Kompas.com (2025-03-03): He said “Menurut saya: ini keliru” [1]\n\n"
        "_Reported by 2 outlets: Kompas.com, Detik.com._\n\n**Warning:** Sources disagree on jiwa: A says 1 [1]."
    )
    assert quoted(shown) == "He said “Menurut saya: ini keliru”"
    assert quoted("Artikel-artikel yang tersedia tidak membahas hal ini, jadi saya tidak bisa menjawabnya.") == ""


def test_odd_histories_are_answered_without_error(seeded_bot):
    question = "Kapan pakta itu ditandatangani?"
    alone = seeded_bot.ask(question)
    # empty turns are skipped: the same answer as with no history
    assert seeded_bot.ask(question, history=[Turn("user", "   "), Turn("assistant", "")]).text == alone.text
    # a hundred turns: only the last few steer the question, and it is still answered or refused, not an error
    long = turns(*[(f"Pertanyaan nomor {i} tentang Korea Utara?", f"Jawaban nomor {i}.") for i in range(50)])
    carried = context(question, long)
    assert "49" in carried and "nomor 40 " not in carried and "nomor 0 " not in carried
    assert seeded_bot.ask(question, history=long).text
    # a history in another language than the question still tells what "pakta itu" is
    english = turns(("What did Putin and Kim Jong Un sign?", "A defence pact."))
    answer = seeded_bot.ask(question, history=english)
    assert answer.found and "19/6/2024" in answer.text
    assert_grounded(answer)


def test_the_general_corpus_follow_ups_all_pass(tmp_path_factory, embedder):
    """The four multi-turn items of the general corpus: an ellipsis ("Berapa korbannya?"), a statement
    ("Siapa yang mengatakannya?"), "jembatan itu" two turns back, and "And how much is it going to cost?"."""
    from rag import Bot, Settings

    bot = Bot.from_settings(Settings(store_dir=tmp_path_factory.mktemp("general"), _env_file=None), embedder=embedder)
    bot.ingest([GENERAL / "articles"])
    items = [i for i in load_items(GENERAL / "qa.jsonl") if i["history"]]
    texts = {p.name: p.read_text("utf-8") for p in (GENERAL / "articles").glob("*.txt")}
    report = evaluate(bot, items, texts)
    assert len(items) == 4
    assert all(i.passed for i in report.items), [(i.id, i.reasons, i.text) for i in report.items]
    # the same questions with no history are not answered from the thread they lost
    alone = evaluate(bot, [{**i, "history": []} for i in items], texts)
    assert sum(i.passed for i in alone.items) < 4


def test_the_web_chat_history_carries_what_the_answer_said_not_its_sources(seeded_bot):
    from ui.app import to_history
    from ui.render import chat_message

    question = "Siapa Bonnie Jenkins?"
    first = seeded_bot.ask(question)
    assert first.found
    history = to_history([{"role": "user", "content": question},
                          {"role": "assistant", "content": chat_message(first, "id")}])  # fmt: skip
    assert ".txt" not in history[1].content and "Sources" not in history[1].content
    assert not any(c.outlet and c.outlet in quoted(history[1].content) for c in first.citations)
    answer = seeded_bot.ask("Apa yang dia katakan tentang Korea Utara?", history=history)
    assert answer.found and "Jenkins" in answer.citations[0].quote
    assert_grounded(answer)


HARBOUR = """Dermaga baru Pelabuhan Tanjung Sari diresmikan, nelayan keluhkan akses

TANJUNG SARI, KabarPesisir.id – Pemerintah Kabupaten Tanjung Sari meresmikan dermaga baru di Pelabuhan Tanjung Sari pada Senin (3/11/2025). Dermaga sepanjang 240 meter itu dibangun dengan anggaran Rp86 miliar selama dua tahun.

Kepala Dinas Kelautan dan Perikanan Kabupaten, Rudi Hartono Siregar, mengatakan dermaga itu mampu melayani 40 kapal ikan setiap hari dan dilengkapi gudang pendingin berkapasitas 300 ton.

Namun, penutupan jalan lama di sisi barat pelabuhan membuat nelayan dari Kampung Bagan harus memutar sejauh enam kilometer untuk mencapai dermaga. Sejumlah nelayan mengeluhkan biaya solar yang bertambah.

Menanggapi keluhan itu, Rudi berjanji membuka kembali jalan inspeksi di sisi barat untuk nelayan paling lambat Maret 2026. Ia juga menyebut tarif sandar kapal kecil tidak akan dinaikkan tahun ini.

Ketua kelompok nelayan Kampung Bagan, Sahat Manurung, menyambut baik janji tersebut. "Kami hanya ingin jalan pulang yang dekat," katanya.
"""


def conversation(bot, first: str, follow_up: str):
    """Ask `first`, then `follow_up` with the bot's own answer as the history, as the chat does."""
    answer = bot.ask(first)
    assert answer.found, first
    return answer, bot.ask(follow_up, history=turns((first, answer.text)))


def test_a_follow_up_is_not_answered_again_by_the_sentence_it_took_its_words_from(article_bot):
    bot = article_bot("dermaga.txt", HARBOUR)
    # the words a follow-up carries come from the last answer's sentence; finding them there again is no
    # evidence, so the new fact asked for is quoted first (before, the last answer came back first)
    first, then = conversation(
        bot, "Berapa panjang dermaga baru Tanjung Sari?", "Berapa kapal yang bisa dilayaninya setiap hari?"
    )
    assert "240 meter" in first.citations[0].quote
    assert "40 kapal ikan" in then.citations[0].quote
    assert all(c.quote in HARBOUR for c in then.citations)  # verbatim
    first, then = conversation(
        bot, "Mengapa nelayan Kampung Bagan harus memutar jauh?", "Apa janji pejabat kepada mereka?"
    )
    assert "memutar sejauh enam kilometer" in first.citations[0].quote
    assert "berjanji membuka kembali jalan inspeksi" in then.citations[0].quote
    # asked for something the last answer's sentence does not hold, the bot does not repeat that sentence
    first, then = conversation(
        bot,
        "Berapa kapal yang bisa dilayani dermaga baru Tanjung Sari setiap hari?",
        "Lalu apa janji pejabat itu kepada nelayan?",
    )
    assert "40 kapal ikan" in first.citations[0].quote
    assert all("40 kapal ikan" not in c.quote for c in then.citations)


def test_a_sentence_the_last_answer_added_as_context_can_answer_the_follow_up(article_bot):
    bot = article_bot("dermaga.txt", HARBOUR)
    first, then = conversation(
        bot,
        "Siapa yang berjanji membuka kembali jalan inspeksi untuk nelayan?",
        "Bagaimana tanggapan nelayan atas janji itu?",
    )
    assert "Rudi berjanji" in first.citations[0].quote
    assert "Sahat Manurung" in first.text  # shown after the answer, as context
    assert then.found and "menyambut baik janji tersebut" in then.citations[0].quote
    assert all(c.quote in HARBOUR for c in then.citations)  # verbatim


def test_what_an_earlier_answer_gave_as_its_answer_is_its_first_quote():
    from rag.answer import answered

    text = "Menurut KabarPesisir: Rudi berjanji membuka jalan. [1] Ia juga menyebut tarif. [2]"
    assert answered(text) == "Rudi berjanji membuka jalan."
    assert answered("Samuel Wairata won the men's race.") == "Samuel Wairata won the men's race."
    assert answered("Artikel-artikel yang tersedia tidak membahas hal ini, jadi saya tidak bisa menjawabnya.") == ""
