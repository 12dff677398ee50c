"""Judgements marked by colour and by word, the same on every page that shows them.

A force report's figures table (`peelstats.notebook.display.figures_table`) and a batch's
index page (``peelstats report``) mark a judgement with `judgement_cell`: its word on its
colour. Blue and orange are from Okabe and Ito's palette, which readers with any colour
vision tell apart, grey is for broadly in line; the word is always printed, so the mark
never depends on colour alone (nor on a printer that has it).
"""

from __future__ import annotations

import html

#: Each judgement's inline style: background and text colour.
JUDGEMENT_STYLE = {"better": "background:#cfe3f3;color:#00456e",
                   "worse": "background:#fbe3c4;color:#7a3e00",
                   "similar": "background:#ececec;color:#333",
                   "not judged": "color:#555"}
#: Each judgement as the sentences say it.
JUDGEMENT_WORDS = {"better": "better", "worse": "worse", "similar": "broadly in line",
                   "not judged": "not judged"}


def judgement_cell(judgement: str) -> str:
    """A judgement as a table cell marks it: its word on its colour.

    >>> judgement_cell("similar")
    "<span class='peelstats-similar' style='background:#ececec;color:#333;padding:0 0.3rem;border-radius:3px'>broadly in line</span>"
    """
    style = JUDGEMENT_STYLE.get(judgement, "")
    return (f"<span class='peelstats-{judgement.replace(' ', '-')}' "
            f"style='{style};padding:0 0.3rem;border-radius:3px'>"
            f"{html.escape(JUDGEMENT_WORDS.get(judgement, judgement))}</span>")
