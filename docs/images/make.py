#!/usr/bin/env python3
"""Regenerate the README's self-assessment pictures in docs/images/.

    .venv/bin/python docs/images/make.py

- report.png: page 1 of `paritrana improve candidates/kota-langsa.yaml
  --pdf ...` (the sample file, values from public reports, docs/samples.md),
  made with pdftoppm (poppler-utils).
- form.png: the offline form (`paritrana form --category kabupaten-kota`)
  in headless Chromium (Debian's `chromium`), with a few of the same
  sample's values typed in. They are typed by a script added to a copy of
  the form for the picture only (the form itself is not changed), which
  sets each field and sends the `input` event the form listens to.

The generation date is fixed (GENERATED), so the same tool gives the same
pictures. Needs the tool installed in .venv (`./run setup`), pdftoppm and
chromium.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "images"
GENERATED = "2026-12-01"
SAMPLE = "candidates/kota-langsa.yaml"
# What is typed into the form: kota-langsa's values (docs/samples.md).
TYPED = {
    "f-id": "kota-langsa",
    "f-name": "Pemerintah Kota Langsa",
    "f-province": "Aceh",
    "f-villages-total": "66",
    "f-villages-enrolled": "56",
    "f-coverage-non_asn_registered": "2.234",
    "f-policy-ptsp_required": "ya",
}
WIDTH, HEIGHT = 1100, 1300  # the form's screenshot, CSS pixels


def tool() -> str:
    exe = os.environ.get("PARITRANA") or str(ROOT / ".venv" / "bin" / "paritrana")
    if not Path(exe).exists() and shutil.which("paritrana"):
        exe = shutil.which("paritrana") or exe
    return exe


def need(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        sys.exit(f"make.py: {name} is not installed (Debian: see the docstring)")
    return found


def report_png(tmp: Path) -> None:
    pdf = tmp / "report.pdf"
    subprocess.run(
        [tool(), "improve", SAMPLE, "--pdf", str(pdf), "--date", GENERATED],
        cwd=ROOT,
        check=True,
    )
    subprocess.run(
        [need("pdftoppm"), "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"]
        + [str(pdf), str(OUT / "report")],
        check=True,
    )


def form_png(tmp: Path) -> None:
    html = tmp / "form.html"
    subprocess.run(
        [tool(), "form", "--category", "kabupaten-kota", "-o", str(html)], cwd=ROOT, check=True
    )
    typing = (
        "<script>window.addEventListener('load', () => {"
        f"for (const [id, v] of Object.entries({json.dumps(TYPED)})) {{"
        "const el = document.getElementById(id); if (!el) continue;"
        "el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }"
        "});</script>"
    )
    text = html.read_text(encoding="utf-8")
    html.write_text(text.replace("</body>", typing + "</body>"), encoding="utf-8")
    profile = tmp / "chromium-profile"
    subprocess.run(
        [
            need("chromium"),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            f"--window-size={WIDTH},{HEIGHT}",
            "--virtual-time-budget=2000",
            f"--screenshot={OUT / 'form.png'}",
            html.as_uri(),
        ],
        check=True,
        capture_output=True,
    )


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        report_png(Path(tmp))
        form_png(Path(tmp))
    for name in ("report.png", "form.png"):
        print(f"wrote {(OUT / name).relative_to(ROOT)}")


if __name__ == "__main__":
    main()
