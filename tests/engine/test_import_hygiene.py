"""The engine is pure NumPy: importing it must not load Textual or Rich."""

import subprocess
import sys


def test_engine_imports_without_textual():
    code = "import sys, nntui.engine; bad = [m for m in ('textual', 'rich') if m in sys.modules]; print(bad)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
