"""perspectives.csv: its schema, its coverage, its wording and the directive that renders it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from briefing import data
from briefing.site.perspectives import VOICES, perspectives_markdown

ROOT = Path(__file__).resolve().parents[1]
#: Loaded words the editorial guide allows only inside quotation marks (or in a quoted finding).
LOADED = ["liberat", "occup", "aggression", "genocide", "ethnic cleansing", "terroris", "pogrom", "massacre",
          "regained", "betray"]


@pytest.fixture(scope="module")
def persp():
    return data.load_perspectives()


def test_at_least_ten_episodes_each_with_all_four_voices(persp):
    assert persp.episode.nunique() >= 10
    for episode, rows in persp.groupby("episode"):
        assert sorted(rows.voice) == sorted(VOICES), episode


def test_every_position_cites_a_known_source_and_event(persp):
    sources = set(data.load_sources().source_id)
    events = set(data.load_events().event_id)
    for row in persp.itertuples():
        assert set(row.source_ids.split(";")) <= sources, row.perspective_id
        if isinstance(row.event_ids, str):
            assert set(row.event_ids.split(";")) <= events, row.perspective_id


def test_loaded_words_appear_only_inside_quotation_marks(persp):
    for row in persp.itertuples():
        outside = re.sub(r'"[^"]*"', "", row.position).lower()
        for word in LOADED:
            assert word not in outside, f"{row.perspective_id}: {word!r} outside quotation marks"


def test_positions_are_plain_language(persp):
    """Short sentences: no sentence over 40 words, and the table reads at grade 11 or lower."""
    textstat = pytest.importorskip("textstat")
    for row in persp.itertuples():
        for sentence in re.split(r"(?<=[.!?])\s+", row.position):
            assert len(sentence.split()) <= 40, (row.perspective_id, sentence)
    assert textstat.flesch_kincaid_grade(" ".join(persp.position)) <= 11


def _copy_data(tmp_path):
    dst = tmp_path / "data"
    shutil.copytree(ROOT / "data", dst)
    return dst


def _rewrite(path: Path, old: str, new: str):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unknown_voice_is_rejected_with_file_line_column_value(tmp_path):
    root = _copy_data(tmp_path)
    _rewrite(root / "perspectives.csv", ",Russia,", ",Kremlin,")
    data.clear_cache()
    with pytest.raises(data.DataValidationError) as err:
        data.load_perspectives(root)
    msg = str(err.value)
    assert "perspectives.csv" in msg and "column 'voice'" in msg and "'Kremlin'" in msg and "line" in msg


def test_a_second_position_for_the_same_episode_and_voice_is_rejected(tmp_path):
    root = _copy_data(tmp_path)
    path = root / "perspectives.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[1].replace("P001", "P099", 1))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    data.clear_cache()
    with pytest.raises(data.DataValidationError, match="episode"):
        data.load_perspectives(root)


def test_an_unknown_source_is_rejected(tmp_path):
    root = _copy_data(tmp_path)
    first = (root / "perspectives.csv").read_text(encoding="utf-8").splitlines()[1]
    last_source = first.rsplit(",", 1)[1]
    _rewrite(root / "perspectives.csv", first, first.rsplit(",", 1)[0] + ",no-such-source")
    data.clear_cache()
    with pytest.raises(data.DataValidationError, match="no-such-source"):
        data.load_perspectives(root)
    assert last_source


def test_markdown_has_one_tab_per_voice_in_order(persp):
    episode = persp.episode.iloc[0]
    text = perspectives_markdown(persp, episode)
    tabs = re.findall(r"^:::\{tab-item\} (.+)$", text, re.M)
    assert len(tabs) == 4 and tabs[0] == "Armenia" and tabs[1] == "Azerbaijan" and tabs[2] == "Russia"
    for row in persp[persp.episode == episode].itertuples():
        assert row.position in text
        assert f"{{src}}`{row.source_ids}`" in text


def test_markdown_rejects_an_unknown_episode_or_a_missing_voice(persp):
    with pytest.raises(ValueError, match="no perspectives for episode"):
        perspectives_markdown(persp, "The Battle of Nowhere")
    episode = persp.episode.iloc[0]
    partial = persp[~((persp.episode == episode) & (persp.voice == "Russia"))]
    with pytest.raises(ValueError, match="lacks the voices"):
        perspectives_markdown(partial, episode)


def test_every_episode_is_rendered_in_a_chapter(persp):
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "chapters").rglob("*.md"))
    shown = set(re.findall(r"^:::\{perspectives\} (.+)$", text, re.M))
    assert set(persp.episode) <= shown, sorted(set(persp.episode) - shown)
