"""Answers of the kind the question asks for (money, a share, a length of time, a clock time, an age),
and body sentences rather than headlines or photo captions."""

from __future__ import annotations

import pytest

from rag.answertype import fits, question_kind
from rag.sentences import is_caption

ARTICLE = """Jembatan Gantung Desa Lembang Selesai Dibangun, Warga Tak Perlu Lagi Menyeberang dengan Rakit
Selasa, 8 Juli 2025 - 10:00 WIB
Warga menyeberangi jembatan gantung Desa Lembang yang baru diresmikan, Senin (7/7/2025). (WartaDesa/Yuni)
LEMBANG, WartaDesa.id - Jembatan gantung sepanjang 120 meter yang menghubungkan Desa Lembang dan Desa Sukamulya diresmikan pada Senin pagi setelah dikerjakan oleh 45 pekerja.
Pembangunan jembatan itu menelan biaya Rp2,4 miliar yang bersumber dari dana desa dan bantuan provinsi.
Pengerjaan jembatan berlangsung selama delapan bulan, lebih lama dari rencana karena banjir pada awal tahun.
Sekitar 60 persen warga Desa Sukamulya bekerja sebagai petani yang menjual hasil panen di pasar Desa Lembang.
Kepala Desa Lembang, Asep Sunarya (52), mengatakan jembatan itu memangkas waktu tempuh warga dari satu jam menjadi sepuluh menit.
Jembatan dibuka untuk pejalan kaki dan sepeda motor setiap hari mulai pukul 05.00 hingga 21.00 WIB.
"""


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Berapa biaya pembangunan jembatan itu?", "money"),
        ("How much did the bridge cost?", "money"),
        ("Berapa persen warga yang bekerja sebagai petani?", "percent"),
        ("What share of the villagers are farmers?", "percent"),
        ("Berapa lama jembatan itu dikerjakan?", "duration"),
        ("How long did the construction take?", "duration"),  # a verb of time: how long it lasted
        ("For how long was the road closed?", "duration"),
        ("How long is the bridge?", "time_or_length"),
        ("Jam berapa jembatan dibuka?", "time"),
        ("Pada tahun berapa jembatan lama dibangun?", "year"),
        ("What year was the old bridge built?", "year"),
        ("Berapa tahun jembatan lama itu dipakai?", "duration"),  # how many years: how long
        ("How often do boats cross the river?", "frequency"),
        ("Seberapa sering perahu menyeberang?", "frequency"),
        ("Berapa kali sehari perahu menyeberang?", "frequency"),
        ("Berapa kali jembatan itu diperbaiki?", None),  # how many times in all: a count
        ("What was the final score of the match?", "score"),
        ("Dengan skor berapa tim desa menang?", "score"),
        ("How expensive is the ferry ticket?", "money"),
        ("Seberapa mahal tiket perahu?", "money"),
        ("Berapa rupiah yang dihabiskan untuk perbaikan jembatan?", "money"),
        ("How many dollars did the bridge cost?", "money"),
        ("How many hectares of farmland does the bridge serve?", "measure"),
        ("Berapa derajat suhu di desa itu?", "measure"),
        ("At what time does the bridge open?", "time"),
        ("What was the winning time in the women's race?", "time_or_duration"),  # a clock reading, or hours
        ("Berapa usia kepala desa?", "age"),
        ("How old is the village head?", "age"),
        ("Seberapa panjang jembatan itu?", "length"),
        ("How far from the village is the bridge?", "length"),
        ("Seberapa luas lahan yang dibebaskan?", "area"),
        ("Berapa berat beban yang bisa ditahan jembatan?", "weight"),
        ("How fast do villagers repay the loans?", "speed"),  # a speed, or the time it takes
        ("Seberapa besar jembatan itu?", "measure"),  # any measure
        ("What does a motorbike rider have to pay to cross?", "money"),
        ("Berapa retribusi yang harus dibayar pengendara motor?", "money"),
        ("Berapa orang yang membayar retribusi?", None),  # a count of people paying, not a sum
        ("Berapa orang pekerja yang membangun jembatan?", None),  # a count: any number will do
        ("Siapa kepala desa Lembang?", "entity"),
        ("Which villages does the bridge connect?", "entity"),
        ("Which day does the bridge open?", None),  # a time: the "when" intent asks for it
        ("What unemployment rate does the village report?", "percent"),
        ("What monthly salary does the village head earn?", "money"),
        ("What is the one-way fare to the island?", "money"),
        ("Mengapa jembatan lama dibongkar?", "reason"),
        ("Why was the old bridge torn down?", "reason"),
        ("Apa penyebab jembatan lama ambruk?", "reason"),
        ("Apa tanggapan kepala desa soal jembatan baru?", "statement"),
        ("Bagaimana kepala desa menggambarkan jembatan itu?", "statement"),
        ("What did the village head say about the bridge?", "statement"),
        # what someone asked for, urged or complained of is in their words too
        ("Apa permintaan warga kepada kepala desa?", "statement"),
        ("Apa imbauan polisi kepada pengendara?", "statement"),
        ("What did the farmers complain about?", "statement"),
        ("What did the agency advise residents to do?", "statement"),
        ("Apa alasan yang disampaikan kepala desa?", "said_reason"),  # a cause or their words
        ("What reason did the village head give for the delay?", "said_reason"),
    ],
)
def test_question_kinds_in_both_languages(question, kind):
    assert question_kind(question) == kind


