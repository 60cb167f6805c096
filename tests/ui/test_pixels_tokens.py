"""Pilot tests of the pixels and tokens scenes."""

import numpy as np

from nntui.engine.datasets import boat_picture
from nntui.params import format_number
from tests.conftest import screen_lines, text_of



async def test_pixels_cursor_moves_values_and_index(make_app):
    app = make_app("pixels")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.focused is screen.query_one("PixelGrid")
        info = text_of(app, "#info")
        assert "16×16×3 = 768" in info and "(8·16 + 5)·3 + 0 = 399" in info
        pic = boat_picture(16)
        r, g, b = pic[8, 5]
        assert f"R {r}  G {g}  B {b}" in info
        await pilot.press("right", "down")  # cursor to row 9, col 6
        assert (screen.values["row"], screen.values["col"]) == (9, 6)
        info = text_of(app, "#info")
        assert "(9·16 + 6)·3 + 2 = 452" in info
        r, g, b = pic[9, 6]
        assert f"R {r}  G {g}  B {b}" in info
        vector = text_of(app, "#vector")
        assert "450" in vector and "452" in vector
        grid = screen.query_one("PixelGrid")  # the cursor in drawn pixels: the picture is enlarged k×
        assert grid.cursor == (9 * grid.cursor_size, 6 * grid.cursor_size)


async def test_pixels_resolution_reaches_196608(make_app):
    app = make_app("pixels")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("PixelGrid").pixels.shape[:2] == (16, 16)  # 80×24: not enlarged, nothing cut
        screen = "\n".join(screen_lines(app))
        assert "B: (8·16 + 5)·3 + 2 = 401" in screen and "the feature vector: 768 numbers" in screen
        await pilot.press("tab")  # the keys go to the parameters
        for _ in range(4):
            await pilot.press("right")  # 16 → 32 → 64 → 128 → 256
        assert app.screen.values["resolution"] == "256"
        assert "256×256×3 = 196608" in text_of(app, "#info")
        assert app.screen.query_one("PixelGrid").pixels.shape[0] < 256  # drawn smaller


async def test_pixels_gray_and_normalised(make_app):
    app = make_app("pixels")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("tab", "down", "right", "down", "right")
        assert app.screen.values["color"] == "gray" and app.screen.values["normalise"] == "0-1"
        info = text_of(app, "#info")
        assert "16×16×1 = 256" in info and "Y 0." in info


async def test_pixels_split_and_unroll_animation(make_app):
    app = make_app("pixels")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        grid = screen.query_one("PixelGrid")
        await pilot.press("full_stop")  # split into channels
        assert grid.pixels.shape[1] > 2 * grid.pixels.shape[0]  # three pictures side by side
        await pilot.press("full_stop", "full_stop")  # unrolling
        assert grid.dimmed > 0 and "unrolling" in text_of(app, "#vector")
        screen.model.finish()
        screen.update_view()
        assert grid.dimmed == 0


async def test_tokens_worked_example_on_screen(make_app):
    app = make_app("tokens")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        stages = text_of(app, "#stages")
        for word in ("how", "does", "neural", "network", "work"):
            assert word in stages
        assert "how: 0 · does: 1 · neural: 2 · network: 3 · work: 4" in stages
        assert "ids: [0, 1, 2, 3, 4]" in stages
        rows = [line.split()[1] for line in stages.splitlines() if line.split()[:1] in (["how"], ["does"], ["neural"], ["network"], ["work"])]
        assert rows == ["1····", "·1···", "··1··", "···1·", "····1"]  # the 5×5 identity


async def test_typing_text_updates_tokens_ids_and_one_hot(make_app):
    app = make_app("tokens")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("tab")
        assert app.screen.focused.id == "text"
        await pilot.press("end", *" neural", "enter")
        assert app.screen.values["text"] == "How does neural network work? neural"
        stages = text_of(app, "#stages")
        assert "ids: [0, 1, 2, 3, 4, 2]" in stages and "one-hot 6×5" in stages


async def test_tokenizer_changes_token_count(make_app):
    app = make_app("tokens")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "5 tokens" in text_of(app, "#stages")
        await pilot.press("down", "right")  # chars
        assert "29 tokens" in text_of(app, "#stages")
        await pilot.press("right")  # bpe, 40 merges
        bpe40 = text_of(app, "#stages")
        assert "merge 40:" in bpe40 and "20 tokens" in bpe40
        await pilot.press("down", "shift+right", "shift+right", "shift+right")  # 70 merges
        count = lambda s: int(s.split(" tokens:")[0].split()[-1])
        assert count(text_of(app, "#stages")) < count(bpe40)


def one_line(app) -> str:
    return " ".join(text_of(app, "#stages").split())


