"""The `rag` command: parse arguments, call Bot, print, and map errors to exit codes."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from rag.errors import BadDocument, BadQuestion, RagError
from rag.news import conflict_lines, outlet_line

if TYPE_CHECKING:
    from rag.bot import Bot
    from rag.types import Answer, Failure, IngestReport

EXIT_OK, EXIT_ERROR, EXIT_BAD_INPUT = 0, 1, 2


def _quiet_libraries() -> None:
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
    import logging
    import warnings

    warnings.filterwarnings("ignore")
    logging.getLogger("chromadb").setLevel(logging.ERROR)
    # transformers is imported only when the ONNX export runs (once); importing it here cost 0.8 s per command
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")


def _bot() -> Bot:
    from rag.bot import Bot

    return Bot.from_settings()


def format_answer(answer: Answer) -> str:
    """The answer as plain text with a numbered source list."""
    lines = [answer.text]
    if notes := [n for n in (answer.notice, outlet_line(answer), *conflict_lines(answer)) if n]:
        lines += ["", *notes]
    if answer.citations:
        lines.append("")
        lines.append("Sources:")
        for c in answer.citations:
            dated = f", {c.published}" if c.published else ""
            by = f", by {c.author}" if c.author else ""
            lines.append(f"[{c.n}] {c.outlet or c.title}{dated}{by} - {c.title} ({c.source})")
            lines.append(f"    “{c.quote}”")
    return "\n".join(lines)


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def _reason(failure: Failure) -> str:
    """A failure's reason without the file name it starts with, since the line names the file already."""
    name = Path(failure.path).name
    return failure.reason.removeprefix(f"{name}: ")


def _print_report(report: IngestReport, file: TextIO | None = None) -> None:
    """The ingest summary line and a line per renamed file on `file` (stdout); skipped files on stderr."""
    file = file or sys.stdout
    print(
        f"added {len(report.added)}, unchanged {len(report.unchanged)}, replaced {len(report.replaced)}, "
        f"renamed {len(report.renamed)}, failed {len(report.failed)} ({report.chunks_added} chunks added)",
        file=file,
    )
    for r in report.renamed:
        print(f'  kept {r.path} as "{r.source}" (another article already has that name)', file=file)
    for name in report.untitled:
        print(f'  no headline found in "{name}": titled by its file name', file=file)
    for f in report.failed:
        print(f"  skipped {f.path}: {_reason(f)}", file=sys.stderr)


def cmd_ingest(args: argparse.Namespace) -> int:
    from rag.settings import Settings

    bot = _bot()
    paths = args.paths or [str(Settings().seeds_dir)]
    report = bot.ingest(paths, progress=not args.json)
    if args.json:
        _print_json(report.to_dict())
    else:
        _print_report(report)
    if report.failed and not report.ingested:
        return EXIT_BAD_INPUT
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    answer = _bot().ask(args.question)
    if args.json:
        _print_json(answer.to_dict())
    else:
        print(format_answer(answer))
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    stats = _bot().stats()
    if args.json:
        _print_json(stats)
    else:
        print(f"{stats['documents']} articles, {stats['chunks']} chunks")
    return EXIT_OK


def cmd_docs(args: argparse.Namespace) -> int:
    docs = _bot().docs()
    if args.json:
        _print_json(docs)
    else:
        for d in docs:
            by = f"  by {d['author']}" if d["author"] else ""
            when = d["published"] or "no date"
            print(f"{d['source']}  {d['outlet'] or '-'}  {when}  {d['chunks']} chunks  {d['title']}{by}")
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    import tempfile

    from rag.articles import read_article
    from rag.bot import Bot
    from rag.evaluate import evaluate, load_items, report_json, report_lines
    from rag.ingest import expand
    from rag.settings import Settings

    settings = Settings()
    try:
        items = load_items(Path(args.file))
    except (OSError, ValueError) as exc:
        raise BadDocument(f"cannot read {args.file}: {exc}") from exc
    articles_dir = Path(args.articles or settings.seeds_dir)
    texts = {p.name: read_article(p, 10**9).text for p in expand([articles_dir])}
    if args.articles:  # one command scores any corpus: its articles, in a store of their own
        with tempfile.TemporaryDirectory(prefix="rag-eval-") as store:
            bot = Bot.from_settings(settings.model_copy(update={"store_dir": Path(store), "chroma_host": ""}))
            if not bot.ingest([articles_dir]).added:
                raise BadDocument(f"no article could be read in {articles_dir}")
            report = evaluate(bot, items, texts)
    else:  # the configured store, quotes checked against the seeds
        report = evaluate(_bot(), items, texts)
    if args.json:
        _print_json(report_json(report))
    else:
        print("\n".join(report_lines(report)))
    s = report.summary()
    precise = s["outlet_precision"] is None or s["outlet_precision"] >= args.min_outlet_precision
    ok = s["passed"] >= args.min_pass and s["unverbatim_quotes"] == 0 and s["hit@5"] >= args.min_hit and precise
    ok = ok and s["aside_answers"] == 0  # a headline or caption quoted as the answer is a fault, like a bad quote
    return EXIT_OK if ok else EXIT_ERROR


HOW_TO_ADD = "add articles in the web chat's Articles tab or with `rag ingest PATH`"


