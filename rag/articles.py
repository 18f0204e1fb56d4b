"""Raw article file -> Article: text decoded, boilerplate removed, title/outlet/date/author found."""

from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from pathlib import Path

from rag.cleaner import Cleaner, Span, default_cleaner
from rag.errors import BadDocument
from rag.htmltext import html_to_text
from rag.pagemeta import HEAD_LINES, read_page
from rag.types import Article

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)


# a byte-order mark names the encoding; UTF-32's marks start with UTF-16's, so they are tried first
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
_READ_BLOCK = 1 << 20  # bytes read at a time, so no file is ever read past the size limit + 1 byte
_SPECIAL = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


def decode(raw: bytes, source: str) -> str:
    """Bytes of a text file -> str, or BadDocument saying why it is not readable text.

    UTF-8 (with or without a byte-order mark) is read, and UTF-16 or UTF-32 when a byte-order
    mark says so; the mark itself is not part of the text.
    """
    if not raw.strip():
        raise BadDocument(f"{source}: the file is empty")
    encoding, label = next(((enc, label) for bom, enc, label in _BOMS if raw.startswith(bom)), ("utf-8-sig", "UTF-8"))
    if label == "UTF-8" and b"\x00" in raw[:8192]:
        raise BadDocument(f"{source}: the file is binary, not text")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise BadDocument(f"{source}: not {label} text (byte {exc.start}); save it as UTF-8") from exc
    if "\x00" in text[:8192]:
        raise BadDocument(f"{source}: the file is binary, not text")
    if not text.strip():
        raise BadDocument(f"{source}: the file is empty")
    return text


def read_article(path: Path, max_bytes: int, cleaner: Cleaner | None = None) -> Article:
    """Read one .txt, .md or .html file as an Article, or raise BadDocument.

    Only regular files are read (a link is followed first): a named pipe would block and a
    device never ends. At most `max_bytes` + 1 bytes are read, whatever size the file claims.
    """
    try:
        info = path.stat()
    except OSError as exc:
        raise BadDocument(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    if not stat.S_ISREG(info.st_mode):
        raise BadDocument(_not_regular(path, info.st_mode))
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise BadDocument(f"{path.name}: unsupported format {path.suffix or '(none)'}; use .txt, .md or .html")
    if info.st_size > max_bytes:
        raise BadDocument(f"{path.name}: {info.st_size / 1e6:.1f} MB is over the limit (RAG_MAX_FILE_MB)")
    try:
        raw = _read_at_most(path, max_bytes)
    except OSError as exc:
        raise BadDocument(f"{path.name}: cannot be read ({exc.strerror or exc})") from exc
    return parse_article(path.name, decode(raw, path.name), kind, cleaner)


def _not_regular(path: Path, mode: int) -> str:
    what = next((name for test, name in _SPECIAL if test(mode)), "a special file")
    linked = f"links to {what} ({path.resolve()})" if path.is_symlink() else f"is {what}"
    return f"{path.name}: {linked}, not a regular file; only article files are read"


def _read_at_most(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or BadDocument once more than `max_bytes` have been read."""
    # O_NONBLOCK: if the file was swapped for a named pipe since it was checked, open does not wait for a writer
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with open(fd, "rb", buffering=0) as f:
        if not stat.S_ISREG(mode := os.fstat(fd).st_mode):
            raise BadDocument(_not_regular(path, mode))
        blocks: list[bytes] = []
        total = 0
        while total <= max_bytes and (block := f.read(min(_READ_BLOCK, max_bytes + 1 - total))):
            blocks.append(block)
            total += len(block)
    if total > max_bytes:
        limit = f"{max_bytes / 1e6:.1f} MB" if max_bytes >= 100_000 else f"{max_bytes} bytes"
        raise BadDocument(f"{path.name}: more than {limit}, over the limit (RAG_MAX_FILE_MB)")
    return b"".join(blocks)


def parse_article(source: str, text: str, kind: str = "text", cleaner: Cleaner | None = None) -> Article:
    """Build an Article from decoded text; `kind` is text, markdown or html."""
    meta: dict[str, str] = {}
    if kind == "html":
        text, meta = html_to_text(text)
    elif kind == "markdown":
        meta = _front_matter(text)
    try:
        content_hash = hashlib.sha256(text.encode("utf-8")).hexdigest()
    except UnicodeEncodeError as exc:  # lone surrogates: not text any store can keep
        raise BadDocument(f"{source}: holds characters that are not valid Unicode text") from exc
    segments = _content_segments(text, kind, cleaner or default_cleaner())
    lines = [text[s:e] for s, e in segments]
    page = read_page(lines, text, meta, source)
    segments = _drop_head_furniture(segments, lines, page.title)
    if not segments:
        raise BadDocument(f"{source}: no article text left after removing boilerplate")
    return Article(
        source=source,
        text=text,
        content_hash=content_hash,
        title=page.title,
        outlet=page.outlet,
        published=page.published,
        author=page.author,
        segments=tuple(segments),
        title_from_name=page.title_from_name,
    )


def _front_matter(text: str) -> dict[str, str]:
    m = _FRONT_MATTER.match(text)
    if not m:
        return {}
    pairs = (line.split(":", 1) for line in m[1].splitlines() if ":" in line)
    return {k.strip().lower(): v.strip().strip("\"'") for k, v in pairs}


def _content_segments(text: str, kind: str, cleaner: Cleaner) -> list[Span]:
    start = 0
    if kind == "markdown" and (m := _FRONT_MATTER.match(text)):
        start = m.end()
    spans = [(s, e) for s, e in cleaner.content_lines(text) if s >= start]
    if kind == "markdown":  # a heading's '#' marks are markup, not words
        spans = [(s + len(text[s:e]) - len(text[s:e].lstrip("# ")), e) for s, e in spans]
    return [(s, e) for s, e in spans if e > s]


def _drop_head_furniture(segments: list[Span], lines: list[str], title: str) -> list[Span]:
    """The content without what stands above the headline (banner, tagline, section name) and
    without the headline's repeats."""
    first = lines.index(title) if title in lines[:HEAD_LINES] else 0
    return [span for i, (span, line) in enumerate(zip(segments, lines, strict=True))
            if i >= first and (line != title or i == first)]  # fmt: skip