@pytest.mark.parametrize(
    ("kind", "text", "expected"),
    [
        ("money", "Biayanya Rp2,4 miliar.", True),
        ("money", "Jembatan itu dikerjakan oleh 45 pekerja.", False),
        ("percent", "Sekitar 60 persen warga bertani.", True),
        ("duration", "Pengerjaan berlangsung selama delapan bulan.", True),
        ("duration", "Jembatan sepanjang 120 meter itu diresmikan.", False),  # "berapa lama" asks for time
        ("time_or_length", "Jembatan sepanjang 120 meter itu diresmikan.", True),  # "how long": time or road
        ("length", "Jembatan sepanjang 120 meter itu diresmikan.", True),
        ("length", "Endapan lumpur di hulu sungai mencapai 1,5 juta meter kubik.", False),  # a volume, not a distance
        ("length", "The flood covered 12 square kilometres.", False),  # an area
        ("area", "The flood covered 12 square kilometres.", True),
        ("area", "Lahan seluas 3,5 hektare dibebaskan.", True),
        ("weight", "Jembatan mampu menahan beban 5 ton.", True),
        ("weight", "Jembatan sepanjang 120 meter itu diresmikan.", False),
        ("speed", "Loans are usually repaid within 21 days.", True),  # how fast: the time it takes
        ("speed", "Mobil melaju 60 km/jam.", True),
        ("measure", "Endapan lumpur di hulu sungai mencapai 1,5 juta meter kubik.", True),
        ("duration", "Biayanya Rp2,4 miliar.", False),
        ("time", "Dibuka mulai pukul 05.00 WIB.", True),
        ("time", "Dibuka setiap hari.", False),
        ("age", "Kepala Desa Lembang, Asep Sunarya (52), mengatakan hal itu.", True),
        ("age", "Kepala Desa Lembang, Asep Sunarya, mengatakan hal itu.", False),
        ("entity", "Hal itu disampaikan Kepala Desa Lembang, Asep Sunarya.", True),
        ("entity", '"Kami senang," kata Asep.', True),  # a name of one word
        ("entity", "Jembatan dibuka setiap hari sejak Senin.", False),  # a sentence's first word, a weekday
        ("entity", "Biayanya Rp2,4 miliar.", False),  # a currency is not a name
        ("reason", "Jembatan lama dibongkar karena tiangnya keropos.", True),
        ("reason", "The old bridge was torn down after floods cracked its piers.", True),
        ("reason", "Jembatan lama dibongkar pada Senin.", False),
        ("statement", '"Kami senang," kata Asep.', True),
        ("statement", "Asep menilai jembatan itu mempercepat perjalanan warga.", True),
        ("statement", "The village head said the bridge cut travel time.", True),
        ("statement", "Jembatan lama dibongkar pada Senin.", False),
        ("said_reason", '"Kami senang," kata Asep.', True),
        ("said_reason", "Jembatan lama dibongkar karena tiangnya keropos.", True),
    ],
)
def test_a_sentence_fits_the_kind_only_when_it_holds_such_a_value(kind, text, expected):
    assert fits(kind, text) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sebanyak 17 pasien meninggal dunia.", True),
        ("Three villages were evacuated.", True),
        ("Seratus warga mengungsi.", True),
        ("Ribuan tentara dilaporkan tiba di perbatasan.", False),  # roughly how many, not how many
        ("Hundreds of residents fled.", False),
        ("Gempa terjadi pada Senin (3/3/2025).", False),  # a date is not a count
    ],
)
def test_a_how_many_question_needs_an_exact_number(text, expected):
    from rag.answertype import mentions

    assert mentions("quantity", text) is expected


