"""Fuzz: mutated sample files through the command line, in process.

Acceptance (issue 6): every mutated input ends in a result or in an error
naming the file, with exit 0, 1 or 2, never a traceback, never a hang.

A deterministic mutation loop over a copy of the samples: the criteria in
criteria/, the candidates in candidates/ and a panel file. Each case
mutates one of those files (bytes or YAML tokens: lines deleted,
duplicated, swapped or re-indented; scalars replaced by huge numbers,
1e309, .nan, explicit tags, control characters, very long strings, deep
nesting, anchors; non-UTF-8 bytes; an empty or truncated file; the file
replaced by a symbolic link to a device, a FIFO or a folder) and runs
`validate`, `rank` (the formats in turn, to a file) and, for a candidate,
`score` through click's CliRunner. On a small fraction of the cases a PDF
command (`scorecard` or `ranklist`) runs too: WeasyPrint takes a second.

Each case has a time bound (SIGALRM, 20 s). Checked after every command:
no uncaught exception (PARITRANA_DEBUG=1, so the CLI's last-resort handler
re-raises instead of printing "Internal error"), exit code 0, 1 or 2, no
"Traceback" in the output, an exit 1 names an input file, every `Error:`
and `FAILED` line names a file, no input file changed, and a successful
`rank -o` wrote its file (a CSV whose rows all have the header's width, a
workbook without formula cells), and no raw control character (ESC, BEL,
CSI, a bidi override) reaches the terminal. Every failure is collected and grouped by class,
with the case to replay it.

Environment:
  PARITRANA_FUZZ_CASES    number of cases (default 1000; long mode e.g. 20000)
  PARITRANA_FUZZ_SEED     base seed (default 6)
  PARITRANA_FUZZ_ONLY     run only these case numbers (comma-separated), to replay
  PARITRANA_FUZZ_TIMEOUT  seconds per case (default 20)
  PARITRANA_FUZZ_PDF      fraction of cases that also render a PDF (default 0.004)
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main

ROOT = Path(__file__).resolve().parent.parent
CASES = int(os.environ.get("PARITRANA_FUZZ_CASES", "1000"))
SEED = int(os.environ.get("PARITRANA_FUZZ_SEED", "6"))
ONLY = {int(x) for x in os.environ.get("PARITRANA_FUZZ_ONLY", "").split(",") if x.strip()}
TIMEOUT = int(os.environ.get("PARITRANA_FUZZ_TIMEOUT", "20"))
PDF_RATE = float(os.environ.get("PARITRANA_FUZZ_PDF", "0.004"))

PANEL = """\
# Interview scores of the kabupaten/kota panel, 2022 round (fuzz seed)
date: 2023-02-20
assessors: [Nama Penilai 1, Nama Penilai 2, Nama Penilai 3]
scores:
  kota-langsa:
    pemahaman: [4, 5, 4]
  kota-medan:
    pemahaman: [3, 4, 4]
