"""The message catalogues: every interface string the code shows has a translation, the
translations keep their {fields}, and a zh app shows its footer, help and scenes in Chinese."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest
from textual.binding import BindingsMap

from nntui import i18n
from nntui.app import NNTuiApp
from nntui.scenes import SCENES, built_scenes
from tests.conftest import screen_lines, screen_text

PACKAGE = Path(i18n.__file__).parent
LANGUAGES = sorted(p.stem for p in i18n.MESSAGES.glob("*.toml"))


def marked_in_code() -> dict[str, str]:
    """Every string literal passed to _() or N_() in the package, with where it is."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_"):
                arg = node.args[0]
                assert not isinstance(arg, ast.JoinedStr), f"{path}:{node.lineno}: _() of an f-string cannot be translated"
                if isinstance(arg, ast.Constant):
                    found[arg.value] = f"{path.name}:{node.lineno}"
    return found


def declared() -> set[str]:
    """Words declared as data: scene titles and summaries, parameter labels and help."""
    words = {w for s in SCENES for w in (s.title, s.summary)}
    for info in built_scenes():
        for p in info.model_class().PARAMS:
            words |= {p.label, p.help} - {""}
    return words


def fields(text: str) -> set[str]:
    return {f for _t, f, _s, _c in string.Formatter().parse(text) if f is not None}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_marked_string_has_a_translation_and_none_is_stale(lang):
    catalogue = i18n.catalogue(lang)
    code = marked_in_code()
    missing = sorted(f"{where}: {text!r}" for text, where in code.items() if text not in catalogue)
    missing += sorted(repr(w) for w in declared() if w not in catalogue)
    assert not missing, f"{lang}: no translation for:\n" + "\n".join(missing)
    bindings = binding_words()
    stale = sorted(k for k in catalogue if k not in code and k not in declared() and k not in bindings)
    assert not stale, f"{lang}: translations nothing uses: {stale}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_choice_of_every_parameter_is_translated_and_none_is_stale(lang):
    values = {p.format(c) for info in built_scenes() for p in info.model_class().PARAMS for c in p.choices}
    shown = i18n.choices(lang)
    assert not sorted(values - set(shown)), f"{lang}: choices without a translation"
    assert not sorted(set(shown) - values), f"{lang}: translated choices no parameter has"
    assert all(v.strip() for v in shown.values())


async def test_a_zh_panel_shows_choices_in_chinese_and_the_command_line_keeps_them_english():
    app = NNTuiApp("neuron", lang="zh")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            panel = str(app.screen.panel.render())
            assert "划船" in panel and "boating" not in panel and "阶跃" in panel  # preset, activation
            assert "^p 命令面板" in screen_lines(app)[-1]  # the key bar's palette key, in Chinese too
            await pilot.press("right")  # the next preset: lazy
            await pilot.pause()
            assert "懒人" in str(app.screen.panel.render()) and app.screen.values["preset"] == "lazy"
            await pilot.press("c")
            await pilot.pause()
            assert "preset=lazy" in app.screen.query_one("#command").command
    finally:
        i18n.use("en")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translations_keep_their_fields(lang):
    for english, translated in i18n.catalogue(lang).items():
        assert translated.strip(), f"{english!r} is translated as nothing"
        assert fields(english) == fields(translated), f"{english!r} → {translated!r}: fields differ"


def binding_words() -> set[str]:
    """Descriptions and tooltips of the key bindings of nntui's own screens and widgets."""
    from nntui.app import HelpScreen, HomeScreen
    from nntui.widgets.ask import AskBar
    from nntui.widgets.numpy_panel import NumpyScreen
    from nntui.widgets.value_editor import CommandScreen, ValueEditor
    import inspect
    import sys

    classes = [NNTuiApp, HomeScreen, HelpScreen, ValueEditor, CommandScreen, AskBar, NumpyScreen]
    for info in built_scenes():
        module = sys.modules[info.screen_class().__module__]
        classes += [c for _n, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == module.__name__]
    words = {"palette"}  # the command palette's key, which Textual's App binds in __init__
    for cls in classes:
        by_key = {}  # its own bindings and those it inherits, a subclass's replacing its base's
        for base in reversed(cls.__mro__):
            by_key |= BindingsMap(base.__dict__.get("BINDINGS", ())).key_to_bindings
        for bindings in by_key.values():
            for binding in bindings:
                words |= {binding.description, binding.tooltip} - {""}
    return words


def test_every_key_binding_has_a_translation():
    catalogue = i18n.catalogue("zh")
    assert not sorted(w for w in binding_words() if w not in catalogue)


async def test_a_zh_app_shows_footer_help_panels_and_decisions_in_chinese():
    app = NNTuiApp("neuron", lang="zh")
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            text = screen_text(app)
            assert "参数" in text  # the parameter panel's title
            assert "播放" in text and "下一步" in text  # footer: Play, Next
            assert "去划船" in text  # the boating neuron's decision, z = 4 ≥ 0
            assert "z = 4" in text
            await pilot.press("question_mark")
            await pilot.pause()
            help_text = screen_text(app)
            assert "播放 / 暂停动画" in help_text and "Play / pause" not in help_text
            await pilot.press("escape", "j", "equals_sign")  # x1
            await pilot.pause()
            await pilot.press("ctrl+a", "ctrl+k", *"99", "enter")
            await pilot.pause()
            assert "x1 = 99.0 超出范围 [−5, 5]" in str(app.screen.query_one("#error").render())
    finally:
        i18n.use("en")