def test_a_how_far_question_is_answered_by_a_distance_not_a_volume(article_bot):
    bot = article_bot(
        "waduk.txt",
        "Waduk Cileuweung Dikeruk Setelah Longsor\n"
        "CILEUWEUNG, WartaPriangan.id - Dinas Pekerjaan Umum mengeruk Waduk Cileuweung setelah longsor "
        "menimbun dasar waduk pada Selasa (4/3/2025).\n"
        "Kepala dinas, Ujang Rukmana, mengatakan lumpur yang masuk ke waduk mencapai 2,3 juta meter kubik.\n"
        "Warga dilarang mendekat dalam radius 2 kilometer dari bibir waduk selama pengerukan.\n"
        "Pengerukan ditargetkan selesai dalam tiga bulan.\n",
    )
    question = "Seberapa jauh dari bibir waduk Cileuweung warga dilarang mendekat?"
    fit = feature_by_opening(bot, question, "kind_fit")
    assert fit["Warga"] == 1.0
    assert fit["Kepala"] == 0.0  # "2,3 juta meter kubik" is a volume
    answer = bot.ask(question)
    assert answer.found and "2 kilometer" in answer.citations[0].quote


def test_captions_are_told_from_body_sentences():
    assert is_caption("Warga menyeberangi jembatan yang baru diresmikan, Senin (7/7/2025). (WartaDesa/Yuni)")
    assert is_caption("Seorang relawan membagikan masker kepada pengungsi. FOTO: WartaSatu/Rendra")
    assert is_caption("Ilustrasi NATO. (Dok. Pixabay)")
    assert not is_caption("Harga beras naik menjadi Rp14.800 per kilogram (kg).")
    assert not is_caption("Ia bertemu Menteri Luar Negeri (Menlu) di Moskow.")


@pytest.fixture(scope="module")
def bridge_bot(tmp_path_factory, embedder):
    from rag.bot import Bot
    from rag.settings import Settings

    folder = tmp_path_factory.mktemp("bridge")
    (folder / "jembatan.txt").write_text(ARTICLE, "utf-8")
    bot = Bot.from_settings(Settings(store_dir=folder / "store"), embedder=embedder)
    bot.ingest([folder / "jembatan.txt"])
    return bot


@pytest.mark.parametrize(
    ("question", "quoted"),
    [
        ("Berapa biaya pembangunan jembatan gantung Desa Lembang?", "Rp2,4 miliar"),
        ("Berapa lama pengerjaan jembatan gantung Desa Lembang?", "delapan bulan"),
        ("Berapa persen warga Desa Sukamulya yang bekerja sebagai petani?", "60 persen"),
        ("Jam berapa jembatan dibuka setiap hari?", "pukul 05.00"),
        ("Berapa usia Kepala Desa Lembang?", "(52)"),
    ],
)
def test_the_answer_quotes_a_sentence_holding_the_kind_of_value_asked_for(bridge_bot, question, quoted):
    answer = bridge_bot.ask(question)
    assert answer.found, answer.text
    assert quoted in answer.citations[0].quote