"""

RANK_OUTPUTS = ("out.csv", "out.json", "out.xlsx", "out.txt")
# An input named as messages name it: `candidates/x.yaml:3:1: ...`,
# `panel: folder ...`, `kota-x (candidates/x.yaml): ...`.
NAMES_FILE = re.compile(r"(?<![\w-])(?:criteria|candidates|panel)(?:/[^\s:()]+)?[:)]")

# --------------------------------------------------------------------------
# Mutations. Each takes the file's bytes and a Random and returns new bytes
# and a short description (enough, with the case number, to replay it).
# --------------------------------------------------------------------------

HUGE = "1" + "0" * 309
SCALARS = [
    HUGE,
    "-" + HUGE,
    "1e309",
    "-1e309",
    ".nan",
    ".inf",
    "-.inf",
    "1.0e+26",
    "1e26",
    "9" * 40,
    "-0",
    "0x1F",
    "0o17",
    "1_000",
    "120.000",
    "484.646.400",
    "1,5",
    "94%",
    "Rp 484.646.400",
    "ya",
    "~",
    "null",
    "[]",
    "{}",
    "''",
    '""',
    "yes",
    "2022-13-45",
    "20/02/2023",
    "-5",
    "0",
    "0.0000001",
    "2.5",
    "true",
    "!!timestamp yesterday",
    "!!bool maybe",
    "!!int x",
    "!!float y",
    "!!binary abc",
    "!!python/object:os.system",
    "!foo bar",
    "!!str 5",
    "!!null x",
    "!!timestamp 2022-02-30",
    "!!map x",
    "!!seq 1",
    "!!set {a}",
    "!!omap [a: 1]",
    "!!float 1e400",
    "!!int 0b102",
    '"Kota\\x07Medan"',
    '"Kota\\0Medan"',
    '"Kota\\eMedan"',
    '"Kota Medan\\r=1+1"',
    '"a\\u202eb"',
    '"=HYPERLINK(\\"http://127.0.0.1/x\\",\\"y\\")"',
    "+1+1",
    "=2*3",
    '"\\t=1"',
    '"kabupaten-\\x1b]0;pwned\\x07kota"',
    '"\\x9b31m"',
    '"\\ud800"',
    "&a x",
    "*a",
    "&a [1, 2]",
    "<<: {a: 1}",
]


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True) or [b"\n"]


def m_delete_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    del lines[i]
    return b"".join(lines), f"delete line {i + 1}"


def m_duplicate_line(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    times = rng.choice([1, 1, 2, 50, 2000])
    lines[i : i + 1] = [lines[i]] * (times + 1)
    return b"".join(lines), f"duplicate line {i + 1} x{times}"


def m_swap_lines(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]
    return b"".join(lines), f"swap lines {i + 1} and {j + 1}"


def m_indent(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    lines = _lines(data)
    i = rng.randrange(len(lines))
    how = rng.choice(["+1", "+2", "-1", "-2", "tab", "tab-all"])
    if how == "tab-all":
        lines = [re.sub(rb"^(  )+", lambda m: b"\t" * (len(m.group(0)) // 2), x) for x in lines]
    elif how == "tab":
        lines[i] = b"\t" + lines[i].lstrip(b" ")
    elif how.startswith("+"):
        lines[i] = b" " * int(how[1]) + lines[i]
    else:
        n = int(how[1])
        lines[i] = lines[i][n:] if lines[i].startswith(b" " * n) else lines[i]
    return b"".join(lines), f"indent {how} line {i + 1}"


_VALUE = re.compile(rb"(:[ \t]+|- )([^\s#&*!|>][^\n#]*)")


def _put(data: bytes, m: re.Match[bytes], group: int, new: bytes) -> tuple[bytes, int]:
    """`data` with match group `group` replaced by `new`, and its line."""
    line = data[: m.start(group)].count(b"\n") + 1
    return data[: m.start(group)] + new + data[m.end(group) :], line


def m_scalar(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    spots = list(_VALUE.finditer(data))
    if not spots:
        return data + b"\nx: " + rng.choice(SCALARS).encode() + b"\n", "append scalar"
    m = rng.choice(spots)
    new = rng.choice(SCALARS)
    out, line = _put(data, m, 2, new.encode("utf-8"))
    return out, f"line {line}: value -> {new[:60]!r}"


_NUMBER = re.compile(rb"(?<=[:\[,-] )(-?[0-9][0-9_.eE+-]*)(?=[\s,\]}#]|$)", re.M)
NUMBERS = [
    HUGE,
    "-" + HUGE,
    "1e309",
    "-1e309",
    ".nan",
    ".inf",
    "-.inf",
    "1.0e+26",
    "1e26",
    "1e-320",
    "9" * 30,
    "-1",
    "0",
    "-0.0",
    "120.000",
    "1.200.000",
    "2.500",
    "1_000",
    "0x10",
    "3.0",
    "2147483648",
    "!!float 1e309",
    "!!int " + HUGE,
    "1.5e15",
    "18446744073709551617",
    "1e16",
    "0.1e-5",
]


def m_number(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Replace a number the validator reads by an extreme or odd one."""
    spots = list(_NUMBER.finditer(data))
    if not spots:
        return m_scalar(data, rng)
    m = rng.choice(spots)
    new = rng.choice(NUMBERS)
    out, line = _put(data, m, 0, new.encode())
    return out, f"line {line}: number {m.group().decode()!r} -> {new[:40]!r}"


