"""Print words, reading time, Flesch–Kincaid grade and long sentences per chapter and per page.

    .venv/bin/python scripts/readability.py          # table
    .venv/bin/python scripts/readability.py --long   # also list sentences over 40 words
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from briefing import readability as r  # noqa: E402

PARTS = ["csto", "karabakh", "pivot", "teaching", "about"]


def pages(part: str) -> list[Path]:
    folder = ROOT / "chapters" / part
    return sorted(folder.glob("*.md")) + sorted(folder.glob("*.ipynb"))


def main() -> None:
    show_long = "--long" in sys.argv
    print(f"{'page':45} {'words':>6} {'min':>4} {'FK':>5} {'>40':>4}")
    for part in PARTS:
        texts = []
        for page in pages(part):
            t = r.prose(r.page_text(page))
            texts.append(t)
            n = r.words(t)
            longs = r.long_sentences(t)
            print(f"  {page.relative_to(ROOT).as_posix():43} {n:6} {r.reading_minutes(n):4} {r.grade(t):5.1f} {len(longs):4}")
            if show_long:
                for s in longs:
                    print(f"      [{r.words(s)}] {s}")
        whole = "\n\n".join(texts)
        n = r.words(whole)
        print(f"{part:45} {n:6} {r.reading_minutes(n):4} {r.grade(whole):5.1f} {len(r.long_sentences(whole)):4}")


if __name__ == "__main__":
    main()
