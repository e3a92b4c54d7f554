"""The theme's icons as inline SVG, without Font Awesome's 1.5 MB script and its web fonts.

pydata-sphinx-theme loads ``_static/scripts/fontawesome.js`` on every page; at run time it
swaps each ``<i class="fa-solid fa-sun">`` for an SVG drawn from the whole Font Awesome set
it carries. A few more icons (admonition titles, breadcrumb dividers, external-link marks)
come from Font Awesome's web fonts through CSS ``::before``/``::after`` glyphs.

After the build, :func:`inline_icons` replaces every such element with the same SVG,
written into the page (taken from the theme's own copy of Font Awesome, so the shapes are
exactly the theme's), and :func:`icon_css` writes the CSS glyphs as SVG masks, so no page
needs the script or the fonts. An icon with a ``title`` keeps it as its accessible name;
the others are decorative (their button or link carries the label).
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import quote

#: Where the theme keeps its Font Awesome script, relative to the built site.
FA_SCRIPT = "_static/scripts/fontawesome.js"
_SCRIPT_TAG = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js(?:\?[^"]*)?"></script>')
_ICON_EL = re.compile(r'<(i|span)\b([^>]*?)\bclass="([^"]*\bfa-[a-z0-9-]+[^"]*)"([^>]*)>\s*</\1>')
_ICON_DEF = re.compile(
    r'(?:"([\w-]+)"|([\w-]+)):\[(\d+),(\d+),\[([^\]]*)\],"([0-9a-f]+)",("(?:[^"\\]|\\.)*"|\[[^\]]*\])\]'
)
_PACK_START = re.compile(r'\w=\{(?:"?[\w-]+"?):\[\d+,\d+,\[')
_PACK_END = re.compile(r'd\("(fa[bsr])",\w\)')
_STYLE_CLASSES = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far", "fa-brands": "fab", "fab": "fab"}
_MODIFIERS = re.compile(r"^fa-(?:lg|xs|sm|xl|[1-9]?0?x|fw|spin|pulse|border|inverse|rotate-\d+|flip-\w+|pull-\w+|beat|fade|bounce|shake)$")


class IconError(RuntimeError):
    """An icon the site shows is not in the theme's Font Awesome set."""


def theme_script() -> Path:
    """The theme's own ``fontawesome.js`` (read at build time, never served)."""
    import pydata_sphinx_theme

    path = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "fontawesome.js"
    if not path.is_file():
        raise IconError(f"{path} not found: is pydata-sphinx-theme installed?")
    return path


def load_icons(script: Path) -> dict[tuple[str, str], tuple[int, int, str]]:
    """``{(pack, name): (width, height, path)}`` from the theme's ``fontawesome.js``.

    Packs are ``fas`` (solid), ``far`` (regular) and ``fab`` (brands); aliases
    (``search`` for ``magnifying-glass``) are included.
    """
    text = Path(script).read_text(encoding="utf-8")
    icons: dict[tuple[str, str], tuple[int, int, str]] = {}
    pos = 0
    while True:
        start = _PACK_START.search(text, pos)
        if not start:
            break
        end = _PACK_END.search(text, start.end())
        if not end:
            break
        pack = end.group(1)
        for m in _ICON_DEF.finditer(text, start.start(), end.start()):
            name = m.group(1) or m.group(2)
            width, height, aliases, code, path = m.group(3, 4, 5, 6, 7)
            if path.startswith("["):  # duotone: not used by the theme
                continue
            entry = (int(width), int(height), path[1:-1])
            icons[(pack, name)] = entry
            for alias in re.findall(r'"([\w-]+)"', aliases):
                icons.setdefault((pack, alias), entry)
        pos = end.end()
    if not icons:
        raise IconError(f"no icons found in {script}")
    return icons


def svg(entry: tuple[int, int, str], classes: str, extra: str = "", title: str | None = None) -> str:
    width, height, path = entry
    if title:
        label = html.escape(title, quote=True)
        a11y = f' role="img" aria-label="{label}"'
        inner = f"<title>{label}</title>"
    else:
        a11y, inner = ' aria-hidden="true"', ""
    return (
        f'<svg class="svg-inline--fa {classes}"{extra}{a11y} focusable="false" '
        f'xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}">{inner}'
        f'<path fill="currentColor" d="{path}"/></svg>'
    )


