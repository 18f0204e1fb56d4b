"""HTML page -> its article text (one block a line) and metadata, read by trafilatura; html.parser as fallback."""

from __future__ import annotations

import logging
from html.parser import HTMLParser

from lxml.etree import _Element
from trafilatura import bare_extraction
from trafilatura.settings import use_config

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "blockquote", "figcaption", "figure", "time", "pre", "hr", "main",
}  # fmt: skip
_AUTHOR_KEYS = ("author", "article:author")
# blocks of trafilatura's output tree (its own XML vocabulary, not HTML)
_TREE_BLOCKS = {"p", "head", "list", "item", "quote", "code", "table", "row", "div"}

# trafilatura logs ERROR for every page it hands back empty (a short fragment); here html.parser's reading is used
# instead, so those lines would only alarm whoever reads the server's log
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
_CONFIG = use_config()  # a private copy: trafilatura's module-wide default stays as it is
# rag.articles refuses files over RAG_MAX_FILE_MB before this runs; trafilatura's own 20 MB cap would differ
_CONFIG.set("DEFAULT", "MAX_FILE_SIZE", str(1 << 40))
# metadata only (datePublished, article:published_time, <time>...): a date merely written in the text is
# left to rag.articles, and a modification date never stands in for the publication date
_DATE_PARAMS = {"extensive_search": False, "original_date": True}
# pruned before every stage (trafilatura's rescue stages read the raw page and kept <noscript> text);
# metadata, JSON-LD included, is read before this
_CODE = "//script|//style|//noscript|//template"


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self._skip = 0
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self._skip += 1
        if tag == "meta":
            a = dict(attrs)
            key = (a.get("property") or a.get("name") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"] or "")
        if tag in _BLOCK:
            self.parts.append("\n")
        self._in.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self._skip:
            self._skip -= 1
        if tag in _BLOCK:
            self.parts.append("\n")
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        current = self._in[-1] if self._in else ""
        if current == "title":
            self.title += data
            return
        if self._skip:
            return
        if current == "h1":
            self.h1 += data
        self.parts.append(data)


def html_to_text(html: str) -> tuple[str, dict[str, str]]:
    """The article text of `html` (a block a line), its meta tags and, when found, title/outlet/published/author."""
    text, meta = _parse_plainly(html)
    try:
        doc = bare_extraction(
            html, with_metadata=True, favor_recall=True, include_tables=True, include_comments=False,
            include_images=False, include_links=False, prune_xpath=_CODE, date_extraction_params=dict(_DATE_PARAMS),
            config=_CONFIG,
        )  # fmt: skip
    except (ValueError, TypeError, RecursionError):  # a page its parser cannot take: html.parser's reading stands
        doc = None
    if doc is None:
        return text, meta
    lines = _tree_lines(doc.body) if doc.body is not None else []
    if lines:
        text = "\n\n".join(lines)
    found = {"title": doc.title, "outlet": doc.sitename, "published": doc.date, "author": doc.author}
    meta.update({key: " ".join(value.split()) for key, value in found.items() if value and value.strip()})
    return text, meta


def _parse_plainly(html: str) -> tuple[str, dict[str, str]]:
    """The visible text by html.parser (menus, scripts and styles skipped) and the meta tags plus title/h1."""
    ex = _Extractor()
    ex.feed(html)
    ex.close()
    lines = [" ".join(line.split()) for line in "".join(ex.parts).split("\n")]
    text = "\n\n".join(line for line in lines if line)
    # article:author is often a profile link, which is not a name
    meta = {k: v for k, v in ex.meta.items() if not (k in _AUTHOR_KEYS and ("://" in v or v.startswith("/")))}
    if ex.h1.strip():
        meta.setdefault("h1", " ".join(ex.h1.split()))
    if ex.title.strip():
        meta.setdefault("title", " ".join(ex.title.split()))
    return text, meta


def _tree_lines(body: _Element) -> list[str]:
    """The lines of trafilatura's body tree: one per block, a <lb/> breaks a line, a table row's cells
    tab-separated (so a score row "Persib 2-1 Arema" stays one line that reads as a row, not a menu)."""
    lines: list[str] = []

    def add(run: list[str]) -> None:
        lines.extend(" ".join(line.split()) for line in "".join(run).split("\n"))

    def walk(el: _Element) -> None:
        if el.tag == "row":
            lines.append("\t".join(" ".join("".join(cell.itertext()).split()) for cell in el.findall("cell")))
            return
        run = [el.text or ""]
        for child in el:
            if child.tag == "lb":
                run.append("\n")
            elif child.tag in _TREE_BLOCKS:
                add(run)
                run = []
                walk(child)
            else:
                run.append("".join(child.itertext()))
            run.append(child.tail or "")
        add(run)

    walk(body)
    return [line for line in lines if line.strip()]