def test_a_which_question_is_answered_from_the_sentence_that_names_them(bridge_bot, volcano_bot):
    # no word of the question but "bridge" and "villages" is in the answer; what it holds is the names asked for
    answer = bridge_bot.ask("Which villages does the bridge connect?")
    assert answer.found and "Desa Sukamulya" in answer.citations[0].quote
    answer = volcano_bot.ask("Which villages had the hardest evacuation?")
    assert answer.found and "Ranuwetan" in answer.citations[0].quote


def test_the_headline_and_the_photo_caption_are_not_quoted_as_the_answer(bridge_bot):
    answer = bridge_bot.ask("Kapan jembatan gantung Desa Lembang diresmikan?")
    assert answer.found
    assert answer.citations[0].quote.startswith("LEMBANG, WartaDesa.id")  # not the caption naming the same day


def test_a_question_about_the_photo_is_answered_from_its_caption(bridge_bot):
    answer = bridge_bot.ask("Siapa yang memotret foto warga menyeberangi jembatan gantung?")
    assert answer.found and "(WartaDesa/Yuni)" in answer.citations[0].quote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jembatan itu menghubungkan Kecamatan Rangas Hulu dan Bukit Sawit.", True),  # led by a place noun
        ("Gempa terasa hingga di Jakarta.", True),
        ("Kerugian negara Rp 2 triliun.", False),  # a sum after "negara" is not a place
        ("The plant opens in March.", False),  # nor a month after "in"
        ("Harga di pasar Senin naik.", False),  # nor a weekday
    ],
)
def test_a_place_is_a_name_after_a_preposition_or_a_place_noun(text, expected):
    from rag.answertype import mentions

    assert mentions("where", text) is expected


@pytest.mark.parametrize(
    ("text", "things"),
    [
        ("Pertunjukan itu disaksikan 12.500 penonton dari berbagai kota.", ["penonton dari"]),
        ("Layang Air flies 34 domestic routes with a fleet of 22 aircraft.", ["domestic routes", "aircraft"]),
        ("Petugas menyisir ulang lokasi selama dua hingga tiga hari.", ["hari"]),
        ("Ribuan tentara dilaporkan tiba di perbatasan.", []),  # a vague number counts nothing asked
        ("Hasilnya diumumkan pada 12 Maret 2025.", []),  # a date is not a count
    ],
)
def test_what_a_number_counts_is_the_word_or_two_after_it(text, things):
    from rag.answertype import counted

    assert counted(text) == things


def feature_by_opening(bot, question: str, name: str) -> dict[str, float]:
    """Feature `name` of each candidate sentence for `question`, by the sentence's first word."""
    from rag.features import Evidence
    from rag.sentences import candidate_sentences

    query = bot.understand(question, [])
    sentences = candidate_sentences(bot.passages(query))
    evidence = Evidence(query, sentences)
    return {s.text.split()[0]: evidence.of(s)[name] for s in sentences}


def test_a_number_counting_the_asked_thing_is_told_from_one_counting_something_else(article_bot):
    bot = article_bot(
        "konser.txt",
        "Konser Amal Band Senja Kelabu Kumpulkan Donasi\n"
        "KARANGANYAR, WartaSolo.id - Band Senja Kelabu menggelar konser amal di Alun-Alun Karanganyar "
        "pada Sabtu (15/3/2025) malam selama 3 jam.\n"
        "Pertunjukan yang dibuka pukul 19.00 WIB itu disaksikan 12.500 penonton dari berbagai kota.\n"
        "Panitia menyiapkan 40 tenda makanan dan 6 pos kesehatan di sekitar alun-alun.\n",
    )
    question = "Berapa banyak orang yang menonton konser amal Senja Kelabu?"
    counts = feature_by_opening(bot, question, "counted")
    # "12.500 penonton" counts those who watched ("menonton"); "3 jam", "40 tenda" count other things
    assert counts["Pertunjukan"] == 1.0
    assert counts["KARANGANYAR,"] == counts["Panitia"] == 0.0
    others = feature_by_opening(bot, question, "counts_other")
    assert others["Panitia"] == others["KARANGANYAR,"] == 1.0  # tents, hours: other things counted
    assert others["Pertunjukan"] == 0.0
    answer = bot.ask(question)
    assert answer.found and any("12.500 penonton" in c.quote for c in answer.citations)