_TEXT = re.compile(
    rb"^([ \t]*(?:- )?(?:name|province|zone|id|en|title|document|category|assessors)"
    rb"[ \t]*:[ \t]+)([^\n#]+)$",
    re.M,
)
TEXTS = [
    '"Kota\\x07Medan"',
    '"Kota\\0Medan"',
    '"Kota\\eMedan"',
    '"Kota Medan\\r=1+1"',
    '"Kota Medan\\n=1+1"',
    '"a\\u202eb"',
    '"=HYPERLINK(\\"http://127.0.0.1/x\\",\\"y\\")"',
    '"+1+1"',
    '"=2*3"',
    '"-2+3"',
    '"@SUM(A1)"',
    '"\\t=1"',
    '"\\r=1"',
    '"kabupaten-\\x1b]0;pwned\\x07kota"',
    '"\\x9b31m"',
    '"\\x1b[2J"',
    '"<b>x</b>"',
    '"{{ 7*7 }}"',
    '"url(file:///etc/passwd)"',
    "Kota ",
    '"  "',
    '""',
    "x" * 2000,
    "Ω" * 300,
    "😀",
    '"\\u0085"',
]


def m_text(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    """Replace a text a reader sees (a name, a label, an id) by a hostile one."""
    spots = list(_TEXT.finditer(data))
    if not spots:
        return m_scalar(data, rng)
    m = rng.choice(spots)
    new = rng.choice(TEXTS)
    out, line = _put(data, m, 2, new.encode())
    return out, f"line {line}: {m.group(1).decode().strip()} {new[:50]!r}"


def m_control(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    spots = list(_VALUE.finditer(data))
    char = rng.choice(
        [
            b"\x00",
            b"\x07",
            b"\x1b",
            b"\r",
            b"\x7f",
            b"\x0b",
            b"\x1b[31m",
            "\u202e".encode(),
            "\u0085".encode(),
            "\ufeff".encode(),
        ]
    )
    if not spots:
        return char + data, f"control {char!r} at start"
    m = rng.choice(spots)
    pos = rng.randrange(m.start(2), m.end(2) + 1)
    line = data[:pos].count(b"\n") + 1
    return data[:pos] + char + data[pos:], f"line {line}: raw {char!r} inserted"


def m_long_string(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    spots = list(_VALUE.finditer(data))
    n = rng.choice([300, 5_000, 30_000, 200_000])
    word = rng.choice(["x", "ab ", "Kota Medan "])
    text = (word * (n // len(word) + 1))[:n].strip() or "x"
    if not spots:
        return data + f"\nname: {text}\n".encode(), f"append long string {n}"
    out, line = _put(data, rng.choice(spots), 2, text.encode())
    return out, f"line {line}: string of {n}"


def m_nesting(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    depth = rng.choice([5, 33, 100, 1_000, 20_000])
    kind = rng.choice(["list", "map", "block"])
    if kind == "list":
        value = "[" * depth + "1" + "]" * depth
    elif kind == "map":
        value = "{a: " * depth + "1" + "}" * depth
    else:
        d = min(depth, 300)
        value = "\n" + "".join("  " * (i + 1) + "a:\n" for i in range(d)) + "  " * (d + 1) + "b: 1"
    spots = list(_VALUE.finditer(data))
    if not spots:
        return data + f"\nx: {value}\n".encode(), f"append {kind} nesting {depth}"
    out, line = _put(data, rng.choice(spots), 2, value.encode())
    return out, f"line {line}: {kind} nesting {depth}"


def m_bytes(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    how = rng.choice(
        [
            "non-utf8",
            "flip",
            "truncate",
            "empty",
            "nul",
            "bom",
            "crlf",
            "latin1",
            "only-comment",
            "binary",
        ]
    )
    pos = rng.randrange(len(data) + 1)
    if how == "non-utf8":
        bad = rng.choice([b"\xff\xfe", b"\xc3\x28", b"\x80", b"\xed\xa0\x80"])
        return data[:pos] + bad + data[pos:], f"byte {pos}: {bad!r} inserted"
    if how == "flip" and data:
        i = min(pos, len(data) - 1)
        return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[
            i + 1 :
        ], f"byte {i} flipped"
    if how == "truncate":
        return data[:pos], f"truncated at byte {pos}"
    if how == "nul":
        return data[:pos] + b"\x00" + data[pos:], f"NUL at byte {pos}"
    if how == "bom":
        return b"\xef\xbb\xbf" + data, "UTF-8 BOM"
    if how == "crlf":
        return data.replace(b"\n", b"\r\n"), "CRLF line ends"
    if how == "latin1":
        return data.decode("utf-8", "replace").encode(
            "latin-1", "replace"
        ) + b"\xe9\n", "re-encoded as Latin-1"
    if how == "only-comment":
        return b"# nothing here\n", "only a comment"
    if how == "binary":
        return bytes(rng.randrange(256) for _ in range(200)), "200 random bytes"
    return b"", "empty file"


MUTATIONS: list[Callable[[bytes, random.Random], tuple[bytes, str]]] = [
    m_delete_line,
    m_duplicate_line,
    m_swap_lines,
    m_indent,
    m_scalar,
    m_scalar,
    m_number,
    m_number,
    m_text,
    m_text,
    m_control,
    m_long_string,
    m_nesting,
    m_bytes,
    m_bytes,
]

SPECIAL = ["/dev/null", "/dev/zero", "fifo", "folder", "broken", "other-input"]

# --------------------------------------------------------------------------
# The loop
# --------------------------------------------------------------------------


class Timeout(BaseException):
    """Raised by SIGALRM; a BaseException so no `except Exception` eats it."""


@dataclass
class Failure:
    case: int
    command: str
    what: str  # the class, e.g. "OverflowError at scoring/validate/_common.py:120"
    mutation: str
    detail: str = ""


@dataclass
class Workspace:
    root: Path
    originals: dict[Path, bytes] = field(default_factory=dict)

    @classmethod
    def make(cls, root: Path) -> Workspace:
        shutil.copytree(ROOT / "criteria", root / "criteria")
        shutil.copytree(ROOT / "candidates", root / "candidates")
        (root / "panel").mkdir()
        (root / "panel" / "2022-kabupaten-kota.yaml").write_text(PANEL, encoding="utf-8")
        ws = cls(root)
        for folder in ("criteria", "candidates", "panel"):
            for p in sorted((root / folder).glob("*.yaml")):
                ws.originals[p] = p.read_bytes()
        return ws

    def targets(self) -> list[Path]:
        return list(self.originals)

    def restore(self) -> None:
        for folder in ("criteria", "candidates", "panel"):
            for p in (self.root / folder).iterdir():
                if p not in self.originals:
                    _remove(p)
        for p, data in self.originals.items():
            if p.is_symlink() or not p.is_file() or p.read_bytes() != data:
                _remove(p)
                p.write_bytes(data)
        out = self.root / "out"
        if out.exists() or out.is_symlink():
            _remove(out)
        for name in RANK_OUTPUTS + ("list.pdf",):
            (self.root / name).unlink(missing_ok=True)


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p)
    else:
        p.unlink(missing_ok=True)


def _mutate(ws: Workspace, rng: random.Random) -> tuple[Path, str]:
    """Mutate one input file in place; return it and what was done."""
    roll = rng.random()
    pool = ws.targets()
    if roll < 0.55:
        target = rng.choice([p for p in pool if p.parent.name == "candidates"])
    elif roll < 0.8:
        target = rng.choice([p for p in pool if p.parent.name == "criteria"])
    else:
        target = rng.choice([p for p in pool if p.parent.name == "panel"])
    rel = target.relative_to(ws.root).as_posix()
    if rng.random() < 0.03:
        kind = rng.choice(SPECIAL)
        target.unlink()
        if kind == "fifo":
            os.mkfifo(target)
        elif kind == "folder":
            target.mkdir()
        elif kind == "broken":
            target.symlink_to(ws.root / "nowhere.yaml")
        elif kind == "other-input":
            other = rng.choice([p for p in pool if p != target])
            target.symlink_to(other)
        else:
            target.symlink_to(kind)
        return target, f"{rel}: replaced by {kind}"
    data = ws.originals[target]
    done = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        data, what = rng.choice(MUTATIONS)(data, rng)
        done.append(what)
    if rng.random() < 0.03:  # a second candidate file with the same content
        (target.parent / f"zz-copy{target.suffix}").write_bytes(data)
        done.append("copied as zz-copy")
    target.write_bytes(data)
    return target, f"{rel}: " + "; ".join(done)


def _frame(frame: traceback.FrameSummary) -> str:
    name = frame.filename
    for marker in (str(ROOT) + "/", "site-packages/"):
        if marker in name:
            name = name.split(marker, 1)[1]
    return f"{name}:{frame.lineno} ({frame.name})"


def _where(exc: BaseException) -> str:
    """The innermost frame, and the innermost of paritrana's when that differs."""
    frames = traceback.extract_tb(exc.__traceback__)
    if not frames:
        return "?"
    ours = [f for f in frames if str(ROOT) in f.filename and "site-packages" not in f.filename]
    where = _frame(frames[-1])
    if ours and ours[-1] is not frames[-1]:
        where += f" from {_frame(ours[-1])}"
    return where


@pytest.fixture()
def alarm() -> Iterator[None]:
    def ring(signum: int, frame: object) -> None:
        raise Timeout(f"no result within {TIMEOUT} s")

    old = signal.signal(signal.SIGALRM, ring)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _commands(case: int, target: Path, rng: random.Random) -> list[list[str]]:
    rank_out = RANK_OUTPUTS[case % len(RANK_OUTPUTS)]
    commands = [["validate"], ["rank", "-o", rank_out]]
    if target.parent.name == "candidates":
        commands.append(["score", target.relative_to(target.parents[1]).as_posix()])
    if rng.random() < PDF_RATE:
        if rng.random() < 0.5:
            commands.append(["scorecard", "-o", "out", "--jobs", "1", "kota-langsa"])
        else:
            commands.append(["ranklist", "-o", "list.pdf"])
    return commands


def _check(
    case: int, args: list[str], result, mutation: str, ws: Workspace, expected: dict[Path, bytes]
) -> list[Failure]:
    cmd = " ".join(args)
    exc = result.exception
    if exc is not None and not isinstance(exc, SystemExit):
        return [
            Failure(case, cmd, f"{type(exc).__name__} at {_where(exc)}", mutation, str(exc)[:200])
        ]
    out = result.output
    failures = []
    if result.exit_code not in (0, 1, 2):
        failures.append(Failure(case, cmd, f"exit code {result.exit_code}", mutation))
    if "Traceback" in out:
        failures.append(Failure(case, cmd, "traceback in the output", mutation, out[-300:]))
    if result.exit_code == 1 and not NAMES_FILE.search(out):
        failures.append(
            Failure(case, cmd, "exit 1 naming no input file", mutation, out.strip()[-200:])
        )
    for line in out.splitlines():
        if (
            line.startswith(("Error:", "FAILED"))
            and not NAMES_FILE.search(line)
            and not OUTPUTS.search(line)
        ):
            kind = line.split(":")[0] if line.startswith("Error") else line.split(":")[1:2]
            failures.append(
                Failure(case, cmd, f"message naming no file: {kind}", mutation, line[:200])
            )
    for path, data in expected.items():
        try:
            now = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        except OSError:
            now = None
        if now is not None and now != data:
            failures.append(Failure(case, cmd, "an input file was changed", mutation, str(path)))
    raw = RAW_CONTROL.search(out)
    if raw:
        failures.append(
            Failure(
                case,
                cmd,
                f"raw control character {raw.group()!r} on the terminal",
                mutation,
                out[max(0, raw.start() - 60) : raw.end() + 20],
            )
        )
    if args[0] == "rank" and result.exit_code == 0:
        written = ws.root / args[2]
        if not written.is_file():
            failures.append(Failure(case, cmd, "exit 0 but no output file", mutation))
        else:
            failures += _check_output(case, cmd, written, mutation)
    return failures


# The outputs the commands write (`-o out` for scorecard, `-o list.pdf`,
# RANK_OUTPUTS): a message naming one names a file. As words, not
# substrings: "out" is also in "without", "output" and "about".
OUTPUTS = re.compile(r"(?<![\w.-])(?:out|list\.pdf)(?![\w-])")


# What a terminal would act on: C0 controls but tab and newline, DEL, C1
# controls (CSI is U+009B) and the bidi embeddings, overrides and isolates.
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _check_output(case: int, cmd: str, path: Path, mutation: str) -> list[Failure]:
    """A CSV whose rows all have the header's width; a workbook without formulas."""
    if path.suffix == ".csv":
        import csv

        csv.field_size_limit(1 << 24)  # a candidate may write a long name
        with path.open(newline="", encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
        width = len(rows[0]) if rows else 0
        bad = [i + 1 for i, row in enumerate(rows) if len(row) != width]
        if bad:
            return [
                Failure(
                    case,
                    cmd,
                    "CSV row of another width than the header (a line "
                    "break inside a cell written unquoted?)",
                    mutation,
                    f"rows {bad[:5]}",
                )
            ]
    if path.suffix == ".xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path)
        formulas = [
            c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"
        ]
        if formulas:
            return [
                Failure(
                    case, cmd, "formula cell in the workbook", mutation, ", ".join(formulas[:5])
                )
            ]
    return []


def _summary(failures: list[Failure], cases: int) -> str:
    groups: dict[str, list[Failure]] = defaultdict(list)
    for f in failures:
        groups[f"{f.command.split()[0]}: {f.what}"].append(f)
    lines = [
        f"{len(failures)} failures in {cases} cases (seed {SEED}), "
        f"{len(groups)} classes; replay one with PARITRANA_FUZZ_SEED={SEED} "
        "PARITRANA_FUZZ_ONLY=<case>:"
    ]
    for key, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        first = items[0]
        lines.append(
            f"- {key}  [{len(items)}x] e.g. case {first.case}: {first.mutation}"
            + (f" -> {first.detail!r}" if first.detail else "")
        )
    return "\n".join(lines)


def test_mutated_inputs_never_traceback_or_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alarm: None
) -> None:
    ws = Workspace.make(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("PARITRANA_DEBUG", "1")  # internal errors surface as exceptions
    # Durability is not under test here, and an fsync per output costs more
    # than the command itself on this kind of disk.
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    runner = CliRunner()
    failures: list[Failure] = []
    cases = sorted(ONLY) if ONLY else range(CASES)
    for case in cases:
        rng = random.Random(f"{SEED}:{case}")
        target, mutation = _mutate(ws, rng)
        expected = {
            p: (p.read_bytes() if p.is_file() and not p.is_symlink() else b"")
            for p in ws.originals
            if p.is_file() and not p.is_symlink()
        }
        for extra in (ws.root / "candidates").glob("zz-copy*"):
            expected[extra] = extra.read_bytes()
        try:
            for args in _commands(case, target, rng):
                signal.alarm(TIMEOUT)
                try:
                    result = runner.invoke(main, args)
                except Timeout as exc:
                    failures.append(
                        Failure(case, " ".join(args), f"hang: {exc} ({_where(exc)})", mutation)
                    )
                    continue
                finally:
                    signal.alarm(0)
                failures += _check(case, args, result, mutation, ws, expected)
        finally:
            ws.restore()
    assert not failures, _summary(failures, len(cases))
