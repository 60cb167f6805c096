"""Hostile input, as an attacker would try it: files built in a temporary folder at test time
(zip bombs, lying array headers, deep TOML, FIFOs, devices, symbolic link loops, decompression
bombs, markup in file names) and command lines that must be refused.

Every case must end in one line on stderr naming the problem and exit code 2, with no
traceback, and without allocating more than BOUND on the way: the cases run one after another
through `nntui.cli.main` in ONE subprocess whose address space is capped with `prlimit --as`
(interpreter, NumPy, Pillow and Textual included), so the table takes a few seconds, not one
interpreter start a case.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
import zlib

import numpy as np
import pytest

BOUND = 256 * 1024 * 1024  # bytes of address space the whole refusing process may use
PRLIMIT = shutil.which("prlimit")

# argv (with {t} for the temporary folder), words the one line of stderr must hold
CASES = [
    # weights (.npz)
    (["next-token", "--weights", "{t}/bomb.npz"], "too large for a weights file once unpacked"),
    (["next-token", "--weights", "{t}/claims.npz"], "header does not describe its data"),
    (["next-token", "--weights", "{t}/context.npz"], "bad shape"),
    (["next-token", "--weights", "{t}/zerod.npz"], "'vocab' is a"),
    (["next-token", "--weights", "{t}/strings.npz"], "unexpected array 'param:0.E'"),
    (["next-token", "--weights", "{t}/structured.npz"], "not numbers or text"),
    (["next-token", "--weights", "{t}/intvocab.npz"], "'vocab' is a"),
    (["next-token", "--weights", "{t}/other.npz"], "saved for another text"),
    (["next-token", "--weights", "{t}/fifo"], "not a regular file"),
    (["next-token", "--weights", "{t}/loop"], "symbolic link loop"),
    (["next-token", "--weights", "/dev/zero"], "not a regular file"),
    # scripts (--script DIR)
    (["neuron", "--script", "{t}/deep"], "nested too deeply"),
    (["neuron", "--script", "{t}/fifo-script"], "not a regular file"),
    (["neuron", "--script", "{t}/zero-script"], "not a regular file"),
    (["neuron", "--script", "{t}/loop-script"], "symbolic link loop"),
    (["neuron", "--script", "{t}/loop-talk"], "symbolic link loop"),
    (["neuron", "--script", "{t}/loop"], "no such folder"),
    # pictures (--image)
    (["pixels", "--image", "{t}/loop"], "symbolic link loop"),
    (["pixels", "--image", "{t}/bomb.png"], "too large to open safely"),
    (["pixels", "--image", "{t}/big.png"], "too large to open safely"),
    (["pixels", "--image", "{t}/fifo"], "not a regular file"),
    # corpus (--corpus)
    (["next-token", "--corpus", "{t}/loop"], "symbolic link loop"),
    (["next-token", "--corpus", "{t}/fifo"], "not a regular file"),
    (["next-token", "--corpus", "/dev/zero"], "not a regular file"),
    # --screenshot
    (["neuron", "--screenshot", ""], "needs a file name"),
    (["neuron", "--screenshot", "."], "a folder"),
    (["neuron", "--screenshot", "{t}/"], "a folder"),
    (["neuron", "--screenshot", "{t}/fifo"], "not a regular file"),
    (["neuron", "--screenshot", "{t}/null.svg"], "not a regular file"),  # a link to /dev/null
    (["neuron", "--screenshot", "{t}/" + "n" * 300 + ".svg"], "file name too long"),
    # web options, typed values, the terminal
    (["--web", "--po", "8123"], "unrecognized arguments: --po"),
    (["--web", "--max-sessions", "0"], "max-sessions must be between"),
    (["--max-sessions", "3"], "go with --web"),
    (["neuron", "--set", "w1=[link=a:b]x"], "needs a number, not '[link=a:b]x'"),
    (["neuron"], "needs a terminal"),  # stdin is not one
]

DRIVER = r"""
import contextlib, io, json, sys, traceback
from nntui.cli import main

results = []
for argv in json.loads(sys.argv[1]):
    err = io.StringIO()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            code = main(argv)
    except BaseException:
        code, err = -1, io.StringIO(err.getvalue() + traceback.format_exc())
    results.append((code, err.getvalue()))
print(json.dumps(results))
"""


def npz(path, **arrays) -> None:
    np.savez(path, **arrays)


def npy_member(z: zipfile.ZipFile, name: str, header: dict, data: bytes) -> None:
    with z.open(name, "w") as fp:
        np.lib.format.write_array_header_1_0(fp, header)
        fp.write(data)


def png(path, width: int, height: int) -> None:
    """A PNG that claims width×height pixels (the data is a few bytes: the open must refuse it)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
                     + chunk(b"IEND", b""))