SAILING = """Solo sailor sets record in Teluk Arang crossing
Sunday, 14 September 2025 | 17:10 WIB
TELUK ARANG, HarborWatch.id – Local fisherman Yohanes Beto sailed solo across Teluk Arang on Sunday, a crossing of \
96 kilometres from Pulau Lamun.
The crossing took Beto 9 hours and 41 minutes, nearly an hour faster than the record set in 2019.
He crossed the finish line at the Tanjung Lamun pier at 17:02, and the race's winning time was 9:41:07.
Now aged 58, he began sailing at the age of twelve on his father's boat.
A total of 23 boats started the race, and 17 of them reached the finish before the cut-off at 20:00.
"""


def test_how_long_something_took_is_a_length_of_time_not_of_a_course(article_bot):
    bot = article_bot("sailing.txt", SAILING)
    question = "How long did the crossing of Yohanes Beto across Teluk Arang take?"
    fit = feature_by_opening(bot, question, "kind_fit")
    assert fit["TELUK"] == 0.0  # "96 kilometres" is how long the course is, not how long the crossing took
    assert fit["The"] == 1.0
    answer = bot.ask(question)
    assert answer.found and "9 hours and 41 minutes" in answer.citations[0].quote


def test_a_winning_time_is_a_clock_reading_or_a_length_of_time(article_bot):
    bot = article_bot("sailing.txt", SAILING)
    fit = feature_by_opening(bot, "What was the winning time of the sailing race?", "kind_fit")
    assert fit["He"] == fit["The"] == 1.0  # "9:41:07", "9 hours and 41 minutes"
    assert fit["TELUK"] == fit["Now"] == 0.0  # a distance, an age
    answer = bot.ask("What was the winning time of the sailing race?")
    assert answer.found and any("9:41:07" in c.quote for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "measure", "found"),
    [
        ("How old is Yohanes Beto?", "old", {"umur", "usia", "age"}),  # an age: "berumur", "berusia", "aged"
        ("How far is the pier from Pulau Lamun?", "far", {"jarak", "distance"}),
        ("How long is the new road?", "long", {"panjang", "length"}),
    ],
)
def test_after_how_a_measure_adjective_is_found_by_its_noun_too(question, measure, found):
    from rag.query import analyse

    term = next(t for t in analyse(question).terms if t.label == measure)
    assert found <= {w for alternative in term.alternatives for w in alternative}


def test_an_english_how_old_question_is_answered_from_an_indonesian_age(article_bot):
    bot = article_bot(
        "gajah.txt",
        "Tiga Gajah Sumatra Dipindahkan ke Suaka Way Lunik\n"
        "LAMPUNG BARAT, WartaLampung.id – Tiga gajah sumatra dipindahkan dari perkebunan warga ke Suaka "
        "Margasatwa Way Lunik pada Kamis (9/10/2025).\n"
        "Suaka seluas 1.200 hektare itu dibuka 12 tahun lalu dan kini dihuni 31 gajah.\n"
        "Ketiga gajah itu terdiri atas dua betina dan satu jantan yang berusia antara 5 dan 11 tahun.\n"
        "Pemindahan memakan waktu 14 jam dengan tiga truk yang dikawal petugas.\n"
        "Kepala suaka, Rudi Hasibuan, yang telah bekerja di sana selama 20 tahun, mengatakan ketiganya akan "
        "dipantau selama enam bulan pertama.\n",
    )
    # "age" is "umur" in the dictionary's second sense and "usia" in its third: "berusia", not the other "tahun"
    answer = bot.ask("How old are the elephants that were moved to the sanctuary?")
    assert answer.found
    assert "berusia antara 5 dan 11 tahun" in answer.citations[0].quote


