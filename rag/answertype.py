"""What kind of answer a question asks for (a sum of money, a share, a length of time, a clock time, ...)
and whether a sentence holds one, in Indonesian and English.

The words here are the languages' question words and units of measure, not any topic's vocabulary.
"""

from __future__ import annotations

import re

from rag.dates import DAY_MONTH_YEAR, MONTHS, WEEKDAYS

# month and weekday names as written in running text ("Maret", "Senin"): capitalised, but not names or places
_CALENDAR = "|".join(sorted(w.title() for w in [*MONTHS, *WEEKDAYS]))
_NUM = (
    r"(?:\d[\d.,]*|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|se\w+"
    r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a|an|several|beberapa|puluhan|ratusan|ribuan)"
)
_SCALE = r"(?:\s+(?:ribu|juta|miliar|triliun|thousand|million|billion|trillion|setengah|half))?"
_DURATION_UNIT = (
    r"(?:tahun|bulan|pekan|minggu|hari|jam|menit|detik|dekade|abad"
    r"|years?|months?|weeks?|days?|hours?|minutes?|seconds?|decades?)"
)
# Units by what they measure. A length unit squared or cubed ("meter persegi", "cubic meters") is an area or a
# volume, not a distance: "how far" is not answered by "1,5 juta meter kubik".
_POWER = r"(?!\s*(?:persegi|kubik)\b|[²³23](?!\d))"
_LENGTH_WORDS = (
    r"(?:meter|m|km|kilometer|cm|sentimeter|mm|milimeter|mil|miles?|feet|foot|kaki|mdpl|yards?|inci|inch(?:es)?"
    r"|kilometres?|kilometers?|metres?|meters?)"
)
_LENGTH_UNIT = rf"{_LENGTH_WORDS}\b{_POWER}"
_AREA_UNIT = rf"(?:hektare|hektar|ha|are|acres?|(?:square|sq)\s+\w+|{_LENGTH_WORDS}\s+persegi|(?:km|m)(?:2|²))\b"
_VOLUME_UNIT = rf"(?:liter|litres?|liters?|cubic\s+\w+|{_LENGTH_WORDS}\s+kubik|(?:km|m)(?:3|³))\b"
_WEIGHT_UNIT = r"(?:ton|tonnes?|tons|kg|kilogram|kilograms|gram|grams|kuintal|pounds?|lbs?)\b"
_SPEED_UNIT = r"(?:km/jam|km/h|kph|mph|knots?|\w+\s+per\s+(?:jam|detik|hour|second))\b"
_OTHER_UNIT = r"(?:derajat|degrees?)\b"
_MEASURE_UNIT = rf"(?:{_SPEED_UNIT}|{_AREA_UNIT}|{_VOLUME_UNIT}|{_LENGTH_UNIT}|{_WEIGHT_UNIT}|{_OTHER_UNIT})"