async def test_a_repeated_word_and_one_hot_times_e(make_app):
    """Beats 4–5: 6 tokens, a vocabulary of 5, the second "the" is id 0 again, its one-hot row
    × E is E[0], the first "the"'s vector; the key moving the token shows another row."""
    app = make_app("tokens", beat=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        stages = text_of(app, "#stages")
        assert "6 tokens" in stages and "vocabulary (5)" in stages and "one-hot 6×5" in stages
        assert "ids: [0, 1, 2, 3, 0, 4]" in stages
        rows = [line.split() for line in stages.splitlines() if line.split()[:1] in (["the"], ["on"])]
        assert [r[1] for r in rows] == ["1····", "···1·", "1····"]  # not the identity: "the" twice
        assert rows[0][2:] == rows[2][2:]  # the same vector for both
        E = screen.model.table.params["E"]
        shown = "[" + ", ".join(format_number(v, 2) for v in E[0, :4]) + "]"
        assert "token 4 “the”: [1 0 0 0 0] × E" in one_line(app) and f"= E[0] = {shown}" in one_line(app)
        await pilot.press(*["down"] * 5, "left")  # token # 4 → 3: "on", id 3
        assert screen.values["pick"] == 3
        shown = "[" + ", ".join(format_number(v, 2) for v in E[3, :4]) + "]"
        assert "token 3 “on”: [0 0 0 1 0] × E" in one_line(app) and f"= E[3] = {shown}" in one_line(app)


async def test_characters_keep_spaces_marks_and_emoji(make_app):
    app = make_app("tokens", beat=6)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        stages = text_of(app, "#stages")
        assert "31 tokens" in stages
        chips = stages.split("tokens:")[1].split("vocabulary")[0].split()
        assert chips[:4] == ["t", "h", "e", "␣"] and "." in chips and "猫" in chips and "🐱" in chips


async def test_bpe_vocabulary_is_fixed_and_nothing_is_lost(make_app):
    """Beats 7–8: 256 bytes + 40 merges = 296 tokens; an id is the same token in any text;
    猫 is three byte tokens, 🐱 four, and decoding gives the text back."""
    app = make_app("tokens", beat=7)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "256 bytes + 40 merges = 296 tokens" in one_line(app)
        await pilot.press("down", "down", "right")  # 41 merges
        assert "256 bytes + 41 merges = 297 tokens" in one_line(app)
        await pilot.press("left", "pagedown")
        assert app.screen.values["text"] == "the cat sat on the mat. 猫在垫子上 🐱"
        line = one_line(app)
        assert "<E7> <8C> <AB>" in line and "<F0> <9F> <90> <B1>" in line and " . " in line
        assert "decode(ids): the cat sat on the mat. 猫在垫子上 🐱 ✓ every byte back" in line
        the = line.split("␣the: ")[1].split()[0]
        await pilot.press("tab", "ctrl+a", *"I saw the dog", "enter")  # another text: the same id
        assert f"␣the: {the}" in one_line(app) and "✓ every byte back" in one_line(app)


async def test_any_text_works(make_app):
    app = make_app("tokens")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        for text in ["", "x" * 10_000, "🙂 emoji 🚣", "神经网络如何工作？", "tab\there\x00\x07 bell\nnew line"]:
            for tok in ("words", "chars", "bpe"):
                screen.set_params({"text": text, "tokenizer": tok})
                await pilot.pause()
                assert "Traceback" not in text_of(app, "#stages")
        screen.set_params({"text": "x " * 3000, "tokenizer": "words"})
        assert "…" in text_of(app, "#stages")


def empty_rows(app) -> int:
    """Blank rows in the scene's own area (between the title and the narration)."""
    view = app.screen.query_one("#view").region
    lines = screen_lines(app)[view.y : view.y + view.height]
    return sum(1 for line in lines if not line[view.x : view.right].strip())


async def test_pixels_picture_grows_with_the_terminal(make_app):
    """#18: at 120×36 the 16×16 boat is drawn at 32×32 (each pixel 2×2, the cursor too) and no
    more than a quarter of the scene's rows are empty (80×24: test_pixels_resolution_…)."""
    app = make_app("pixels")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        grid = app.screen.query_one("PixelGrid")
        assert grid.pixels.shape[:2] == (32, 32) and (grid.cursor, grid.cursor_size) == ((16, 10), 2)
        assert empty_rows(app) <= app.screen.query_one("#view").region.height // 4
        await pilot.press("right")
        assert grid.cursor == (16, 12) and "(8·16 + 6)·3 + 2 = 404" in text_of(app, "#info")
        await pilot.press("full_stop", "full_stop", "full_stop")  # split, then unroll an eighth
        assert grid.block == 2 and grid.dimmed == 32  # two picture rows, counted in its pixels
        assert grid.is_dimmed(3, 31) and not grid.is_dimmed(4, 0)


async def test_tokens_fill_the_screen_at_120x36(make_app):
    """The table E itself fills the room the one-hot rows leave."""
    app = make_app("tokens")
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert "E 5×4, one row per id:" in text_of(app, "#stages")
        assert empty_rows(app) <= app.screen.query_one("#view").region.height // 4