def test_a_common_word_of_the_question_capitalised_in_a_place_name_still_makes_the_place(article_bot):
    bot = article_bot(
        "dayung.txt",
        "Atlet Dayung Sindang Bersiap Menuju Kejuaraan Nasional\n"
        "Tim dayung Kabupaten Sindang menambah jadwal latihan menjelang kejuaraan nasional bulan depan.\n"
        "Para atlet berlatih setiap pagi di Danau Ranau Kidul sejak awal Mei.\n",
    )
    question = "Di danau mana para atlet dayung Sindang berlatih setiap pagi?"
    # "danau" is the question's common word, not a name it already says: "di Danau Ranau Kidul" is the place
    assert feature_by_opening(bot, question, "kind_fit")["Para"] == 1.0
    answer = bot.ask(question)
    assert answer.found and "Danau Ranau Kidul" in answer.citations[0].quote


LIBRARY = (
    "Perpustakaan Kota Banyuasri Tutup Sementara untuk Renovasi\n"
    "BANYUASRI, KabarBanyu.id - Perpustakaan Kota Banyuasri ditutup sementara mulai Senin (7/4/2025) selama dua bulan.\n"
    "Penutupan dilakukan karena atap gedung bocor dan sebagian koleksi buku rusak terkena air hujan.\n"
    "Kepala Perpustakaan Kota Banyuasri, Rini Astuti, mengatakan layanan peminjaman dipindahkan ke gedung arsip "
    "di Jalan Merdeka.\n"
    '"Kami mohon maaf kepada para pengunjung, tetapi keselamatan koleksi harus didahulukan," ujar Rini.\n'
    "Renovasi dibiayai dari anggaran daerah sebesar Rp1,2 miliar.\n"
)


def test_what_someone_asked_for_is_answered_from_the_sentence_reporting_the_request(article_bot):
    bot = article_bot(
        "pasar.txt",
        "Pedagang Pasar Lama Kota Arga Tolak Relokasi\n"
        "KOTA ARGA, WartaArga.id - Ratusan pedagang Pasar Lama Kota Arga menolak rencana relokasi ke gedung pasar "
        "baru di pinggir kota.\n"
        "Permintaan pemkot soal relokasi pedagang sebelum Maret 2026 ditolak paguyuban dalam rapat di balai kota.\n"
        "Paguyuban meminta pemkot menunda pemindahan sampai angkutan umum ke pasar baru tersedia.\n"
        "Pemkot menargetkan relokasi rampung pada Maret 2026 dengan anggaran Rp42 miliar.\n",
    )
    # the sentence sharing most words is the city's request, refused; the traders' own request is reported
    answer = bot.ask("Apa permintaan paguyuban pedagang kepada pemkot soal relokasi?")
    assert answer.found and answer.citations[0].quote.startswith("Paguyuban meminta pemkot menunda")


@pytest.mark.parametrize(
    "question", ["Mengapa Perpustakaan Kota Banyuasri ditutup?", "Why was the Banyuasri city library closed?"]
)
def test_a_why_question_is_answered_by_the_sentence_giving_the_cause(article_bot, question):
    bot = article_bot("perpustakaan.txt", LIBRARY)
    # the lead says that it closed; the next sentence says why
    assert feature_by_opening(bot, question, "kind_fit")["Penutupan"] == 1.0
    assert feature_by_opening(bot, question, "kind_miss")["BANYUASRI,"] == 1.0
    answer = bot.ask(question)
    assert answer.found and "karena atap gedung bocor" in answer.citations[0].quote


