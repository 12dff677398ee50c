"""An executed notebook as a report page: HTML without code, charts embedded as PNG data,
a link back to the batch's index at the top and the batch's stamp at the foot."""

from __future__ import annotations

import html
import re

import nbformat
from nbconvert import HTMLExporter

# What nbconvert writes for an image without alternative text (nbconvert 7).
_NO_ALT = 'alt="No description has been provided for this image"'
_HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)
_BODY = re.compile(r"<body\b[^>]*>")

# A report is read, not edited: a column of text at a comfortable width, tables with
# visible rows, charts no wider than the text, nothing left of the text for prompts.
_READING_CSS = """<style>
body.jp-Notebook { max-width: 60rem; margin: 0 auto; padding: 1.5rem 2rem 3rem; }
.jp-Cell { padding-left: 0; padding-right: 0; }
.jp-RenderedHTMLCommon { font-size: 15px; line-height: 1.5; }
.jp-RenderedHTMLCommon table { border-collapse: collapse; margin: 0.5rem 0 1rem; }
.jp-RenderedHTMLCommon thead tr, .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon td {
  padding: 0.3rem 0.6rem; border-bottom: 1px solid #d0d0d0; text-align: left !important;
  vertical-align: top; }
.jp-RenderedHTMLCommon .peelstats-sources { font-size: 13px; color: #444; }
.jp-RenderedImage img { max-width: 100%; height: auto; }
/* At print and laptop-half widths the nine-column figures table must still fit the page:
   smaller type and padding rather than a table cut off at the right. */
.peelstats-nav, .peelstats-stamp { font-size: 13px; color: #444; }
.peelstats-nav { margin: 0 0 0.5rem; }
.peelstats-nav a { color: #0b57d0; text-decoration: underline; }
/* A judgement's mark (peelstats.notebook.marks) is one piece: its word never breaks. */
.peelstats-better, .peelstats-similar, .peelstats-worse, .peelstats-not-judged {
  white-space: nowrap; }
.peelstats-stamp { margin-top: 2rem; padding-top: 0.5rem; border-top: 1px solid #d0d0d0; }
@media (max-width: 62rem), print {
  body.jp-Notebook { padding: 1rem 0.5rem 2rem; }
  .jp-RenderedHTMLCommon table { font-size: 11px; line-height: 1.35; }
  .jp-RenderedHTMLCommon th, .jp-RenderedHTMLCommon td { padding: 0.2rem 0.3rem; }
}
@media print {
  body.jp-Notebook { max-width: none; }
  .jp-RenderedHTMLCommon tr, .jp-RenderedImage { break-inside: avoid; }
}
</style>
"""


class HtmlRenderer:
    """One HTMLExporter, configured once and reused for every report (loading its templates
    takes longer than rendering a page)."""

    def __init__(self) -> None:
        self._exporter = HTMLExporter(
            template_name="lab",
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
        )

    def render(self, nb: nbformat.NotebookNode, title: str, *, header: str = "",
               footer: str = "") -> bytes:
        """The report page for `nb`, with `title` as the page title, and the HTML of
        `header` first in the page and of `footer` last."""
        body, _ = self._exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        body = _describe_charts(body, nb)
        for tag in ("</head>", "</body>"):
            if body.count(tag) != 1:
                raise ValueError(f"the HTML template has no single {tag} to add the report's "
                                 f"style, header and footer to")
        opening = _BODY.search(body)
        if opening is None:
            raise ValueError("the HTML template has no <body> to add the report's header to")
        body = body[:opening.end()] + header + body[opening.end():]
        body = body.replace("</body>", footer + "</body>")
        return body.replace("</head>", _READING_CSS + "</head>").encode("utf-8")


def _describe_charts(body: str, nb: nbformat.NotebookNode) -> str:
    """Give each chart the heading of its section as alternative text (screen readers)."""
    texts: list[str] = []
    heading = "Chart"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            found = _HEADING.findall(cell.source)
            heading = found[-1] if found else heading
        for output in cell.get("outputs", []):
            if "image/png" in output.get("data", {}):
                texts.append(f"Chart: {heading}")
    parts = body.split(_NO_ALT)
    if len(parts) - 1 != len(texts):  # images from elsewhere: leave nbconvert's text alone
        return body
    return parts[0] + "".join(f'alt="{html.escape(text)}"' + part
                              for text, part in zip(texts, parts[1:], strict=True))
