"""Plain-language measures for the book's narrative: words, reading time and reading grade.

Used by the site extension (reading times on the landing pages), by ``scripts/readability.py``
and by the tests. Only running prose counts: citations, code, tables, headings, directive options
and link targets are removed first (:func:`prose`).
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

#: Words a minute for careful reading of an unfamiliar subject.
WORDS_PER_MINUTE = 200


def page_text(path: Path) -> str:
    """The Markdown of a page: the file itself, or a notebook's Markdown cells."""
    if path.suffix == ".ipynb":
        nb = json.loads(path.read_text(encoding="utf-8"))
        return "\n\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    return path.read_text(encoding="utf-8")


def prose(markdown: str) -> str:
    """Running text only, one paragraph per block."""
    text = re.sub(r"\{(src|event|term|download|ref|doc|numref|sub-ref)\}`([^`]*)`",
                  lambda m: "" if m.group(1) in ("src", "event", "download") else m.group(2).split("<")[0],
                  markdown)
    text = re.sub(r"^```(?!\{).*?^```\s*$", " ", text, flags=re.S | re.M)  # code blocks
    text = re.sub(r"^\s*```.*$", " ", text, flags=re.M)  # directive fences; their content is prose
    text = re.sub(r"`[^`]*`", "x", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = text.replace("[", "").replace("]", "")
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        s = line.strip()
        if not s:
            blocks.append([])
            continue
        if (s.startswith(("|", "#", ":::", ":", "<", "```", "---", "(", "**Time to"))
                and not re.match(r"^\([a-z]\)", s)):
            blocks.append([])
            continue
        item = re.match(r"^([-*]|\d+\.)\s+", s)
        if item or re.match(r"^\([a-z]\)", s):
            blocks.append([])
            s = s[item.end():] if item else s
        blocks[-1].append(s.replace("**", "").replace("*", ""))
    out = []
    for block in blocks:
        b = re.sub(r"\s+", " ", " ".join(block)).strip()
        if not b:
            continue
        # A list item or caption without final punctuation still ends a sentence.
        b = re.sub(r"[:;,]$", ".", b)
        if not re.search(r"[.!?\"”)]$", b):
            b += "."
        out.append(b)
    return "\n\n".join(out)


def words(text: str) -> int:
    return len(re.findall(r"[A-Za-z0-9À-ɏ'’-]+", text))


def reading_minutes(n_words: int) -> int:
    """Minutes to read ``n_words`` carefully, rounded up to five."""
    return max(5, 5 * math.ceil(n_words / WORDS_PER_MINUTE / 5))


def sentences(text: str) -> list[str]:
    parts = [s for block in text.split("\n\n") for s in re.split(r"(?<=[.!?])[\"”)]?\s+(?=[A-Z0-9\"“(])", block)]
    return [p for p in (s.strip() for s in parts) if words(p)]


def grade(text: str) -> float:
    """Flesch–Kincaid grade level (textstat 0.7.4)."""
    import warnings

    with warnings.catch_warnings():  # textstat 0.7.4 imports the deprecated pkg_resources
        warnings.simplefilter("ignore")
        import textstat  # test-time dependency, pinned in tests/requirements.txt

    return float(textstat.flesch_kincaid_grade(text))


def long_sentences(text: str, limit: int = 40) -> list[str]:
    return [s for s in sentences(text) if words(s) > limit]
