"""`rag bench` end to end on a small corpus: every figure is there, measured, and says how the vectors were made."""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from conftest import ROOT, rag_command

pytestmark = pytest.mark.e2e


def test_bench_reports_every_figure_against_its_baseline(tmp_path):
    env = dict(os.environ, HF_HUB_OFFLINE="1", RAG_STORE_DIR=str(tmp_path / "unused"))
    out = subprocess.run([*rag_command(), "bench", "--chunks", "300", "--queries", "5", "--sample", "40", "--json"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    figures = json.loads(out.stdout)
    assert figures["chunks"] == 300
    for key in ("ingest_chunks_per_s", "embed_only_chunks_per_s", "ingest_vs_embed_ratio", "reingest_speedup",
                "query_p50_ms", "query_p95_ms", "baseline_query_p50_ms", "baseline_same_embedder_p50_ms",
                "cold_start_s", "rss_mb"):  # fmt: skip
        assert isinstance(figures[key], float | int) and figures[key] > 0, key
    assert figures["query_p95_ms"] >= figures["query_p50_ms"]
    ratio = figures["query_p50_ms"] / figures["baseline_query_p50_ms"]
    assert figures["query_vs_baseline_p50_ratio"] == pytest.approx(ratio, rel=0.05)  # p50s are rounded to 0.1 ms
    assert figures["reingest_speedup"] > 1  # unchanged files are skipped by content hash
    assert "real MiniLM vectors" in figures["vectors"] and "300-chunk store" in figures["vectors"]
    assert not (tmp_path / "unused").exists()  # the benchmark works in temporary stores only
