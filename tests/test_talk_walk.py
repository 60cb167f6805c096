"""The talk, walked as a presenter walks it: PageDown from the first beat of the first scene to
the end, in every shipped language and talk, at 80×24 and 120×36. At every beat each number the
narration marks in bold must stand in the scene's own area (the picture and the parameter panel,
not only in the narration), no run of cells may join two numbers ('0.0000112.00001'), and no row
is cut mid-word: no word runs into the right edge of its widget (or of the box that clips it)
and goes on in the next row or is truncated ('0.98 → passes fo')."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.widget import Widget

import nntui
from nntui.app import NNTuiApp
from nntui.narration import default_root, languages, load_order, load_talk, talks_root
from nntui.scenes import SceneParams
from nntui.scenes.base import SceneScreen
from nntui.widgets.panels import NarrationPanel
from tests.conftest import screen_lines

BOLD = re.compile(r"\*\*(.+?)\*\*")
NUMBER = re.compile(r"(?<![\w.])[−-]?\d[\d,]*(?:\.\d+)?")
JOINED = re.compile(r"\d\.\d+\.\d")  # two numbers run together: one has two decimal points
PACKAGE = Path(nntui.__file__).parent


def talks():
    """(name, root) of every shipped talk: the default running order and each custom one."""
    yield "story", default_root()
    for root in sorted(talks_root().iterdir()):
        yield root.name, root


CASES = [pytest.param(name, root, lang, size, id=f"{name}-{lang}-{size[0]}x{size[1]}")
         for name, root in talks() for lang in languages(root) for size in ((80, 24), (120, 36))]


def numbers(text: str) -> list[str]:
    return [n.replace("-", "−").replace(",", "") for bold in BOLD.findall(text) for n in NUMBER.findall(bold)]


def shown(lines: list[str]) -> set[str]:
    return {n.replace("-", "−").replace(",", "") for line in lines for n in NUMBER.findall(line)}


def in_word(ch: str) -> bool:
    """A letter or digit of a word; not a wide (CJK) character: a line may break between those."""
    return ch.isalnum() and cell_len(ch) == 1


def cells(line: str) -> list[str]:
    """A screen row as one string per cell ('' for the right half of a wide character)."""
    out: list[str] = []
    for ch in line:
        out += [ch] + [""] * (cell_len(ch) - 1)
    return out


def source(widget: Widget) -> str | None:
    """What a text widget draws, before it is wrapped or cut to its width; None for the rest
    (pictures drawn line by line, containers)."""
    if isinstance(widget, NarrationPanel):
        return widget.text.plain
    if type(widget).render is Widget.render or type(widget).render_line is not Widget.render_line:
        return None
    visual = widget.render()
    return visual if isinstance(visual, str) else getattr(visual, "plain", None)


@cache
def vocabulary() -> frozenset[str]:
    """Every Latin word nntui can show: in its code's strings and its scripts (lower case)."""
    words: set[str] = set()
    for path in [*PACKAGE.rglob("*.py"), *PACKAGE.rglob("*.toml"), *default_root().rglob("*.toml"), *talks_root().rglob("*.toml")]:
        words |= {w.lower() for w in re.findall(r"[A-Za-z]+", path.read_text(encoding="utf-8"))}
    return frozenset(words)


def cut_word(row: str) -> bool:
    """For a picture drawn line by line (no text to compare with): does `row` end in a piece of
    a word nntui shows, that is itself no word ('passes fo' of 'passes forward')?"""
    piece = re.search(r"[A-Za-z]+$", row)
    if piece is None or len(piece.group()) < 2 or (word := piece.group().lower()) in vocabulary():
        return False
    return any(w.startswith(word) for w in vocabulary())


def goes_on(text: str, row: str) -> bool:
    """Does `row`, shown at the right edge, stop inside a word of `text` wherever it stands there?"""
    row = row.removesuffix("…")
    at = [m.start() for m in re.finditer(re.escape(row), text)]
    return bool(at) and all(i + len(row) < len(text) and in_word(text[i + len(row)]) for i in at)


def cut_rows(app, lines: list[str]) -> list[str]:
    """The rows of the screen's text widgets whose last visible cell is inside a word that goes on
    past it (wrapped onto the next row, or truncated)."""
    screen, found = app.screen, []
    rows = [cells(line) for line in lines]
    for widget in screen.query("*"):
        text = source(widget)
        drawn = type(widget).render_line is not Widget.render_line  # a picture drawn line by line
        if not widget.display or not (drawn or (text and text.strip())):
            continue
        try:
            clip = screen.find_widget(widget).clip
        except Exception:  # not on screen
            continue
        box = widget.content_region.intersection(clip)
        for y in range(box.y, box.bottom):
            row = rows[y][box.x : box.right] if y < len(rows) else []
            if not row or not (in_word(row[-1]) or (row[-1] == "…" and len(row) > 1 and in_word(row[-2]))):
                continue
            text_row = "".join(row).strip()
            if cut_word(text_row) if drawn else goes_on(text, text_row):
                found.append(f"{type(widget).__name__}#{widget.id or ''} row {y}: {text_row!r}")
    return found


