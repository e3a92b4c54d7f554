"""The source-label rule for ``sources.csv`` (``party`` column), in one place.

The rule, as the Data and methods page states it:

1. A government's, party's or alliance's own text (a statement, a decree, a ministry page),
   on its own site or reproduced elsewhere, carries that government's, party's or alliance's
   name.
2. State-owned or state-funded media (the outlets in :data:`STATE_MEDIA`) carry that state's
   label, whichever side they favour. A copy of such an outlet's text on another site carries the
   label of the outlet the text comes from.
3. Everything else (privately owned outlets, including partisan ones, think tanks, courts,
   UN bodies and encyclopedias) carries no label.

The label follows the outlet, never the article: the same publisher always gets the same label.
"""

from __future__ import annotations

import re

#: Label -> outlet names (matched as whole words in the ``publisher`` field).
#: An outlet is listed when a state owns it, directly or through a state company or agency,
#: or funds and governs it through a state body.
STATE_MEDIA: dict[str, tuple[str, ...]] = {
    "Government of Armenia": ("Armenpress", "Public Radio of Armenia", "Armradio", "Public Television of Armenia"),
    "Government of Azerbaijan": ("AZERTAC",),
    "Artsakh authorities": ("Artsakhpress",),
    "Government of Russia": ("TASS", "ITAR-TASS", "RIA Novosti", "RT", "Sputnik", "Sputnik Arabic", "Sputnik Deutschland",
                             "Sputnik Kyrgyzstan"),
    "Government of Turkey": ("Anadolu", "TRT World", "TRT Global", "TRT Haber"),
    "Government of Belarus": ("BelTA", "Belarus TV"),
    "Government of Kazakhstan": ("Kazinform", "Qazaq TV"),
    "Government of China": ("Xinhua", "CCTV", "CGTN", "People's Daily"),
    "Government of Iran": ("Press TV", "Mehr News Agency"),
    "Government of Qatar": ("Al Jazeera", "Qatar News Agency"),
    "Government of Kuwait": ("KUNA",),
    "Government of Ukraine": ("Ukrinform",),
    "Government of Vietnam": ("Vietnam.vn",),
    "Government of the United States": ("RFE/RL", "Radio Free Europe", "Azatutyun", "Voice of America"),
    "Government of the United Kingdom": ("BBC News",),
    "Government of Germany": ("Deutsche Welle",),
    "Government of France": ("France 24", "RFI"),
    "Government of Spain": ("EFE",),
    "Government of Portugal": ("Lusa",),
    "Government of Poland": ("PAP",),
}

def _find(text: str) -> list[str]:
    hits = []
    for label, names in STATE_MEDIA.items():
        for name in names:
            if re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text):
                hits.append(label)
                break
    return hits


def state_media_label(publisher: str) -> str | None:
    """The label rule 2 gives ``publisher``, or None if it names no listed outlet.

    ``"UrduPoint (Sputnik)"`` -> the label of the outlet in brackets (whose text it is);
    ``"Armenpress (via Hyetert)"`` -> Armenpress's label.
    """
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", publisher)
    if m:
        inner = _find(m.group(2))
        if inner:
            return inner[0]
        outer = _find(m.group(1))
        return outer[0] if outer else None
    hits = _find(publisher)
    return hits[0] if hits else None