# question -> kind; the first that matches wins (money before "how big", time before "when")
QUESTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("time", re.compile(r"\b(?:(?:jam|pukul)\s+berapa|what\s+time|at\s+what\s+hour)\b", re.I)),
    ("year", re.compile(r"\b(?:tahun\s+berapa|(?:what|which)\s+year)\b", re.I)),  # "berapa tahun": how long
    # "What was the winning time?", "what is the travel time": a clock reading or a length of time
    ("time_or_duration", re.compile(
        r"\bwhat\s+(?:is|was|were|are|will\s+be)\s+(?:the|its|their|his|her)\s+(?:[\w'-]+\s+){0,2}?times?\b", re.I)),
    ("money", re.compile(
        r"\b(?:berapa\s+(?:\w+\s+){0,2}?(?:biaya|harga|anggaran|dana|nilai|denda|gaji|ongkos|tarif|upah|uang|kerugian"
        r"|investasi|modal|utang|pinjaman|subsidi|bantuan\s+tunai)|(?:biaya|harga|anggaran|dana|nilai|denda|gaji|ongkos"
        r"|tarif|upah|kerugian|investasi|modal)\w*\s+(?:\w+\s+){0,4}?berapa|how\s+much\s+(?:\w+\s+){0,6}?(?:cost|costs"
        r"|costing|money|pay|paid|spend|spent|worth|invest\w*|fund\w*|fined?|charged?|owed?|lost)|how\s+(?:big|large|high"
        r"|heavy)\s+(?:a|an|the|was\s+the|is\s+the)?\s*(?:fine|budget|price|cost|salary|investment|loss|penalty)"
        r"|what\s+(?:(?:is|was|will\s+be)\s+the\s+)?(?:[\w-]+\s+){0,3}?(?:price|cost|fine|budget|salary|wage|fee|fare|toll"
        r"|penalty|value)|what\s+(?:does|do|did|will|must)\s+(?:[\w'-]+\s+){1,5}?(?:pay|charge|earn|spend|cost)"
        r"|berapa\s+(?:\w+\s+){0,5}?dibayar\w*|(?:di|mem)?bayar\w*\s+(?:\w+\s+){0,3}?berapa"
        r"|(?:se)?berapa\s+(?:mahal|murah)|how\s+(?:expensive|cheap|costly)"
        r"|berapa\s+(?:rupiah|dolar|dollar|euro|yen|yuan|ringgit)|how\s+many\s+(?:rupiah|dollars|euros|yen|yuan|ringgit))\b",
        re.I)),
    ("percent", re.compile(
        r"\b(?:berapa\s+persen|persentase|porsi|proporsi|how\s+many\s+percent"
        r"|what\s+(?:is\s+the\s+|was\s+the\s+)?(?:\w+\s+){0,2}?(?:percent|percentage|share|proportion|rate))\b", re.I)),
    ("age", re.compile(
        r"\b(?:berapa\s+(?:usia|umur)|(?:usia|umur)(?:nya)?\s+(?:\w+\s+){0,3}?berapa|how\s+old)\b", re.I)),
    ("duration", re.compile(
        r"\b(?:berapa\s+lama|for\s+how\s+long|berapa\s+(?:tahun|bulan|hari|jam|menit|pekan|minggu)"
        r"|how\s+many\s+(?:years|months|weeks|days|hours|minutes)"
        # "how long" with a verb of time ("does the trip take", "did the strike last") asks how long it lasted
        r"|how\s+long\s+(?:[\w'-]+\s+){0,12}?(?:take|takes|took|taken|last|lasts|lasted|lasting|stay|stayed"
        r"|remain|remained|wait|waited|been))\b", re.I)),
    ("time_or_length", re.compile(r"\bhow\s+long\b", re.I)),  # English asks both with the same words
    # a measure, by what the question's adjective asks: a distance, an area, a weight, a speed, or any
    ("length", re.compile(
        r"\b(?:(?:se)?berapa\s+(?:tinggi|jauh|panjang|dalam|lebar)|how\s+(?:tall|high|far|wide|deep))\b", re.I)),
    ("area", re.compile(r"\b(?:(?:se)?berapa\s+luas|how\s+(?:big|large|much)\s+(?:an\s+)?(?:area|land))\b", re.I)),
    ("weight", re.compile(r"\b(?:(?:se)?berapa\s+berat|how\s+heavy)\b", re.I)),
    ("speed", re.compile(r"\b(?:(?:se)?berapa\s+cepat|how\s+(?:fast|quickly))\b", re.I)),
    ("measure", re.compile(
        r"\b(?:seberapa\s+besar|berapa\s+(?:kilometer|meter|ton|hektare|derajat)|how\s+(?:big|large)"
        r"|how\s+many\s+(?:kilomet(?:re|er)s|km|met(?:re|er)s|miles|hectares|tonnes|tons|kilo(?:gram)?s|lit(?:re|er)s|degrees))\b",
        re.I)),
    # who, or which one: a person, a team, an organisation; asked last, so "which day" stays a time
    ("entity", re.compile(
        r"\b(?:siapa|who|whom|whose|which(?!\s+(?:day|date|month|year|time|hour|week)s?\b))\b", re.I)),
    # the reason someone gave: either their words or a cause fits
    ("said_reason", re.compile(
        r"\b(?:alasan\w*\s+(?:\w+\s+){0,3}?(?:di)?(?:ucapkan|katakan|sampaikan|ungkapkan|kemukakan|sebut)\w*"
        r"|(?:ucapkan|katakan|sampaikan|ungkapkan|kemukakan|sebut)\w*\s+(?:\w+\s+){0,4}?alasan\w*"
        r"|(?:reasons?|why)\s+(?:[\w'-]+\s+){0,5}?(?:gave|give|given|said|say|says|stated|cited)"
        r"|(?:gave|give|cited)\s+(?:[\w'-]+\s+){0,3}?(?:reasons?|why))\b", re.I)),
    # why: a cause or a purpose
    ("reason", re.compile(
        r"\b(?:kenapa|mengapa|why|apa\s+(?:alasan|penyebab|sebab)\w*|what\s+(?:caused|led\s+to|was\s+the\s+reason"
        r"|is\s+the\s+reason|were\s+the\s+reasons|are\s+the\s+reasons))\b", re.I)),
    # what someone said: their words, a reported statement
    ("statement", re.compile(
        r"\b(?:apa\s+(?:kata|tanggapan|komentar|pendapat|keluhan|pernyataan|penilaian|reaksi|respons|pesan|permintaan"
        r"|tuntutan|imbauan|usulan|saran|desakan)\w*"
        r"|apa\s+yang\s+(?:di)?(?:ucapkan|katakan|sampaikan|ungkapkan|nyatakan|keluhkan)\w*"
        r"|bagaimana\s+(?:\w+\s+){1,5}?(?:menggambarkan|menilai|menanggapi|menyebut|memandang|mengomentari)\w*"
        r"|what\s+(?:did|does|do|has|have)\s+(?:[\w'-]+\s+){1,6}?(?:say|said|call|describe|tell|think|complain|urge"
        r"|propose|suggest|advise|warn)"
        r"|how\s+(?:did|does|do)\s+(?:[\w'-]+\s+){1,6}?(?:describe|react|respond|see|view)"
        r"|what\s+(?:was|is)\s+(?:[\w'-]+\s+){1,4}?(?:reaction|response|comment|view|complaint))\b", re.I)),
    # how often: "tiga kali sehari", "every 15 minutes" (not how many times in all)
    ("frequency", re.compile(
        r"\b(?:seberapa\s+sering|berapa\s+kali\s+(?:se|dalam\s+)(?:hari|minggu|pekan|bulan|tahun|jam)"
        r"|how\s+(?:often|frequently)|how\s+many\s+times\s+(?:a|per|each)\s+(?:day|week|month|year|hour))\b", re.I)),
    # the score of a match or a vote (asked last: "Apa kata pelatih soal skor ...?" asks what was said): "22-20", "3–1"
    ("score", re.compile(r"\b(?:skor\w*|score\w*)\b", re.I)),
)  # fmt: skip