def check(app, lang: str, size: tuple[int, int], everything: list[str]) -> list[str]:
    """What is wrong with the screen at this beat (`everything` on it, as settle left it):
    narrated numbers missing from the scene's own area, numbers run together, rows cut mid-word."""
    screen = app.screen
    lines = everything[1 : screen.query_one(NarrationPanel).region.y]  # the scene's own area
    where = f"{screen.SCENE_ID} beat {screen.beat + 1} ({lang}, {size[0]}×{size[1]})"
    problems = []
    missing = [n for n in numbers(screen.beats[screen.beat].text) if n not in shown(lines)]
    if missing:
        problems.append(f"{where}: narrated {missing} not on screen")
    problems += [f"{where}: joined numbers in {line.strip()!r}" for line in lines if JOINED.search(line)]
    problems += [f"{where}: cut mid-word: {cut}" for cut in cut_rows(app, everything)]
    return problems


async def settle(pilot) -> list[str]:
    """Let the app handle what is queued, and what that queues, until the screen stops changing
    from one turn to the next. (pilot.pause waits for an idle CPU instead, which never comes while a
    model trains in its thread: a second per wait, three a key press.) The screen, as it stays."""
    before = None
    for _ in range(100):
        await pilot.pause(0)
        now = screen_lines(pilot.app)
        if now == before:
            return now
        before = now
    raise AssertionError("the screen never stopped changing")


async def press(pilot, *keys: str) -> list[str]:
    """Press `keys` as a viewer does, each drawn before the next: the screen after the last."""
    for key in keys:
        pilot.app.simulate_key(key)
        lines = await settle(pilot)
    return lines


async def walk(app, pilot, lang: str, size: tuple[int, int]) -> tuple[list[tuple[str, int]], list[str]]:
    """PageDown until the talk's last beat, checking every beat (a prediction beat before and
    after its reveal, with the first choice picked): the beats visited, and the problems."""
    visited: list[tuple[str, int]] = []
    problems: list[str] = []
    lines = await settle(pilot)
    while True:
        screen = app.screen
        assert isinstance(screen, SceneScreen)
        problems += check(app, lang, size, lines)
        if screen.asking is not None and screen.asking.verdict is None:
            lines = await press(pilot, "a", "pagedown")  # a viewer's pick, then the reveal: the same beat
            assert app.screen is screen and screen.asking.verdict is not None
            problems += check(app, lang, size, lines)
        visited.append((screen.SCENE_ID, screen.beat))
        lines = await press(pilot, "pagedown")
        if (getattr(app.screen, "SCENE_ID", None), getattr(app.screen, "beat", None)) == visited[-1]:
            return visited, problems  # the talk's last beat: PageDown stays


@pytest.mark.parametrize("name, root, lang, size", CASES)
async def test_every_narrated_number_is_on_screen_in_talk_order(name, root, lang, size):
    scenes = SceneParams()
    order = load_order(root, list(scenes))
    talk = load_talk(root / lang, scenes)
    app = NNTuiApp(order.scenes[0], talk, seed=0, beat=1, reduced_motion=True, lang=lang, order=order)
    async with app.run_test(size=size) as pilot:
        visited, problems = await walk(app, pilot, lang, size)
    assert not problems, "\n".join(problems)
    assert visited == [(s, i) for s in order.scenes for i in range(len(talk.get(s, [])) or 1)]


async def test_the_talk_without_its_questions_from_the_menu():
    """`--no-questions`, from the menu: PageDown visits every other beat in story order, and the
    numbers still hold where the skipped questions would have set them."""
    talk = load_talk(default_root() / "en", SceneParams())
    talk.questions = False
    app = NNTuiApp(None, talk, seed=0, reduced_motion=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await press(pilot, "pagedown")  # the menu's PgDn: the talk's first beat
        visited, problems = await walk(app, pilot, "en", (80, 24))
    assert not problems, "\n".join(problems)
    from nntui.scenes import built_scenes

    expected = [(s.id, i) for s in built_scenes() for i in range(len(talk[s.id]))]
    assert visited == expected and all(b.ask is None for s in talk for b in talk[s])
