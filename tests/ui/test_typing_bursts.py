"""Typing bursts into tokens' text box and next-token's prompt: many keys arriving at once (a
paste without bracketed paste, an IME commit, an SSH burst) land as typed, and the app goes idle.

The keys are posted all at once, before the app handles the first, as a terminal delivers a
burst; the box's Changed events then arrive after the box has moved on."""

import pytest
from textual import events

from tests.conftest import until

CASES = [("tokens", "#text", "text", 20_000), ("next-token", "#prompt", "prompt", 2000)]
BURSTS = [2, 300, 5000]


def burst(app, text: str) -> None:
    for ch in text:
        app.post_message(events.Key(ch, ch))


def words(n: int) -> str:
    return ("learn the weights " * (n // 18 + 1))[:n]


@pytest.mark.parametrize("scene, box_id, param, limit", CASES)
async def test_bursts_land_as_typed_and_the_app_goes_idle(make_app, scene, box_id, param, limit):
    app = make_app(scene)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        box = app.screen.query_one(box_id)
        for n in BURSTS:
            box.focus()
            box.value = ""
            await pilot.pause()
            typed = words(n)
            burst(app, typed)
            expected = typed[:limit]
            assert await until(pilot, lambda: box.value == expected and app.screen.values[param] == expected, 30), \
                (n, len(box.value), box.value[:40])
            # idle: nothing left in the screen's queue and the value stays put
            for _ in range(3):
                await pilot.pause()
            assert box.value == expected and app.screen.values[param] == expected
            assert app.screen._message_queue.qsize() == 0 and box._message_queue.qsize() == 0
        # a paste holding TAB and ESC: its first line lands, control characters and all
        box.value = ""
        await pilot.pause()
        box.post_message(events.Paste("a\tb\x1bc\nsecond line"))
        assert await until(pilot, lambda: app.screen.values[param] == "a\tb\x1bc")
        assert box.value == "a\tb\x1bc"