def build(t) -> None:
    """Every hostile file of the table, in the folder t."""
    from nntui.engine.lm import Config, LanguageModel, make_vocab, tokenize
    from nntui.engine.rng import Rng
    from nntui.engine.text import corpus

    vocab = np.array(make_vocab(tokenize(corpus(), "char")))
    good = dict(vocab=vocab, level=np.array("char"), shape=np.array([3, 10, 96]))
    with zipfile.ZipFile(t / "bomb.npz", "w", zipfile.ZIP_DEFLATED) as z:  # 200 MB of zeros in ~200 KB
        with z.open("vocab.npy", "w", force_zip64=True) as fp:
            for _ in range(200):
                fp.write(bytes(1_000_000))
    with zipfile.ZipFile(t / "claims.npz", "w") as z:  # a header claiming 10¹² numbers
        for name, value in good.items():
            with z.open(f"{name}.npy", "w") as fp:
                np.lib.format.write_array(fp, value)
        npy_member(z, "param:0.E.npy", {"descr": "<f8", "fortran_order": False, "shape": (10**12,)}, bytes(16))
    npz(t / "context.npz", **{**good, "shape": np.array([10**6, 10, 96])})
    npz(t / "zerod.npz", **{**good, "vocab": np.array("abc")})
    npz(t / "strings.npz", **good, **{"param:0.E": np.array(["x"] * 4)})
    with zipfile.ZipFile(t / "structured.npz", "w") as z:  # a structured dtype, its data cut short
        npy_member(z, "vocab.npy", {"descr": [("a", "<U4"), ("b", "<f8")], "fortran_order": False, "shape": (9,)}, b"")
    npz(t / "intvocab.npz", **{**good, "vocab": np.arange(40)})
    other = "zebras quietly jump over lazy foxes, " * 10  # another text, another vocabulary
    LanguageModel(other, Config("char", 3, 10, 96), Rng(0)).save(t / "other.npz")
    os.mkfifo(t / "fifo")
    os.symlink(t / "loop2", t / "loop")
    os.symlink(t / "loop", t / "loop2")
    os.symlink("/dev/null", t / "null.svg")
    for name in ("deep", "fifo-script", "zero-script", "loop-script", "loop-talk"):
        (t / name / "en").mkdir(parents=True)
    (t / "deep" / "en" / "neuron.toml").write_text("x = " + "[" * 5000 + "]" * 5000)
    os.mkfifo(t / "fifo-script" / "en" / "neuron.toml")
    os.symlink("/dev/zero", t / "zero-script" / "en" / "neuron.toml")
    os.symlink(t / "loop", t / "loop-script" / "en" / "neuron.toml")
    (t / "loop-talk" / "en" / "neuron.toml").write_text("[[beat]]\ntitle = 'a'\ntext = 'b'\n")
    os.symlink(t / "loop", t / "loop-talk" / "talk.toml")
    png(t / "bomb.png", 100_000, 100_000)  # 10¹⁰ pixels: Pillow's own refusal
    png(t / "big.png", 6000, 6000)  # 36 MP: over our 30 MP limit, under Pillow's error limit (its warning)


def run_table(tmp_path, cases) -> list[tuple[int, str]]:
    argvs = [[a.replace("{t}", str(tmp_path)) for a in argv] for argv, _words in cases]
    limit = [PRLIMIT, f"--as={BOUND}"] if PRLIMIT else []
    r = subprocess.run([*limit, sys.executable, "-c", DRIVER, json.dumps(argvs)], capture_output=True,
                       text=True, timeout=120, stdin=subprocess.DEVNULL, cwd=tmp_path)
    assert r.returncode == 0, r.stderr[-3000:]
    return json.loads(r.stdout.splitlines()[-1])


@pytest.mark.skipif(PRLIMIT is None, reason="needs util-linux prlimit")
def test_hostile_inputs_are_one_line_exit_2_within_the_memory_bound(tmp_path):
    build(tmp_path)
    results = run_table(tmp_path, CASES)
    failures = []
    for (argv, words), (code, err) in zip(CASES, results):
        lines = err.strip().splitlines()
        ok = (code == 2 and len(lines) == 1 and lines[0].startswith("nntui: error: ") and words in lines[0]
              and "Traceback" not in err)
        if not ok:
            failures.append(f"{' '.join(argv)[:90]} → {code}: {err.strip()[-300:]!r}")
    assert not failures, f"{len(failures)} of {len(CASES)} cases failed:\n" + "\n".join(failures)
    assert not list(tmp_path.glob("*.svg.part")) and (tmp_path / "fifo").is_fifo()
    assert os.path.islink(tmp_path / "null.svg")  # the device link is still a link


def test_markup_in_file_names_is_shown_literally(tmp_path):
    """A corpus and a picture whose names hold markup: they load, and the names (in the large
    corpus's toast) show as written."""
    corpus = tmp_path / "[link=a:b]c[x].txt"
    corpus.write_text(("the boat sails on the sea. " * 40 + "\n") * 1000)  # > 1,000,000 characters: a toast
    out = tmp_path / "out.svg"
    r = subprocess.run([sys.executable, "-m", "nntui", "next-token", "--corpus", str(corpus), "--screenshot",
                        str(out), "--size", "120x40"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "Traceback" not in r.stderr, r.stderr[-2000:]
    svg = out.read_text(encoding="utf-8").replace("&#160;", " ")
    assert "[link=a:b]c[x].txt" in svg
