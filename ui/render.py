"""Answer -> Markdown and HTML for the web chat. Article text is escaped, never rendered."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from rag import Answer, Citation, IngestReport, conflict_lines, outlet_line

NOT_FOUND = {"en": "Not in these articles", "id": "Tidak ada di artikel-artikel ini"}
CSS = """
.sources details { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 6px 10px; }
.sources details + details { margin-top: 8px; }
.sources summary { cursor: pointer; font-weight: 600; }
.sources .passage { white-space: pre-wrap; line-height: 1.5; margin: 6px 0; }
.sources mark { background: #ffe28a; color: #111; padding: 0 2px; border-radius: 3px; }
.sources .file { font-size: 0.85em; opacity: 0.7; margin: 0; }
.sources.related h3 { color: #b45309; }
.sources .empty { opacity: 0.7; }
.sources .outlets { margin: 4px 0 8px; font-style: italic; }
.sources .conflict { margin: 4px 0 8px; padding: 6px 10px; border-left: 4px solid #d97706; background: #fff7e6;
  color: #111; border-radius: 4px; }
"""


_MD_PUNCT = re.compile(r"([\\`*_~\[\]|@])")  # emphasis, code, strikethrough, links, images, tables, e-mail links
_MD_BLOCK = re.compile(r"^([#+=-])|^(\d{1,9})([.)])", re.MULTILINE)  # headings, list items, setext underlines
_MD_URL = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*:(?=//)|www(?=\.))")  # bare URLs, which GFM turns into links
_MARKER = re.compile(r"\\\[(\d{1,3})\\\](?![(:])")  # a citation marker "[n]" that cannot become a link


def esc(text: str) -> str:
    """Escape text for HTML element content, so that tags in articles show as text ("<123>", "<script>")."""
    return html.escape(text, quote=False)  # article text only ever lands in element content


def md(text: str) -> str:
    """Escape text for the chat's Markdown: it shows as written, with no link, image, emphasis, heading or tag.

    The [n] citation markers stay as they are (nothing can define a link for them, so they stay text);
    indentation at the start of a line is dropped, as it would start a code block.
    """
    text = re.sub(r"^[ \t]+", "", esc(text), flags=re.MULTILINE)
    text = _MD_PUNCT.sub(r"\\\1", text)
    text = _MD_BLOCK.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)
    text = _MD_URL.sub(lambda m: m[1][:-1] + "\\:" if m[1].endswith(":") else m[1] + "\\", text)
    return _MARKER.sub(r"[\1]", text)


def code(text: str) -> str:
    """`text` as a Markdown code span: shown verbatim, as nothing inside a code span is rendered."""
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def plain(markdown: str) -> str:
    """The text a message escaped by `md` shows (escapes and entities undone), e.g. for the conversation history."""
    return html.unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown))


def _label(c: Citation) -> str:
    parts = [c.outlet or "unknown outlet", c.published or "no date"]
    if c.author:
        parts.append(c.author)
    return " · ".join(parts)


def notes_markdown(answer: Answer) -> str:
    """The outlets behind the answer (italic) and a warning line per disagreement, as Markdown."""
    lines = [f"_{md(line)}_" for line in filter(None, [answer.notice, outlet_line(answer)])]
    lines += [f"**Warning:** {md(line)}" for line in conflict_lines(answer)]
    return "\n\n".join(lines)


def source_list(citations: tuple[Citation, ...]) -> str:
    """A numbered Markdown list: file name, outlet, date."""
    return "\n".join(
        f"{c.n}. {code(c.source)}, {md(c.outlet or 'unknown outlet')}, {md(c.published or 'no date')}"
        for c in citations
    )


SOURCES = "\n\n**Sources**\n\n"  # where an answer's Markdown turns to its source list


def answer_markdown(answer: Answer) -> str:
    """The answer as Markdown ending with its numbered source list (what the /chat API returns)."""
    text = md(answer.text)
    if not answer.citations:
        return text
    if notes := notes_markdown(answer):
        text += f"\n\n{notes}"
    return f"{text}{SOURCES}{source_list(answer.citations)}"


def chat_message(answer: Answer, lang: str) -> str:
    """The chat bubble: a refusal is marked as such; an answer keeps a short source line."""
    if not answer.found:
        return f"**{NOT_FOUND.get(lang, NOT_FOUND['en'])}.** {md(answer.text)}"
    return answer_markdown(answer)


def _passage(c: Citation) -> str:
    context = c.context or c.quote
    at = context.find(c.quote)
    if at < 0:
        return f"<mark>{esc(c.quote)}</mark>"
    before, after = context[:at], context[at + len(c.quote) :]
    return f"{esc(before)}<mark>{esc(c.quote)}</mark>{esc(after)}"


def _where(c: Citation) -> str:
    """The file, and the dates the quote names (normalised), under each passage."""
    return f"{c.source} · mentions {', '.join(c.dates)}" if c.dates else c.source


def sources_html(answer: Answer | None) -> str:
    """The sources panel: each citation with its quote highlighted in its passage, expandable."""
    if answer is None:
        return '<div class="sources"><p class="empty">Sources of the answer appear here.</p></div>'
    if answer.found:
        items, heading, cls, state = answer.citations, "Sources", "sources", " open"
    else:
        heading = "Related passages (not evidence: they do not answer this)"
        items, cls, state = answer.related, "sources related", ""
    blocks = [f'<p class="outlets">{esc(line)}</p>' for line in filter(None, [outlet_line(answer)])]
    blocks += [f'<p class="conflict" role="alert">Warning: {esc(line)}</p>' for line in conflict_lines(answer)]
    blocks += [
        f"<details{state}><summary>[{c.n}] {esc(_label(c))}: {esc(c.title)}</summary>"
        f'<p class="passage">{_passage(c)}</p><p class="file">{esc(_where(c))}</p></details>'
        for c in items
    ]
    body = "".join(blocks) or '<p class="empty">No passage came close.</p>'
    return f'<div class="{cls}"><h3>{esc(heading)}</h3>{body}</div>'


def upload_markdown(report: IngestReport, files: Sequence[Path]) -> str:
    """What an upload did, file by file: added, kept under a new name, replaced, unchanged, or not added and why."""
    counts = [("Added", report.added), ("replaced", report.replaced), ("unchanged", report.unchanged),
              ("not added", report.failed)]  # fmt: skip
    lines = [" · ".join(f"**{label}** {len(items)}" for label, items in counts)]
    reasons = {f.path: f.reason for f in report.failed}
    for path in files:
        name = path.name
        stored = report.stored_as(path)
        if stored is None:
            reason = reasons.get(str(path), "it was not read").removeprefix(f"{name}: ")
            lines.append(f"- {code(name)}: **not added**, {md(reason)}")
        elif stored in report.replaced:
            lines.append(f"- {code(name)}: replaced {code(stored)}, as a new version of the same article")
        elif stored in report.unchanged:
            lines.append(f"- {code(name)}: unchanged, the articles already hold it as {code(stored)}")
        elif stored != name:
            lines.append(f"- {code(name)}: kept as {code(stored)} beside an existing article of the same name")
        else:
            lines.append(f"- {code(name)}: added")
        if stored is not None and stored in report.untitled:
            lines[-1] += "; no headline found in the page, so it is titled by its file name"
    return "\n".join(lines)