def inline_icons(page: str, icons) -> tuple[str, list[str]]:
    """The page with every Font Awesome element drawn inline and the script tag removed.

    Returns the new HTML and the icons it could not find (``pack name``).
    """
    missing: list[str] = []

    def replace(m: re.Match) -> str:
        before, classes, after = m.group(2), m.group(3), m.group(4)
        names = classes.split()
        pack = next((_STYLE_CLASSES[c] for c in names if c in _STYLE_CLASSES), "fas")
        icon = next((c[3:] for c in names if c.startswith("fa-") and c not in _STYLE_CLASSES
                     and not _MODIFIERS.match(c)), None)
        entry = icons.get((pack, icon)) if icon else None
        if entry is None:
            missing.append(f"{pack} {icon}")
            return m.group(0)
        attrs = (before + " " + after).strip()
        title = re.search(r'\btitle="([^"]*)"', attrs)
        attrs = re.sub(r'\s*\baria-hidden="[^"]*"', "", attrs)
        extra = f" {attrs}" if attrs else ""
        kept = " ".join(c for c in names if c not in _STYLE_CLASSES)
        return svg(entry, kept, extra, html.unescape(title.group(1)) if title else None)

    page = _ICON_EL.sub(replace, page)
    page = _SCRIPT_TAG.sub("", page)
    return page, missing


#: The theme's CSS glyphs (selector, icon) drawn as masks instead. Icons are given by their
#: Font Awesome name in the solid set, or ``fab name`` for the brands set.
CSS_GLYPHS = [
    ("ul.bd-breadcrumbs li.breadcrumb-item:not(.breadcrumb-home):before", "angle-right", ".8rem"),
    (".nav-link.nav-external:after, nav.bd-links li>a.reference.external:after", "up-right-from-square", ".75em"),
    ("div#searchbox p.highlight-link a:before", "magnifying-glass-minus", "1em"),
    ("a.reference.download:before", "download", ".8em"),
    ("span.versionmodified:before", "circle-exclamation", "1em"),
    ("a.github:before", "fab github", "1em"),
    ("a.gitlab:before", "fab gitlab", "1em"),
]
ADMONITIONS = {
    "": "bell", "attention": "circle-exclamation", "caution": "triangle-exclamation",
    "warning": "triangle-exclamation", "danger": "triangle-exclamation", "error": "circle-xmark",
    "hint": "lightbulb", "tip": "lightbulb", "important": "circle-exclamation", "note": "circle-info",
    "seealso": "share", "admonition-todo": "pencil",
}


def _mask(entry) -> str:
    width, height, path = entry
    doc = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}"><path d="{path}"/></svg>'
    url = f'url("data:image/svg+xml,{quote(doc, safe=" /=:,.-")}")'
    return f"-webkit-mask:{url} center/contain no-repeat;mask:{url} center/contain no-repeat"


def _lookup(icons, spec: str):
    pack, name = ("fab", spec.split()[1]) if spec.startswith("fab ") else ("fas", spec)
    entry = icons.get((pack, name))
    if entry is None:
        raise IconError(f"icon {pack} {name} is not in the theme's Font Awesome set")
    return entry


def icon_css(icons) -> str:
    """CSS that draws the theme's font glyphs as SVG masks (no web font needed)."""
    out = [
        "/* Generated at build time from the theme's Font Awesome icons (CC BY 4.0). */",
        ".svg-inline--fa{box-sizing:content-box;display:inline-block;height:1em;overflow:visible;vertical-align:-.125em}",
        ".svg-inline--fa.fa-lg{vertical-align:-.2em}",
    ]
    glyph = "content:\"\";display:inline-block;background-color:currentColor;font:inherit;"
    for selector, spec, size in CSS_GLYPHS:
        out.append(f"{selector}{{{glyph}width:{size};height:{size};vertical-align:-.1em;{_mask(_lookup(icons, spec))}}}")
    out.append(
        ".admonition>.admonition-title:after,div.admonition>.admonition-title:after{"
        f"{glyph}width:1rem;height:1rem;top:.65rem;{_mask(_lookup(icons, ADMONITIONS['']))}}}"
    )
    for kind, spec in ADMONITIONS.items():
        if kind:
            out.append(f".admonition.{kind}>.admonition-title:after,div.admonition.{kind}>.admonition-title:after"
                       f"{{{_mask(_lookup(icons, spec))}}}")
    return "\n".join(out) + "\n"
