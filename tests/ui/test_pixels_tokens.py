"""Pilot tests of the pixels and tokens scenes."""

import numpy as np

from nntui.engine.datasets import boat_picture
from tests.conftest import text_of



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
        assert screen.query_one("PixelGrid").cursor == (9, 6)


async def test_pixels_resolution_reaches_196608(make_app):
    app = make_app("pixels")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
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
        assert "merge 40:" in bpe40
        await pilot.press("down", "shift+right", "shift+right", "shift+right")  # 70 merges
        count = lambda s: int(s.split(" tokens:")[0].split()[-1])
        assert count(text_of(app, "#stages")) <= count(bpe40)


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
