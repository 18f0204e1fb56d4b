"""Chunks are verbatim spans of the article, split at sentence ends."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.articles import parse_article, read_article
from rag.chunking import chunk_article, split_sentences

SEEDS = sorted((Path(__file__).resolve().parents[1] / "seeds").glob("*.txt"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_chunks_and_sentences_are_verbatim_spans(path):
    article = read_article(path, 10_000_000)
    raw = path.read_text("utf-8")
    chunks = chunk_article(article)
    assert chunks
    for chunk in chunks:
        assert raw[chunk.start : chunk.end] == chunk.text
        assert len(chunk.text) <= 700
        for s, e in chunk.sentences:
            assert chunk.start <= s < e <= chunk.end
            assert raw[s:e] == raw[s:e].strip()
    for junk in ("Continue Reading", "BERITA TERKAIT", "POLLING"):
        assert all(junk not in c.text for c in chunks)


def test_abbreviations_and_quotes_do_not_split_sentences():
    text = "Foto oleh fotografer kami. (Dok. AFP) Ia berkata: “Kami prihatin. Ini serius,” ujarnya. Lalu ia pergi ke Brussels."
    spans = split_sentences(text, 0, len(text))
    sentences = [text[s:e] for s, e in spans]
    assert sentences == [
        "Foto oleh fotografer kami.",
        "(Dok. AFP) Ia berkata: “Kami prihatin. Ini serius,” ujarnya.",
        "Lalu ia pergi ke Brussels.",
    ]


def test_short_fragment_joins_the_sentence_before():
    text = "Pasukan Korea Utara dalam sebuah parade. Foto: KCNA"
    assert [text[s:e] for s, e in split_sentences(text, 0, len(text))] == [text]


def test_chunk_never_spans_removed_boilerplate():
    text = "Judul artikel yang cukup panjang\nBaca juga: berita lain yang tidak terkait\nKalimat isi pertama. Kalimat isi kedua."
    article = parse_article("x.txt", text)
    for chunk in chunk_article(article):
        assert "Baca juga" not in chunk.text
