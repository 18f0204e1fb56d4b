"""Answer -> Markdown and HTML for the web chat. Article text is escaped, never rendered."""

from __future__ import annotations

import html

from rag import Answer, Citation, conflict_lines, outlet_line

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


def esc(text: str) -> str:
    """Escape text for Markdown/HTML so that tags in articles show as text ("<123>", "<script>")."""
    return html.escape(text, quote=False)  # article text only ever lands in element content


def _label(c: Citation) -> str:
    parts = [c.outlet or "unknown outlet", c.published or "no date"]
    if c.author:
        parts.append(c.author)
    return " · ".join(parts)


def notes_markdown(answer: Answer) -> str:
    """The outlets behind the answer (italic) and a warning line per disagreement, as Markdown."""
    lines = [f"_{esc(line)}_" for line in filter(None, [answer.notice, outlet_line(answer)])]
    lines += [f"**Warning:** {esc(line)}" for line in conflict_lines(answer)]
    return "\n\n".join(lines)


def source_list(citations: tuple[Citation, ...]) -> str:
    """A numbered Markdown list: file name, outlet, date."""
    return "\n".join(
        f"{c.n}. `{esc(c.source)}`, {esc(c.outlet or 'unknown outlet')}, {esc(c.published or 'no date')}"
        for c in citations
    )


def answer_markdown(answer: Answer) -> str:
    """The answer as Markdown ending with its numbered source list (what the /chat API returns)."""
    text = esc(answer.text)
    if not answer.citations:
        return text
    if notes := notes_markdown(answer):
        text += f"\n\n{notes}"
    return f"{text}\n\n**Sources**\n\n{source_list(answer.citations)}"


def chat_message(answer: Answer, lang: str) -> str:
    """The chat bubble: a refusal is marked as such; an answer keeps a short source line."""
    if not answer.found:
        return f"**{NOT_FOUND.get(lang, NOT_FOUND['en'])}.** {esc(answer.text)}"
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
