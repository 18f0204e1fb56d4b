"""HTML file -> plain text with one line per block, plus the page's meta tags."""

from __future__ import annotations

from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "template", "svg"}
_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "blockquote", "figcaption", "figure", "time", "pre", "hr", "main",
}  # fmt: skip


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
    """The visible text of `html` (blocks on their own lines) and its meta tags plus title/h1."""
    ex = _Extractor()
    ex.feed(html)
    ex.close()
    lines = [" ".join(line.split()) for line in "".join(ex.parts).split("\n")]
    text = "\n\n".join(line for line in lines if line)
    meta = dict(ex.meta)
    if ex.h1.strip():
        meta.setdefault("h1", " ".join(ex.h1.split()))
    if ex.title.strip():
        meta.setdefault("title", " ".join(ex.title.split()))
    return text, meta
