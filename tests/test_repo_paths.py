"""No tracked file carries an absolute path of the machine it was written on.

Such a path once reached every sample scorecard ("Reports: seed-000 =
<a home or work folder>/seeds/....txt", from a candidate file's notes): it
means nothing to a reader and tells them about a machine they never see.
The test scans every file `git ls-files` lists, this one included: the
patterns below are written so that they do not match their own text.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Folders that only exist on the machine a file was made on. Written with a
# character class ([k], [t], ...) so this file does not contain them.
_UNIX = r"/(?:roo[t]/|hom[e]/[^/\s]+/|tm[p]/|var/tm[p]/|var/folder[s]/|private/var/|wor[k]/|User[s]/[^/\s]+/)"
_WINDOWS = r"\b[A-Za-z]:[\\/]+User[s][\\/]+"
# A path starts a word: after the start, a space, a quote, a bracket, `=`,
# `,`, `;`, `:` or `|`, or right after `file://`. After anything else
# (`https://host/work/...`, `docs/tmp/`) it is part of a URL or of a
# relative path, which says nothing about a machine.
ABSOLUTE = re.compile(rf"(?:(?<![^\s\"'`(\[{{<>=,;:|])|(?<=file://)){_UNIX}|{_WINDOWS}")


def machine_paths(text: str) -> list[str]:
    """Each line of `text` that holds an absolute home, temp or work path."""
    return [line.strip() for line in text.splitlines() if ABSOLUTE.search(line)]


@pytest.mark.parametrize(
    "text",
    [
        "Reports: seed-000 = " + "/wo" + "rk/shared/seeds/000.txt.",
        "cache: /ro" + "ot/.cache/pip",
        'path = "/ho' + 'me/alice/project/x.yaml"',
        "see `/tm" + "p/paritrana-abc/out.pdf`",
        "TMPDIR=/var/tm" + "p/build",
        "/priv" + "ate/var/folders/xy/T/x",
        "(/Use" + "rs/bob/Documents/a.yaml)",
        "C:" + "\\Users\\bob\\a.yaml",
        "c:/Us" + "ers/bob/a.yaml",
        "src: file:///ho" + "me/alice/x.css",
    ],
)
def test_absolute_machine_paths_are_found(text: str) -> None:
    assert machine_paths(text) == [text.strip()]


@pytest.mark.parametrize(
    "text",
    [
        "file://evil-host/" + "work/main/templates/paritrana.css",  # a URL's path
        "https://example.org/" + "home/alice/page",
        "docs/" + "tmp/notes.md",  # relative
        "the home folder; a temp file; work/",
        "/usr/share/fonts/truetype/dejavu",  # system paths are the same everywhere
        "candidates/kota-langsa.yaml:12:3: warning",
    ],
)
def test_urls_relative_and_system_paths_are_not_flagged(text: str) -> None:
    assert machine_paths(text) == []


def _tracked() -> list[Path]:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout: no tracked files to read")
    out = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    return [ROOT / name for name in out.decode("utf-8").split("\0") if name]


def test_no_tracked_file_holds_an_absolute_machine_path() -> None:
    files = _tracked()
    assert ROOT / "README.md" in files
    found = []
    for path in files:
        if not path.is_file():  # deleted in the work tree, not yet committed
            continue
        text = path.read_bytes().decode("utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}: {line[:120]}" for line in machine_paths(text)]
    assert found == [], "absolute paths of a machine in tracked files:\n" + "\n".join(found)