SENTENCE_FITS: dict[str, re.Pattern[str]] = {
    "time": re.compile(r"\b(?:pukul|jam|pkl)\s*\d|\b\d{1,2}[.:]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.I),
    "year": re.compile(r"\b(?:1\d|20)\d{2}\b"),
    # "sekali" alone is once, very or one-way ("sekali jalan"), "per" a rate of anything ("per kilogram")
    "frequency": re.compile(
        r"\b(?:setiap|tiap|saban|se(?:hari|minggu|pekan|bulan|tahun)|kali\s+(?:se|dalam)\w+|harian|mingguan|bulanan"
        r"|per\s+(?:hari|minggu|pekan|bulan|tahun|jam|day|week|month|year|hour)|every|daily|weekly|monthly|yearly"
        r"|annually|hourly|once\s+a|twice|times\s+(?:a|per|each))\b",
        re.I,
    ),
    "score": re.compile(r"(?<![-–—/.:\d])\b\d{1,3}\s*[-–—]\s*\d{1,3}\b(?![-–—/.:]\d)"),
    "money": re.compile(r"\bRp\.?\s?\d|\brupiah\b|\bUS\s?\$|\$\s?\d|\b(?:dolar|dollars?|euro|yuan|yen)\b", re.I),
    "percent": re.compile(r"\d\s*%|\b(?:persen|percent|per\s+cent)\b", re.I),
    "age": re.compile(
        rf"\(\d{{1,3}}\)|\b\d{{1,3}}\s*(?:tahun|years?\s+old|-year-old)\b|\b(?:usia|umur|aged?)\s+{_NUM}", re.I
    ),
    "duration": re.compile(rf"\b{_NUM}{_SCALE}\s+{_DURATION_UNIT}\b|\bse(?:tahun|bulan|pekan|minggu|hari|jam)\b", re.I),
    "measure": re.compile(rf"\b{_NUM}{_SCALE}\s*{_MEASURE_UNIT}", re.I),
    "length": re.compile(rf"\b{_NUM}{_SCALE}\s*{_LENGTH_UNIT}", re.I),
    "area": re.compile(rf"\b{_NUM}{_SCALE}\s*{_AREA_UNIT}", re.I),
    "weight": re.compile(rf"\b{_NUM}{_SCALE}\s*{_WEIGHT_UNIT}", re.I),
    "speed": re.compile(rf"\b{_NUM}{_SCALE}\s*{_SPEED_UNIT}", re.I),
    # a cause or purpose said in so many words ("karena", "setelah", "sehingga", "Hal itu membuat", "because", "after")
    "reason": re.compile(
        r"\b(?:karena|sebab|akibat\w*|lantaran|gara-gara|sehingga|setelah|disebabkan|dipicu|agar|supaya|demi"
        r"|alasan\w*|membuat|menyebabkan|mengakibatkan|memicu|berdampak|dampak\w*|imbas\w*|because|due\s+to"
        r"|owing\s+to|as\s+a\s+result|caused?|causing|after|so\s+that|in\s+order\s+to|since|reasons?|led\s+to"
        r"|resulted\s+in|made|prompted|triggered)\b",
        re.I,
    ),
    # a quote, or words reported as someone's ("kata", "ujarnya", "menurut", "said", "called")
    "statement": re.compile(
        r"[\"“”]|\b(?:kata\w*|ujar\w*|ucap\w*|tutur\w*|ungkap\w*|mengungkapkan|jelas\w*|menjelaskan|menerangkan"
        r"|sebut\w*|menyebut\w*|mengatakan|menilai|menegaskan|menyatakan|mengaku\w*|mengakui|mengeluh\w*|menggambarkan"
        r"|menurut\w*|menambahkan|melaporkan|menyampaikan|mengumumkan|menyerukan|mendesak|meminta|mengimbau|mengklaim"
        r"|membantah|menuding|menuturkan|bahwa|yakin|said|says|told|called|described|stated|added|warned|according\s+to"
        r"|noted|argued|complained|reported|believed?|urged|asked|claimed|insisted|announced|explained|admitted|denied)\b",
        re.I,
    ),
    # a name the question does not say (rag.features blanks those it does): a capitalised word that does
    # not open the sentence and is not a month, a weekday or a currency ("kata Slamet", "Nadia Kusumaningrum", "PVMBG")
    "entity": re.compile(r"(?<!^)(?<![.!?:]\s)(?<![\"“‘(])\b(?!(?:Rp|US|" + _CALENDAR + r")(?:\b|\d))[A-Z]\w*"),
}
# "how long" is a length of time or of road; "how fast" a speed or the time something takes ("repaid within
# 21 days"); the reason someone gave is a cause or their words: either fits
ALSO_FITS = {
    "time_or_length": ("duration", "length"),
    "time_or_duration": ("time", "duration"),
    "speed": ("speed", "duration"),
    "said_reason": ("reason", "statement"),
}


def question_kind(question: str) -> str | None:
    """The kind of value the question asks for, or None when it asks for no particular kind."""
    return next((kind for kind, rx in QUESTION_KINDS if rx.search(question)), None)


def fits(kind: str | None, text: str) -> bool:
    """Whether `text` holds a value of `kind` (always true for no kind)."""
    return kind is None or any(SENTENCE_FITS[k].search(text) for k in ALSO_FITS.get(kind, (kind,)))


# By the question's intent (rag.query): a "when" answer needs a time in it; a "how many" answer needs a number.
TIME_WORDS = re.compile(
    r"\b(senin|selasa|rabu|kamis|jumat|sabtu|minggu|monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"\d{1,2}/\d{1,2}(/\d{2,4})?|kemarin|pekan lalu|bulan (lalu|depan)|yesterday|last week|\d{4}|"
    r"januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember)\b",
    re.I,
)
# An exact number: "ribuan tentara", "dozens of", "hundreds" say roughly how many, not how many.
NUMBER_WORDS = re.compile(
    r"\d|\b(satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|seratus|seribu|sejuta|ribu|juta"
    r"|selusin|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|sixty"
    r"|seventy|eighty|ninety|hundred|thousand|million|billion|dozen)\b",
    re.I,
)

# Common nouns that name a kind of place ("Kecamatan Rangas Hulu", "Mount Welang", "Jalan Sudirman")
PLACE_NOUNS = frozenset(
    "kota kabupaten kecamatan desa kelurahan kampung provinsi pulau gunung sungai danau teluk pantai laut "
    "jalan tol pelabuhan bandara pasar negara wilayah daerah "
    "city town village district regency province island mount mountain river lake bay coast sea street "
    "road port airport market country region".split()
)
_PLACE_NOUN = "|".join(sorted(PLACE_NOUNS))
# not a sum ("negara Rp 2 triliun"), a month or a weekday ("in March", "pasar Senin")
_NOT_PLACE = r"Rp|US\$|(?:" + _CALENDAR + r")\b"
PLACE = re.compile(
    rf"\b(?i:di|ke|dari|in|at|to|near)\s+(?i:(?:ibu\s+)?kota\s+|wilayah\s+|the\s+)?(?!{_NOT_PLACE})[A-Z]"
    rf"|\b(?i:{_PLACE_NOUN})\s+(?!{_NOT_PLACE})[A-Z]"
)


def mentions(intent: str | None, text: str) -> bool:
    """Whether `text` holds what the question's intent asks for (always true with no such intent)."""
    if intent == "when":
        return bool(TIME_WORDS.search(text))
    if intent == "quantity":  # a date is not a count
        return bool(NUMBER_WORDS.search(TIME_WORDS.sub(" ", DAY_MONTH_YEAR.sub(" ", text))))
    if intent == "where":
        return bool(PLACE.search(text))
    return True


def answers_kind(intent: str | None, kind: str | None, text: str) -> bool:
    """Whether `text` holds what the question asks for: its intent's time, number or place, and its kind's value."""
    return mentions(intent, text) and fits(kind, text)


# A number and the (up to two) words after it, past a scale word: "180 tempat tidur", "18.432 penonton",
# "34 domestic routes", "dua hingga tiga hari" - what the number counts. A vague number ("ribuan tentara",
# "dozens of") is not a count: it does not answer "how many".
_COUNT = (
    r"(?:\d[\d.,]*|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|puluh|ratus|seratus"
    r"|seribu|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|hundred|thousand)"
)
_COUNTED = re.compile(
    rf"\b{_COUNT}(?:\s+{_COUNT})*{_SCALE}(?:\s*(?:hingga|sampai|to|or|atau|-)\s*{_COUNT}{_SCALE})?\s+([^\W\d]\w*(?:\s+[^\W\d]\w*)?)",
    re.I,
)


# "berapa X", "how many X": the words after the question word name what is counted
_HOW_MANY = re.compile(
    r"\b(?:berapa(?:\s+(?:banyak|jumlah|besar))?|how\s+(?:many|much|long|far|big|large|high)|what\s+number\s+of)\s+(.*)",
    re.I,
)


def counted_asked(question: str) -> str:
    """The words that follow "berapa" / "how many": what the question asks to count ("" for none)."""
    m = _HOW_MANY.search(question)
    return m.group(1) if m else ""


def counted(text: str) -> list[str]:
    """What the numbers of `text` count: the word or two after each number ("180 tempat tidur"), dates left out."""
    return [m.group(1) for m in _COUNTED.finditer(DAY_MONTH_YEAR.sub(" ", text))]