def seed_empty_store(bot: Bot, seeds_dir: Path) -> None:
    """If the store is empty, ingest `seeds_dir`, saying on stderr what was ingested and what was not."""
    if bot.stats()["chunks"] > 0:
        return
    if not seeds_dir.exists():
        print(
            f"The store is empty and there is no seeds folder at {seeds_dir.absolute()} (RAG_SEEDS_DIR names it): "
            f"serving with no articles; {HOW_TO_ADD}.",
            file=sys.stderr,
        )
        return
    print(f"The store is empty: ingesting {seeds_dir}/ first.", file=sys.stderr)
    report = bot.ingest([seeds_dir], progress=True)
    _print_report(report, file=sys.stderr)
    if not report.ingested:
        found = "no article could be read" if report.failed else "no article files were found"
        print(
            f"In {seeds_dir.absolute()} (RAG_SEEDS_DIR) {found}: serving with no articles; {HOW_TO_ADD}.",
            file=sys.stderr,
        )


def cmd_serve(args: argparse.Namespace) -> int:
    from rag.bot import ready_to_serve
    from rag.settings import Settings
    from ui.app import serve

    settings = Settings()
    bot = _bot()
    seed_empty_store(bot, settings.seeds_dir)
    ready_to_serve(bot)
    auth = (settings.auth_user, settings.auth_password.get_secret_value()) if settings.auth_user else None
    serve(
        bot,
        host=args.host or settings.host,
        port=args.port or settings.port,
        auth=auth,
        concurrency=settings.concurrency,
        uploads_dir=settings.store_dir / "uploads",
        max_file_mb=settings.max_file_mb,
        login_failures=settings.login_max_failures,
        login_window=settings.login_window_s,
    )
    return EXIT_OK


def cmd_slack(args: argparse.Namespace) -> int:
    import logging

    from rag.bot import ready_to_serve
    from rag.errors import ConfigError
    from rag.settings import Settings
    from rag.slack import create_slack_app, serve_http, serve_socket_mode

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    s = Settings()
    token, secret = s.slack_bot_token.get_secret_value(), s.slack_signing_secret.get_secret_value()
    if not token:
        raise ConfigError("set SLACK_BOT_TOKEN (the bot's xoxb- token) to run the Slack bot")
    app_token = s.slack_app_token.get_secret_value()
    if not args.http and not app_token:
        raise ConfigError("set SLACK_APP_TOKEN for Socket Mode, or run `rag slack --http` for the Events API")
    if args.http and not secret:
        raise ConfigError("set SLACK_SIGNING_SECRET: every Events API request is verified with it")
    app = create_slack_app(ready_to_serve(_bot()), token, secret, s.slack_api_url)
    if args.http:
        serve_http(app, secret, args.host or s.slack_host, args.port or s.slack_port, s.slack_max_body_bytes)
    else:
        serve_socket_mode(app, app_token)
    return EXIT_OK


def cmd_bench(args: argparse.Namespace) -> int:
    import socket
    import tempfile

    from rag.bench import run
    from rag.embedding import load_embedder
    from rag.settings import Settings

    settings = Settings()
    if args.chunks < 10 or args.queries < 1 or args.sample < 10:
        raise BadQuestion("--chunks and --sample need at least 10, --queries at least 1")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory(prefix="rag-bench-") as tmp:
        embedder = load_embedder(settings.embed_model, settings.embed_batch_size, settings.cache_dir)
        figures = run(Path(tmp), settings.seeds_dir, embedder, args.chunks, args.queries, args.sample, port)
    if args.json:
        _print_json(figures)
    else:
        for key, value in figures.items():
            print(f"{key:>24}  {value}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `rag` command."""
    parser = argparse.ArgumentParser(prog="rag", description="Ask questions about news articles; answers cite them.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="add articles (.txt, .md, .html files or folders; default: seeds/)")
    p.add_argument("paths", nargs="*")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("ask", help="ask one question")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.set_defaults(func=cmd_ask)
    for name, func, text in (("stats", cmd_stats, "count articles and chunks"), ("docs", cmd_docs, "list articles")):
        p = sub.add_parser(name, help=text)
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=func)
    p = sub.add_parser("eval", help="score the bot on a QA file (JSON lines, dev_qa.jsonl format)")
    p.add_argument("file")
    p.add_argument(
        "--articles",
        default=None,
        help="score against these articles alone, ingested into a temporary store (default: the configured "
        "store, quotes checked against seeds/)",
    )
    p.add_argument("--min-pass", type=int, default=0, help="exit 1 when fewer items pass")
    p.add_argument("--min-hit", type=float, default=0.0, help="exit 1 when retrieval hit@5 is lower")
    p.add_argument(
        "--min-outlet-precision", type=float, default=0.0,
        help="exit 1 when a smaller share of the outlets named as backing state the asked fact",
    )  # fmt: skip
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("slack", help="run the Slack bot (Socket Mode with SLACK_APP_TOKEN, or --http)")
    p.add_argument("--http", action="store_true", help="serve the Events API at POST /slack/events")
    p.add_argument("--host", default=None, help="address to bind with --http (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port with --http (default 3000)")
    p.set_defaults(func=cmd_slack)
    p = sub.add_parser("bench", help="measure speed at scale against a naive llama-index baseline (temp stores)")
    p.add_argument("--chunks", type=int, default=100_000, help="chunks in the large store")
    p.add_argument("--queries", type=int, default=50, help="questions timed")
    p.add_argument("--sample", type=int, default=1000, help="chunks ingested for real to time ingest")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("serve", help="serve the web chat (ingests seeds/ first if the store is empty)")
    p.add_argument("--host", default=None, help="address to bind (default RAG_HOST, 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (default RAG_PORT, 7860)")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command; errors become one line on stderr and an exit code, never a traceback."""
    args = build_parser().parse_args(argv)
    _quiet_libraries()
    try:
        return int(args.func(args))
    except (BadQuestion, BadDocument) as exc:
        print(f"rag: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RagError as exc:
        print(f"rag: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("rag: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: one line, no traceback
        print(f"rag: unexpected error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
