"""Reading times computed from word counts when the book is built.

``{reading-time}`page``` gives the minutes for the current page's narrative,
``{reading-time}`chapter``` for every Markdown page in the current page's folder, and
``{reading-time}`../csto``` (a folder) or ``{reading-time}`origins.md``` (a page) for another
part of the book, relative to the current page. Minutes come from
:func:`briefing.readability.reading_minutes` (about 200 words a minute, rounded up to five).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from .. import readability


class ReadingTime(SphinxRole):
    def run(self):
        here = Path(self.env.doc2path(self.env.docname))
        target = self.text.strip()
        if target == "page":
            paths = [here]
        elif target == "chapter":
            paths = sorted(here.parent.glob("*.md"))
        else:
            p = (here.parent / target).resolve()
            if p.is_dir():
                paths = sorted(p.glob("*.md"))
            elif p.is_file():
                paths = [p]
            else:
                msg = self.inliner.reporter.error(f"reading-time: no page or folder {target!r}", line=self.lineno)
                return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        n = 0
        for path in paths:
            self.env.note_dependency(str(path))
            n += readability.words(readability.prose(readability.page_text(path)))
        minutes = readability.reading_minutes(n)
        return [nodes.inline(text=f"{minutes} minutes", classes=["reading-time"])], []


def setup(app):
    app.add_role("reading-time", ReadingTime())
    return {"version": "0.1", "parallel_read_safe": True, "parallel_write_safe": True}