def test_what_someone_said_is_answered_from_their_words(article_bot):
    bot = article_bot("perpustakaan.txt", LIBRARY)
    answer = bot.ask("Apa tanggapan Rini Astuti soal penutupan perpustakaan?")
    assert answer.found
    assert any(c.quote.startswith('"Kami mohon maaf') for c in answer.citations)


@pytest.mark.parametrize(
    "question",
    [
        "Siapa suami Rini Astuti?",
        "Siapa nama suami Rini Astuti?",
        "Who is Rini Astuti's husband?",
        "Siapa suami Rini Astuti, kepala perpustakaan kota?",  # the apposition says whom, not what
    ],
)
def test_a_question_whose_only_words_found_are_the_names_is_refused(article_bot, question):
    bot = article_bot("perpustakaan.txt", LIBRARY)
    # the article names her, often, but says nothing of a husband
    assert feature_by_opening(bot, question, "names_only")["Kepala"] == 1.0
    assert feature_by_opening(bot, question, "plain")["Kepala"] == 0.0
    assert not bot.ask(question).found
    # a question about what it does say is answered
    assert bot.ask("Di mana layanan peminjaman dipindahkan?").found


def test_a_seberapa_question_asks_for_a_figure(article_bot):
    """ "Seberapa rendah/tinggi ...?" asks for a degree, given as a number, as "berapa" does."""
    bot = article_bot(
        "imunisasi.txt",
        "Capaian Imunisasi di Kecamatan Sukadana Masih di Bawah Target\n"
        "SUKADANA, KabarTimur.id - Dinas Kesehatan menggelar rapat evaluasi program imunisasi di aula kecamatan "
        "pada Selasa (4/3/2025).\n"
        "Kepala Puskesmas Sukadana, Rina Marlina, mengatakan capaian imunisasi dasar lengkap di kecamatan itu "
        "tahun lalu hanya 58 persen, jauh di bawah target nasional 90 persen.\n"
        "Petugas akan mendatangi rumah warga yang anaknya belum diimunisasi mulai bulan depan.\n",
    )
    question = "Seberapa rendah capaian imunisasi dasar di Kecamatan Sukadana?"
    fit = feature_by_opening(bot, question, "kind_fit")
    assert fit["Kepala"] == 1.0  # "58 persen": a figure, as asked
    assert fit["Petugas"] == 0.0  # no figure at all
    answer = bot.ask(question)
    assert answer.found and "58 persen" in answer.citations[0].quote


BRIDGE_HISTORY = """Jembatan Tua Kali Brantas Ditutup untuk Perbaikan
Rabu, 10 September 2025 - 09:00 WIB
KEDIRI, KabarKediri.id - Jembatan besi di atas Kali Brantas ditutup sementara mulai Rabu untuk perbaikan lantai.
Jembatan sepanjang 160 meter itu dilalui sekitar 12.000 kendaraan setiap hari.
Jembatan itu dibangun pada 1869 oleh pemerintah kolonial dan menjadi salah satu jembatan tertua di Jawa Timur.
Kepala Dinas PUPR Kediri, Heru Wibowo, mengatakan perbaikan ditargetkan selesai dalam dua bulan.
"""


@pytest.mark.parametrize(
    "question",
    [
        "Pada tahun berapa jembatan besi di atas Kali Brantas dibangun?",
        "What year was the iron bridge over the Kali Brantas built?",
        "In which year was the iron bridge over the Kali Brantas built?",
    ],
)
def test_a_which_year_question_is_answered_by_the_year_not_by_a_count(article_bot, question):
    """ "Tahun berapa" / "what year" asks when: a year, which a "how many" question would set aside as a date."""
    from rag.features import Evidence
    from rag.sentences import candidate_sentences

    bot = article_bot("jembatan_brantas.txt", BRIDGE_HISTORY)
    query = bot.understand(question, [])
    sentences = candidate_sentences(bot.passages(query))
    evidence = Evidence(query, sentences)
    fit = {s.text: evidence.of(s)["kind_fit"] for s in sentences}
    assert next(v for t, v in fit.items() if "1869" in t) == 1.0  # a year: the time asked for
    assert next(v for t, v in fit.items() if "12.000 kendaraan" in t) == 0.0  # a count of vehicles
    answer = bot.ask(question)
    assert answer.found and "1869" in answer.citations[0].quote


