"""The safe loader's data, marks and sources against PyYAML's own composer.

safeyaml._Builder reads plain keys and scalar values inline, without a
call per event (the national edition's 3,548 files are mostly such
entries); these tests check that what it records is what the events say,
value by value: for random documents of nested mappings, lists and
scalars (plain, quoted, block), every value's data equals `yaml.safe_load`
(keys as the text written), and every value's mark, key mark and source
text equal the composed node's, found independently by walking
`yaml.compose`. Then the problems a key can have, with their places.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from paritrana.scoring.load.safeyaml import load_document

WORDS = st.sampled_from(["alpha", "beta", "gamma", "delta", "kab-x", "a[b", "n_1", "zona"])
SCALARS = st.one_of(
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
    st.sampled_from(["1.5", "120.000", "true", "no", "~", "2023-02-20", "Rp 5 juta", "''"]),
    st.text(alphabet="abc xyz-", min_size=1, max_size=8).map(lambda t: '"' + t + '"'),
    st.text(alphabet="abcxyz", min_size=1, max_size=8).map(lambda t: "'" + t + "'"),
)


def _block(value: Any, indent: int) -> list[str]:
    """`value` (a dict of lists, dicts and scalar texts) as block YAML lines."""
    pad = " " * indent
    lines: list[str] = []
    for key, item in value.items():
        if isinstance(item, dict) and item:
            lines.append(f"{pad}{key}:")
            lines += _block(item, indent + 2)
        elif isinstance(item, list) and item:
            lines.append(f"{pad}{key}:")
            for x in item:
                if isinstance(x, dict) and x:
                    inner = _block(x, indent + 4)
                    lines.append(f"{pad}  - " + inner[0].lstrip())
                    lines += inner[1:]
                else:
                    lines.append(f"{pad}  - {x if isinstance(x, str) else '[]'}")
        elif isinstance(item, str):
            lines.append(f"{pad}{key}: {item}")
        else:
            lines.append(f"{pad}{key}: {'{}' if isinstance(item, dict) else '[]'}")
    return lines


DOCS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(WORDS, inner, max_size=4)),
    max_leaves=25,
).filter(lambda d: isinstance(d, dict) and bool(d))


def _expected(node: Any, path: tuple[Any, ...], out: dict[str, dict[Any, Any]]) -> None:
    out["marks"][path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.ScalarNode):
        out["sources"][path] = (node.value, node.style or None)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _expected(item, path + (i,), out)
    else:
        for key, item in node.value:
            here = path + (key.value,)
            out["key_marks"][here] = (key.start_mark.line + 1, key.start_mark.column + 1)
            _expected(item, here, out)


def _text_keys(value: Any) -> Any:
    """safe_load's data with the keys as the text written (str() is that
    text for the keys generated here: words)."""
    if isinstance(value, dict):
        return {str(k): _text_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_text_keys(v) for v in value]
    return value


@settings(max_examples=200, deadline=None)
@given(DOCS)
def test_data_marks_and_sources_are_the_composed_nodes(tmp_path_factory: Any, doc: Any) -> None:
    text = "\n".join(_block(doc, 0)) + "\n"
    path = Path(tmp_path_factory.mktemp("m")) / "x.yaml"
    path.write_text(text, encoding="utf-8")
    document, problems = load_document(path, "x.yaml")
    assert problems == [] and document is not None, (text, problems)
    assert document.data == _text_keys(yaml.safe_load(text))
    expected: dict[str, dict[Any, Any]] = {"marks": {}, "key_marks": {}, "sources": {}}
    _expected(yaml.compose(text, Loader=yaml.SafeLoader), (), expected)
    assert dict(document.marks) == expected["marks"]
    assert dict(document.key_marks) == expected["key_marks"]
    assert dict(document.sources) == expected["sources"]


def _problems(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "k.yaml"
    path.write_text(text, encoding="utf-8")
    document, problems = load_document(path, "k.yaml")
    assert document is None
    return [str(p) for p in problems]


def test_keys_the_inline_path_leaves_to_the_full_check(tmp_path: Path) -> None:
    # A duplicate key (the second, line 3), a null key (~, line 4), an
    # empty quoted key (line 5), a tagged key (line 6), an anchored key
    # (line 7, read but refused), a list as a key (line 8): each named at
    # its line and column, and the values after them still read.
    text = "a: 1\nb: [x, y]\na: 2\n~: 3\n'': 4\n!!int 5: 5\n&k c: 6\n? [d]\n: 7\ne: 8\n"
    assert _problems(tmp_path, text) == [
        "k.yaml:3:1: duplicate key 'a' (first at line 1)",
        "k.yaml:4:1: a key must be a non-empty name",
        "k.yaml:5:1: a key must be a non-empty name",
        "k.yaml:6:1: a key must be text, not tagged !!int",
        "k.yaml:7:1: anchors are not allowed (&k)",
        "k.yaml:8:3: a key must be a plain name, not a list, mapping or alias",
    ]


def test_quoted_null_is_a_key(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("'null': 1\nnull_ish: 2\n", encoding="utf-8")
    document, problems = load_document(path, "q.yaml")
    assert problems == [] and document is not None
    assert document.data == {"null": 1, "null_ish": 2}
    assert document.key_marks[("null_ish",)] == (2, 1)


def test_anchored_and_aliased_values_are_refused_where_written(tmp_path: Path) -> None:
    # The inline path takes scalars without an anchor; these go through
    # the full check: the anchor at line 1 column 4, the alias at 2:4,
    # an anchored list item at 3:8.
    text = "a: &x 1\nb: *x\nc: [1, &y 2]\n"
    assert _problems(tmp_path, text) == [
        "k.yaml:1:4: anchors are not allowed (&x)",
        "k.yaml:2:4: aliases are not allowed (*x)",
    ]


def test_deep_flow_after_a_key_with_a_bracket(tmp_path: Path) -> None:
    # The scan for libyaml's own nesting limit starts after the key just
    # read (`a[b`, whose bracket is text): the mapping is level 1, the
    # value's first '[' (column 6) level 2, so level 33 is the 32nd '[',
    # at column 6 + 31 = 37.
    assert _problems(tmp_path, "a[b: " + "[" * 3000) == [
        "k.yaml:1:37: nesting is deeper than 32 levels"
    ]
