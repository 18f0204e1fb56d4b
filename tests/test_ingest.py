"""Ingest: real Chroma + BM25, idempotent by content hash, bad files reported, changed files replaced."""

from __future__ import annotations

import pytest
from conftest import SEEDS


def test_ingest_seeds_then_again_changes_nothing(make_bot):
    bot = make_bot()
    first = bot.ingest([SEEDS])
    assert len(first.added) == 4 and not first.failed and first.chunks_added > 0
    stats = bot.stats()
    assert stats == {"documents": 4, "chunks": first.chunks_added}
    second = bot.ingest([SEEDS])
    assert sorted(second.unchanged) == sorted(first.added)
    assert second.added == () and second.chunks_added == 0
    assert bot.stats() == stats


def test_changed_file_replaces_its_chunks_without_orphans(make_bot, seeds_copy):
    bot = make_bot()
    bot.ingest([seeds_copy])
    before = bot.stats()
    path = next(seeds_copy.glob("002_*.txt"))
    path.write_text(
        "Tampang\n\nJudul baru tentang pakta pertahanan\n\nKalimat pengganti satu tentang kapal selam. "
        "Kalimat pengganti dua tentang Pyongyang.\n",
        encoding="utf-8",
    )
    report = bot.ingest([seeds_copy])
    assert report.replaced == (path.name,)
    docs = {d["source"]: d for d in bot.docs()}
    assert docs[path.name]["chunks"] == 1 and docs[path.name]["title"] == "Judul baru tentang pakta pertahanan"
    assert bot.stats()["documents"] == before["documents"]
    bm25 = bot.retriever.lexical.retriever(100)
    assert len(bm25.corpus) == bot.store.count()  # BM25 and Chroma hold the same chunks
    answer = bot.ask("kalimat pengganti kapal selam")
    assert answer.citations and answer.citations[0].source == path.name


def test_bad_files_are_reported_and_good_ones_ingested(make_bot, seeds_copy):
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (seeds_copy / "latin1.txt").write_bytes("Berita café Pyongyang".encode("latin-1"))
    (seeds_copy / "slides.pdf").write_bytes(b"%PDF-1.4")
    bot = make_bot()
    report = bot.ingest([seeds_copy])
    assert len(report.added) == 4
    reasons = {f.path.rsplit("/", 1)[-1]: f.reason for f in report.failed}
    assert set(reasons) == {"empty.txt", "binary.txt", "latin1.txt", "slides.pdf"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["binary.txt"]
    assert "UTF-8" in reasons["latin1.txt"] and "unsupported" in reasons["slides.pdf"]
    assert bot.stats()["documents"] == 4


def test_docs_lists_metadata_per_article(seeded_bot):
    docs = {d["source"][:3]: d for d in seeded_bot.docs()}
    assert set(docs) == {"000", "001", "002", "003"}
    assert docs["001"]["outlet"] == "Metrotvnews" and docs["001"]["published"] == "2024-12-05"
    assert docs["003"]["author"] == "Khairisa Ferida"
    assert all(d["chunks"] > 0 and d["title"] for d in docs.values())


def test_bot_reopened_on_same_folder_sees_the_articles(seeded_store, make_bot):
    bot = make_bot(seeded_store)
    assert bot.stats()["documents"] == 4
    assert bot.ask("Siapa Bonnie Jenkins?").found


def test_stale_bm25_index_is_rebuilt_when_the_bot_opens(make_bot, seeds_copy):
    bot = make_bot()
    store_dir = bot.retriever.lexical.directory.parent
    bot.ingest([seeds_copy])
    # as if an ingest had been killed after writing Chroma but before swapping the BM25 index
    (bot.retriever.lexical.directory / "CURRENT").write_text("stale")
    reopened = make_bot(store_dir)
    bm25 = reopened.retriever.lexical.retriever(1000)
    assert bm25 is not None and len(bm25.corpus) == reopened.store.count()
    assert reopened.ask("Siapa Bonnie Jenkins?").found


def test_an_ingest_killed_before_the_bm25_swap_is_completed_when_the_bot_opens(make_bot, seeds_copy, monkeypatch):
    from rag.lexical import LexicalIndex

    bot = make_bot()
    store_dir = bot.retriever.lexical.directory.parent
    bot.ingest([seeds_copy])
    (seeds_copy / "kapal.txt").write_text(
        "Tampang\n\nKapal selam baru\n\nGalangan Sinpo meluncurkan kapal selam bertenaga diesel. Peluncuran "
        "itu disaksikan pejabat militer.\n",
        encoding="utf-8",
    )

    def killed(self, nodes, force=False):
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(LexicalIndex, "rebuild", killed)
        with pytest.raises(KeyboardInterrupt):
            bot.ingest([seeds_copy])
    assert bot.store.index_mark() is None  # Chroma holds the new chunks; the mark says BM25 may not
    reopened = make_bot(store_dir)
    assert len(reopened.retriever.lexical.retriever(1000).corpus) == reopened.store.count()
    assert reopened.retriever.lexical.search("galangan Sinpo", 1)[0] in reopened.store.ids()
    assert reopened.ask("Apa yang diluncurkan galangan Sinpo?").citations[0].source == "kapal.txt"


def test_a_store_whose_last_ingest_finished_opens_without_reading_every_chunk(seeded_store, make_bot, monkeypatch):
    from rag.store import ChromaStore

    make_bot(seeded_store)  # stores made before the mark existed get it on their first open

    def every_id(self):
        raise AssertionError("read every chunk id")

    monkeypatch.setattr(ChromaStore, "ids", every_id)
    bot = make_bot(seeded_store)
    assert bot.ask("Siapa Bonnie Jenkins?").found


def test_a_store_written_in_llama_indexs_layout_is_still_read(make_bot, embedder, tmp_path):
    from rag.articles import read_article
    from rag.chunking import chunk_article
    from rag.ingest import chunk_node

    path = next(SEEDS.glob("003_*"))
    article = read_article(path, 10**7)
    chunks = chunk_article(article)
    nodes = [chunk_node(c, len(chunks), chunks[i - 1] if i else None) for i, c in enumerate(chunks)]
    for node in nodes:
        node.embedding = embedder.get_text_embedding(node.get_content())
    old = make_bot(tmp_path / "old")
    old.store.vector_store.add(nodes)  # what ingest wrote before chunks were stored with three keys
    assert "_node_content" in old.store._collection.get(limit=1, include=["metadatas"])["metadatas"][0]

    bot = make_bot(tmp_path / "old")
    assert bot.docs()[0]["author"] == "Khairisa Ferida" and bot.docs()[0]["chunks"] == len(chunks)
    answer = bot.ask("Siapa Bonnie Jenkins?")
    assert answer.found and answer.citations[0].source == path.name
    assert answer.citations[0].quote in article.text
    assert bot.ingest([path]).unchanged == (path.name,)


def test_store_reads_page_through_a_large_collection(seeded_bot, monkeypatch):
    import rag.store

    whole = (sorted(seeded_bot.store.ids()), seeded_bot.store.docs(), len(seeded_bot.store.texts()))
    monkeypatch.setattr(rag.store, "PAGE", 7)  # 100k chunks in one `get` exceed SQLite's variable limit
    paged = (sorted(seeded_bot.store.ids()), seeded_bot.store.docs(), len(seeded_bot.store.texts()))
    assert paged == whole and len(whole[0]) > 14
