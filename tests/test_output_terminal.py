"""Terminal output shows escape sequences from input text, never obeys them."""

from __future__ import annotations

import re
from dataclasses import replace

from paritrana.scoring.errors import (
    Diagnostic,
    InvalidInput,
    OutputError,
    ParitranaError,
    printable,
)
from paritrana.scoring.render.table import breakdown, ranking_table
from render_helpers import make_candidates, make_criteria, make_ranking

TITLE_ATTACK = "kabupaten-\x1b]0;pwned\x07kota"  # sets the terminal's title when raw
# Anything a terminal could act on: C0 (tab and newline too), DEL, C1, bidi
# embeddings/overrides/isolates, line and paragraph separators.
RAW = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def test_printable_escapes_controls_and_bidi() -> None:
    assert printable(TITLE_ATTACK) == "kabupaten-\\x1b]0;pwned\\x07kota"
    assert printable("\x1b[2J\x9b31m") == "\\x1b[2J\\x9b31m"  # CSI, 7- and 8-bit
    assert printable("a\u202eb\u2066c\u2069d") == "a\\u202eb\\u2066c\\u2069d"
    assert printable("a\tb\nc\rd\x00\x7f") == "a\\tb\\nc\\rd\\x00\\x7f"
    assert printable("x\u2028y") == "x\\u2028y"
    # Everything printable is kept: accents, Arabic, Hebrew, emoji, backslashes.
    kept = "Kota Bandar Lampung é \u0645\u0631\u062d\u0628\u0627 \u05e9\u05dc\u05d5\u05dd \U0001f600 C:\\x"
    assert printable(kept) == kept
    assert printable(42) == "42"
    assert printable(printable(TITLE_ATTACK)) == printable(TITLE_ATTACK)  # idempotent


def test_diagnostic_escapes_path_and_message() -> None:
    d = Diagnostic(
        f"candidates/{TITLE_ATTACK}.yaml",
        4,
        11,
        f"unknown category '{TITLE_ATTACK}'\nfake.yaml:1:1: forged line",
    )
    text = str(d)
    assert RAW.search(text) is None
    assert text == (
        "candidates/kabupaten-\\x1b]0;pwned\\x07kota.yaml:4:11: unknown category "
        "'kabupaten-\\x1b]0;pwned\\x07kota'\\nfake.yaml:1:1: forged line"
    )
    w = Diagnostic("x.yaml", 0, 0, "\u202egnirts", "warning")
    assert str(w) == "x.yaml: warning: \\u202egnirts"


def test_errors_are_terminal_safe() -> None:
    for exc in (ParitranaError(TITLE_ATTACK), OutputError(f"{TITLE_ATTACK}: refusing")):
        assert RAW.search(str(exc)) is None
        assert "\\x1b]0;pwned\\x07" in str(exc)
    one = InvalidInput([Diagnostic("a.yaml", 1, 1, "x")])
    assert str(one) == "1 problem in the input files"
    two = InvalidInput([Diagnostic("a.yaml", 1, 1, "x"), Diagnostic("b.yaml", 1, 1, "y")])
    assert str(two) == "2 problems in the input files"


def _hostile_ranking() -> object:
    gamma, alfa, beta = make_candidates()
    alfa = replace(alfa, name=f"Kota {TITLE_ATTACK}\u202eLANGSA", id="kota-alfa\x1b[2J")
    crit = make_criteria()
    cat = crit.categories[0]
    pillar = replace(cat.pillars[0], label=replace(cat.pillars[0].label, id="Regulasi\x1b[31m"))
    cat = replace(
        cat, pillars=(pillar, *cat.pillars[1:]), label=replace(cat.label, id="Kab\x07/Kota")
    )
    crit = replace(crit, categories=(cat,), title=replace(crit.title, id="Paritrana\x1b]0;x\x07"))
    from paritrana.scoring.rank.ranking import rank

    return rank(crit, [gamma, alfa, beta])


def test_ranked_table_shows_escapes() -> None:
    text = ranking_table(_hostile_ranking(), "id")  # type: ignore[arg-type]
    assert RAW.search(text.replace("\n", "")) is None
    assert "Paritrana\\x1b]0;x\\x07" in text
    assert "Kab\\x07/Kota" in text
    # The name is cut to 40 characters after escaping, the cut marked by "…",
    # never inside an escape: "Kota kabupaten-" (15) + "\\x1b" (4) + "]0;pwned"
    # (8) + "\\x07" (4) + "kota" (4) = 35; "\\u202e" (6) would make 41 > 39.
    assert "Kota kabupaten-\\x1b]0;pwned\\x07kota\u2026" in text
    assert "Regulasi\\x1b[31m"[:13] in text  # pillar headers are cut at 14


def test_score_view_shows_escapes() -> None:
    text = breakdown(_hostile_ranking(), "en")  # type: ignore[arg-type]
    assert RAW.search(text.replace("\n", "")) is None
    assert "Kota kabupaten-\\x1b]0;pwned\\x07kota\\u202eLANGSA (kota-alfa\\x1b[2J)" in text


def test_table_unchanged_for_ordinary_text() -> None:
    text = ranking_table(make_ranking(), "id")
    assert "Pemerintah Kota Alfa" in text and "\\x" not in text
