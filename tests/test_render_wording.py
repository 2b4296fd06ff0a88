"""The rules in words (scoring/render/wording.py): both languages, units
translated per number (English singular for one), level names from the one
table that values use too."""

from __future__ import annotations

import pytest
from paritrana.scoring.model import (
    Band,
    BandsRule,
    CountRule,
    LinearRule,
    OrdinalRule,
    RubricRule,
    YesNoRule,
)
from paritrana.scoring.render import i18n
from paritrana.scoring.render.fmt import Formatter
from paritrana.scoring.render.wording import describe_rule

LEVELS = OrdinalRule((("perda", 100.0), ("perkada", 75.0), ("instruksi", 50.0), ("none", 0.0)))
ARREARS = BandsRule((Band(0, 100), Band(1, 60), Band(2, 20), Band(4, 0)))
INNOVATIONS = BandsRule((Band(1, 40), Band(2, 70), Band(3, 100)))


@pytest.mark.parametrize(
    ("rule", "unit", "lang", "expected"),
    [
        (LinearRule(10, 52), "%", "en", "linear: 10% → 0, 52% → 100"),
        (LinearRule(10, 52), "%", "id", "linier: 10% → 0, 52% → 100"),
        (
            LinearRule(6, 0, "lower"),
            "bulan",
            "id",
            "linier: 6 bulan → 0, 0 bulan → 100 (makin kecil makin baik)",
        ),
        (
            LinearRule(6, 1, "lower"),
            "bulan",
            "en",
            "linear: 6 months → 0, 1 month → 100 (lower is better)",
        ),
        (ARREARS, "", "en", "bands: ≥0 → 100; ≥1 → 60; ≥2 → 20; ≥4 → 0"),
        (INNOVATIONS, "", "id", "ambang: <1 → 0; ≥1 → 40; ≥2 → 70; ≥3 → 100"),
        (
            INNOVATIONS,
            "inovasi",
            "en",
            "bands: <1 innovation → 0; ≥1 innovation → 40; ≥2 innovations → 70;"
            " ≥3 innovations → 100",
        ),
        (
            INNOVATIONS,
            "inovasi",
            "id",
            "ambang: <1 inovasi → 0; ≥1 inovasi → 40; ≥2 inovasi → 70; ≥3 inovasi → 100",
        ),
        (YesNoRule(), "", "id", "ya = 100, tidak = 0"),
        (YesNoRule(), "", "en", "yes = 100, no = 0"),
        (CountRule(12), "", "id", "jumlah, batas 12"),
        (CountRule(12), "kegiatan", "en", "count, cap 12 events"),
        (CountRule(1), "regulasi", "en", "count, cap 1 regulation"),
        (CountRule(1), "regulasi", "id", "jumlah, batas 1 regulasi"),
        (CountRule(11), "regulasi", "en", "count, cap 11 regulations"),
        (CountRule(1), "per 100 pekerja", "en", "count, cap 1 per 100 workers"),
        (LEVELS, "", "id", "Perda/Qanun 100; Perkada 75; Instruksi/SE/Keputusan 50; tidak ada 0"),
        (LEVELS, "", "en", "Perda/Qanun 100; Perkada 75; Instruction/circular/decree 50; none 0"),
        (RubricRule(), "", "id", "rubrik panel 1–5"),
        (RubricRule(), "", "en", "panel rubric 1–5"),
        (LinearRule(0, 484646400), "Rp", "en", "linear: Rp 0 → 0, Rp 484646400 → 100"),
    ],
)
def test_describe_rule(rule: object, unit: str, lang: str, expected: str) -> None:
    assert describe_rule(rule, unit, lang) == expected  # type: ignore[arg-type]


def test_describe_rule_uses_formatter() -> None:
    def fmt(x: float) -> str:
        return f"{x:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")

    text = describe_rule(LinearRule(0, 1500.5), "Rp", "id", fmt)
    assert text == "linier: Rp 0,0 → 0, Rp 1.500,5 → 100"


def test_singular_follows_the_number_as_printed() -> None:
    # The renderer's formatter writes 1.004 as "1" and 1.5 as "1.5".
    en = Formatter("en")
    assert describe_rule(CountRule(1.004), "regulasi", "en", en) == "count, cap 1 regulation"
    assert describe_rule(CountRule(1.5), "regulasi", "en", en) == "count, cap 1.5 regulations"
    rule = BandsRule((Band(0.1, 50), Band(1, 100)))
    assert describe_rule(rule, "kegiatan", "en", en) == (
        "bands: <0.1 events → 0; ≥0.1 events → 50; ≥1 event → 100"
    )


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_level_has_one_name_in_values_and_rules(lang: str) -> None:
    f = Formatter(lang)  # type: ignore[arg-type]
    text = describe_rule(LEVELS, "", lang, f)  # type: ignore[arg-type]
    for name, score in LEVELS.levels:
        assert f.value(name) == i18n.level(name, lang)  # type: ignore[arg-type]
        assert f"{f.value(name)} {f(score)}" in text
    assert describe_rule(OrdinalRule((("pergub", 10.0),)), "", lang) == "pergub 10"  # type: ignore[arg-type]
