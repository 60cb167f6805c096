"""The wheel carries the walkthrough scripts, and an installed package finds them."""

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_wheel_ships_narration(tmp_path):
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True, text=True, timeout=300,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("nntui-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    scripts = sorted(p.relative_to(ROOT / "scenes").as_posix() for p in (ROOT / "scenes").rglob("*.toml"))
    assert scripts, "no narration in the source tree"
    for rel in scripts:
        assert f"nntui/_scenes/{rel}" in names
    assert "nntui/nntui.tcss" in names

    # Installed into a plain target folder (no venv), the package finds its scripts there.
    target = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(target)
    code = "from nntui.narration import default_root; print(default_root())"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                         capture_output=True, text=True, check=True)
    root = Path(out.stdout.strip())
    assert root == target / "nntui" / "_scenes" and (root / "en" / "neuron.toml").is_file()
