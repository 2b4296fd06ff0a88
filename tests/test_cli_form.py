"""`paritrana form`: one self-contained HTML file, its criteria exact, hostile
labels escaped, usage errors clear. (That it scores as the engine does is
tests/test_form_browser.py, in a real browser.)"""

from __future__ import annotations

import json
import re
import textwrap
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner
from paritrana.cli import main
from paritrana.scoring.pipeline import load_criteria, shipped_criteria
from paritrana.scoring.render.form_html import form_data, form_html, num

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CliRunner:
    monkeypatch.chdir(tmp_path)  # no ./criteria here: the shipped criteria
    return CliRunner()


def invoke(runner: CliRunner, *args: str):
    result = runner.invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


class _Tags(HTMLParser):
    """Every tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts.append(data)


def _parse(html: str) -> _Tags:
    tags = _Tags()
    tags.feed(html)
    return tags


def test_form_writes_one_self_contained_page(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "form", "--category", "kabupaten-kota", "-o", "form.html")
    assert result.exit_code == 0, result.output
    assert "Wrote form.html" in result.output
    html = (tmp_path / "form.html").read_text(encoding="utf-8")
    # Nothing fetched: no address at all, no external src or href, no
    # stylesheet link, and a content security policy that forbids loading.
    assert re.search(r"https?://", html) is None
    tags = _parse(html)
    for tag, attrs in tags.tags:
        assert tag != "link", attrs
        assert tag not in ("img", "iframe", "object", "embed"), (tag, attrs)
        assert "src" not in attrs, (tag, attrs)
        href = attrs.get("href")
        assert href is None or href.startswith("#"), (tag, attrs)
    csp = [a["content"] for t, a in tags.tags if a.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in (csp[0] or "")
    # The script, the styles and the criteria are all inside the file.
    assert "window.paritrana" in html
    assert "<style>" in html and "grid-template-columns" in html
    # DOM hooks for every indicator and every input the category reads.
    assert 'data-indicator="cakupan_rasio"' in html
    assert 'data-field="coverage.active_members"' in html
    assert 'data-field="innovations"' in html and 'data-list="regulations"' in html
    assert "data-total" in html
    # Bahasa Indonesia by default, English in the page too.
    assert '<html lang="id" data-lang="id">' in html
    assert "Simpan sebagai YAML" in html and "Save as YAML" in html


def test_form_in_english(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "form", "--category", "ukm", "-o", "f.htm", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert '<html lang="en" data-lang="en">' in (tmp_path / "f.htm").read_text(encoding="utf-8")


def test_embedded_criteria_are_the_validated_ones_exactly() -> None:
    criteria, _, _ = load_criteria(shipped_criteria())
    assert criteria is not None
    cat = criteria.category("kabupaten-kota")
    assert cat is not None
    html = form_html(criteria, cat)
    blob = re.search(
        r'<script type="application/json" id="paritrana-data">(.*?)</script>', html, re.S
    )
    assert blob is not None
    data = json.loads(blob.group(1))
    assert data == json.loads(json.dumps(form_data(criteria, cat)))
    inds = {i["id"]: i for p in data["category"]["pillars"] for i in p["indicators"]}
    # criteria/2022-pemda.yaml: cakupan_rasio, weight 12, ratio of active
    # members to the employed population, linear 10 -> 0, 52 -> 100.
    assert inds["cakupan_rasio"]["weight"] == "12"
    assert inds["cakupan_rasio"]["input"] == {
        "kind": "ratio",
        "fields": ["coverage.active_members", "coverage.employed_population"],
        "fallback": None,
    }
    assert inds["cakupan_rasio"]["rule"] == {
        "kind": "linear",
        "floor": "10",
        "target": "52",
        "direction": "higher",
    }
    assert inds["non_asn"]["input"]["fallback"] == "coverage.non_asn_share"
    assert inds["inovasi_terbukti"]["rule"]["bands"] == [
        ["0", "0"],
        ["1", "40"],
        ["2", "70"],
        ["3", "100"],
    ]
    assert inds["pemahaman"]["rule"] == {"kind": "rubric", "min": "1", "max": "5"}
    assert data["category"]["missing"] == "zero"
    assert [s["id"] for s in data["category"]["stages"]] == ["dokumen", "wawancara"]
    # 20 + 15 + 30 + 15 + 20 = 100
    assert sum(int(p["weight"]) for p in data["category"]["pillars"]) == 100


def test_numbers_are_the_decimals_the_engine_reads() -> None:
    # exact.q: an int is itself, a float the shortest decimal that reads
    # back as it (YAML 0.1 is 1/10, not 0.1000000000000000055...).
    assert num(52) == "52"
    assert num(52.0) == "52"
    assert num(0.1) == "0.1"
    assert num(33.3) == "33.3"
    assert num(1e-05) == "1e-05"
    with pytest.raises(TypeError):
        num(True)


HOSTILE = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & "q" \u2028'


def test_hostile_labels_are_escaped(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "criteria").mkdir()
    (tmp_path / "criteria" / "c.yaml").write_text(
        textwrap.dedent(
            f"""\
            edition: 2022
            title: {{id: 'Uji {HOSTILE}', en: Test}}
            status: proposal
            categories:
              - id: uji
                label: {{id: 'Kategori {HOSTILE}', en: Category}}
                tie_break: [a]
                pillars:
                  - id: a
                    label: {{id: 'Pilar {HOSTILE}', en: Pillar}}
                    weight: 100
                    indicators:
                      - id: x
                        label: {{id: 'Indikator {HOSTILE}', en: Indicator}}
                        weight: 100
                        field: coverage.korpri_registered
                        unit: '<u>orang</u>'
                        rule: {{type: count, cap: 10}}
            """
        ).replace("\u2028", ""),
        encoding="utf-8",
    )
    result = invoke(runner, "form", "--category", "uji", "-o", "f.html")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "f.html").read_text(encoding="utf-8")
    assert "<img" not in html and "alert(1)</script>" not in html
    assert "<u>" not in html
    assert "&lt;img src=x onerror=alert(2)&gt;" in html
    tags = _parse(html)
    assert [t for t, _ in tags.tags].count("script") == 3  # the two JSONs and the form's own
    assert not any(t == "img" for t, _ in tags.tags)
    blob = re.search(
        r'<script type="application/json" id="paritrana-data">(.*?)</script>', html, re.S
    )
    assert blob is not None and "<" not in blob.group(1) and "&" not in blob.group(1)
    data = json.loads(blob.group(1))
    assert data["category"]["pillars"][0]["indicators"][0]["label"]["id"].startswith(
        "Indikator </script><script>"
    )


def test_unknown_category_is_a_usage_error(runner: CliRunner) -> None:
    result = invoke(runner, "form", "--category", "kabupaten-kot", "-o", "f.html")
    assert result.exit_code == 2
    assert "unknown category 'kabupaten-kot' (did you mean 'kabupaten-kota'?)" in result.output


def test_output_must_be_html(runner: CliRunner, tmp_path: Path) -> None:
    result = invoke(runner, "form", "--category", "ukm", "-o", "form.txt")
    assert result.exit_code == 2
    assert "end the name with .html" in result.output
    assert not (tmp_path / "form.txt").exists()


def test_output_over_a_criteria_file_is_refused(runner: CliRunner, tmp_path: Path) -> None:
    crit = tmp_path / "crit"
    crit.mkdir()
    source = (ROOT / "criteria" / "2022-badan-usaha.yaml").read_bytes()
    (crit / "b.yaml").write_bytes(source)
    (crit / "b.html").symlink_to(crit / "b.yaml")
    result = invoke(
        runner, "form", "--criteria", "crit/b.yaml", "--category", "ukm", "-o", "crit/b.html"
    )
    assert result.exit_code == 2, result.output
    assert (crit / "b.yaml").read_bytes() == source


def test_invalid_criteria_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("edition: 2022\ntitle: x\n", encoding="utf-8")
    result = invoke(runner, "form", "--criteria", "bad.yaml", "--category", "ukm", "-o", "f.html")
    assert result.exit_code == 1
    assert "bad.yaml:" in result.output
    assert not (tmp_path / "f.html").exists()