TRAIN_AND_MATCH = """Kereta Komuter Lintas Selatan Tambah Jadwal, Tim Kereta Api Juarai Liga Kampung
Senin, 6 Oktober 2025 - 08:00 WIB
MADIUN, WartaMadiun.id - Kereta komuter Lintas Selatan mulai melayani 14 stasiun antara Madiun dan Ponorogo sejak Senin.
Pada jam sibuk, kereta komuter Lintas Selatan mengangkut hingga 900 penumpang sekali jalan.
Kereta dijadwalkan lewat setiap 20 menit, dan setiap jam di luar waktu itu.
Perjalanan kereta komuter Lintas Selatan dari Madiun ke Ponorogo memakan waktu 55 menit.
Tarifnya Rp6.000, berapa pun jarak yang ditempuh.
Final Liga Kampung Madiun pada Minggu ditonton sekitar 2.500 warga di Stadion Wilis.
Tim pegawai kereta api menjuarai turnamen itu setelah menang 3-1 atas tim Pasar Besar.
"""


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Seberapa sering kereta komuter Lintas Selatan lewat pada jam sibuk?", "setiap 20 menit"),
        ("How often does the Lintas Selatan commuter train pass at rush hour?", "setiap 20 menit"),
        ("Seberapa mahal perjalanan kereta komuter Lintas Selatan?", "Rp6.000"),
        ("How expensive is a trip on the Lintas Selatan commuter train?", "Rp6.000"),
        ("Berapa skor final Liga Kampung Madiun?", "3-1"),
        ("What was the score of the Liga Kampung Madiun final?", "3-1"),
    ],
)
def test_how_often_how_expensive_and_the_score_are_answered_by_such_a_value(article_bot, question, expected):
    """A frequency ("setiap 20 menit"), a price and a match score are values of their own: the sentence holding
    one answers, not the one that shares more of the question's words and counts passengers, minutes or fans."""
    bot = article_bot("komuter.txt", TRAIN_AND_MATCH)
    answer = bot.ask(question)
    assert answer.found and expected in answer.citations[0].quote


LIBRARY_BUDGET = """Perpustakaan Kota Bandarjaya Buka hingga Malam
Selasa, 14 Oktober 2025 - 11:00 WIB
BANDARJAYA, KabarKota.id - Perpustakaan kota kini buka hingga pukul 21.00 WIB setiap hari kerja.
Kepala Dinas Perpustakaan dan Kearsipan Kota Bandarjaya, Sri Lestari, mengatakan jam buka diperpanjang sejak awal bulan.
Dinas perpustakaan kota juga menambah 2.000 judul buku baru tahun ini.
Menurut Sri, pengunjung paling banyak datang setelah jam kerja, yakni pelajar dan karyawan.
Pengunjung yang datang pada malam hari diminta membawa kartu anggota.
"""


@pytest.mark.parametrize(
    "question",
    [
        "Menurut kepala dinas perpustakaan kota, siapa pengunjung yang paling banyak datang?",
        "According to the head of the city library office, who are the most frequent visitors?",
    ],
)
def test_a_person_asked_about_by_their_role_is_found_where_the_article_names_them_by_name(article_bot, question):
    """ "Menurut kepala dinas ..." asks for the account of the person the article introduces as "Kepala Dinas ...,
    Sri Lestari" and quotes later as "Menurut Sri": that sentence answers, not the one repeating the office's name."""
    bot = article_bot("perpustakaan_malam.txt", LIBRARY_BUDGET)
    answer = bot.ask(question)
    assert answer.found and "pelajar dan karyawan" in answer.citations[0].quote
