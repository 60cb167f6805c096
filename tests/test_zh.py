"""The Chinese walkthrough: the same beats and settings as the English one, and it renders."""

import pytest

from rich.cells import cell_len

from nntui import i18n
from nntui.app import NNTuiApp
from nntui.i18n import _
from nntui.scenes import built_scenes
from tests.conftest import screen_text, shipped_talk


def test_zh_and_en_have_the_same_beats_and_settings():
    en, zh = shipped_talk("en"), shipped_talk("zh")
    assert set(zh) == set(en) == {s.id for s in built_scenes()}
    for scene in en:
        assert [(b.settings, b.play) for b in zh[scene]] == [(b.settings, b.play) for b in en[scene]], scene
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in b.text) for b in zh[scene]), scene


@pytest.mark.parametrize("size", [(80, 24), (100, 30)], ids=["80x24", "100x30"])
@pytest.mark.parametrize("scene", [s.id for s in built_scenes()])
async def test_zh_scene_renders(scene, size):
    talk = shipped_talk("zh")
    app = NNTuiApp(scene, talk, reduced_motion=True, lang="zh")
    try:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            text = screen_text(app)
            assert talk[scene][0].title in text  # the title whole, wide characters and all
            assert "\ufffd" not in text
            screen = app.screen
            assert f"{_(screen.info.title)}" in text and "参数" in text and "播放" in text
            # every parameter's label whole, and every value ending in the same cell column
            rows = str(screen.panel.render()).split("\n")
            columns = set()
            for p, row in zip(screen.PARAMS, rows):
                assert _(p.label) in row, (p.label, row)
                if not p.is_text:
                    shown = p.format(screen.values[p.name])
                    shown = i18n.choice(shown) if p.is_choice else shown
                    columns.add(cell_len(row[: row.rindex(shown) + len(shown)]))
            assert len(columns) == 1, columns
    finally:
        i18n.use("en")


def broken(rows: list[str]) -> list[str]:
    """Row ends that split what belongs on one line: a number from its unit ("5 ⏎ 倍", "3000 ⏎
    亿") or a short bracketed group ("(0, ⏎ 1)")."""
    found = []
    for row, below in zip(rows, rows[1:]):
        row, below = row.rstrip(), below.lstrip()
        unit = row[-1:].isdigit() and cell_len(below[:1]) == 2
        group = row.count("(") > row.count(")") or row.count("（") > row.count("）")
        if row and below and (unit or group):
            found.append(f"{row[-10:]} ⏎ {below[:10]}")
    return found


@pytest.mark.parametrize("scene, beat", [("neuron", 2), ("sigmoid", 1), ("next-token", 11)])
async def test_zh_narration_keeps_numbers_units_and_brackets_on_one_line(scene, beat):
    """At 80×24 these beats once broke "5 ⏎ 倍", "(0, ⏎ 1)" and "3000 ⏎ 亿"."""
    from tests.conftest import screen_lines

    app = NNTuiApp(scene, shipped_talk("zh"), beat=beat, reduced_motion=True, lang="zh")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            box = app.screen.query_one("#narration").region
            rows = [line.strip("│ ") for line in screen_lines(app)[box.y + 1 : box.bottom - 1]]
            assert len(rows) > 1 and not broken(rows), rows
    finally:
        i18n.use("en")
