"""An executed notebook as a report page: HTML without code, charts embedded as PNG data."""

from __future__ import annotations

import nbformat
from nbconvert import HTMLExporter


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

    def render(self, nb: nbformat.NotebookNode, title: str) -> bytes:
        """The report page for `nb`, with `title` as the page title."""
        body, _ = self._exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
        return body.encode("utf-8")
