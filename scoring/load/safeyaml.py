"""Safe YAML loading that remembers where every value came from.

Candidate files come from other people, so loading is defensive: the size
is capped before parsing, anchors and aliases are refused (a 432-byte
"billion laughs" file parses in milliseconds and explodes only when
something walks the data), duplicate keys are reported (PyYAML silently
keeps the last one), nesting is capped, and the SHA-256 is taken of the raw
bytes as read, never of a re-serialisation.

Instead of `yaml.compose` (whose C composer resolves aliases before we can
refuse them) we read the C parser's event stream and build plain Python
data ourselves. This keeps libyaml's speed, sees every anchor and alias
where it is written, and records the 1-based (line, column) of each value
and each mapping key for messages.

Mapping keys are read as the text written (YAML 1.1 would turn `yes:`,
`no:` and `2022:` into a bool or an int; the criteria format uses `yes`
and `no` as keys of the yesno rule). Values resolve as YAML 1.1 does.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import Diagnostic
from ..messages import N_, _, number

try:  # libyaml ships inside the PyYAML wheel; fall back if it does not.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

KeyPath = tuple[Any, ...]  # str keys and int list indexes
Mark = tuple[int, int]  # 1-based (line, column)
# A scalar as written: its source text and its style (None for plain,
# "'" or '"' for quoted, "|" or ">" for block scalars).
Source = tuple[str, str | None]

MAX_BYTES = 1 << 20
MAX_DEPTH = 32
MAX_PROBLEMS = 50  # per file; a hostile file could otherwise report millions

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
# Explicit tags a value may carry; everything else (!!python/..., !!binary,
# !!set, custom !tags) is refused.
_SCALAR_TAGS = {
    _STR,
    _NULL,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
}
_KIND_NAMES = {
    "tag:yaml.org,2002:int": N_("a whole number"),
    "tag:yaml.org,2002:float": N_("a number"),
    "tag:yaml.org,2002:bool": N_("true/false"),
    "tag:yaml.org,2002:timestamp": N_("a date"),
    "tag:yaml.org,2002:null": N_("empty"),
    _STR: N_("text"),
}
_TAG_FORMS = {
    "tag:yaml.org,2002:int": N_("a whole number such as 120000"),
    "tag:yaml.org,2002:float": N_("a number such as 94.5"),
    "tag:yaml.org,2002:bool": N_("true or false"),
    "tag:yaml.org,2002:timestamp": N_("a date such as 2023-02-20"),
}
_SEQ_TAGS = {None, "!", "tag:yaml.org,2002:seq"}
# Event classes, compared by identity (typed Any: `type(e) is C` would
# narrow the event to the stubs' class, whose marks may be None).
_AliasEvent: Any = yaml.AliasEvent
_ScalarEvent: Any = yaml.ScalarEvent
_SequenceStartEvent: Any = yaml.SequenceStartEvent
_SequenceEndEvent: Any = yaml.SequenceEndEvent
_MappingEndEvent: Any = yaml.MappingEndEvent
# Scalars already read, per loader class: (tag, text, implicit) -> value.
_MEMOS: dict[type, dict[tuple[Any, str, Any], Any]] = {}
_MEMO_SIZE = 100_000
_MISSING = object()
_MAP_TAGS = {None, "!", "tag:yaml.org,2002:map"}
# Plain keys that YAML reads as null: refused as keys (`key`).
_NULL_KEYS = frozenset({"~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class Document:
    """One YAML file as plain Python data, with the position of every value."""

    path: str  # as the user gave it, for messages
    data: Any  # dict/list/str/int/float/bool/None/datetime.date
    marks: Mapping[KeyPath, Mark] = field(default_factory=dict, repr=False)
    key_marks: Mapping[KeyPath, Mark] = field(default_factory=dict, repr=False)
    sha256: str = ""
    # Each scalar value's text as written and its style, so the validator
    # can see `120.000` (YAML reads 120.0) or `"2022"` (YAML reads text).
    sources: Mapping[KeyPath, Source] = field(default_factory=dict, repr=False)

    def source(self, *keypath: Any) -> Source | None:
        """(text as written, style) of the scalar at keypath, or None."""
        return self.sources.get(tuple(keypath))

    def where(self, *keypath: Any) -> Mark:
        """Position of the value at keypath, else of its nearest ancestor."""
        path = tuple(keypath)
        while path:
            if path in self.marks:
                return self.marks[path]
            path = path[:-1]
        return self.marks.get((), (1, 1))

    def key_where(self, *keypath: Any) -> Mark:
        """Position of the mapping key that ends keypath (for unknown keys)."""
        path = tuple(keypath)
        return self.key_marks.get(path) or self.where(*path)

    def diag(self, keypath: KeyPath, message: str, severity: str = "error") -> Diagnostic:
        line, column = self.where(*keypath)
        return Diagnostic(self.path, line, column, message, severity)  # type: ignore[arg-type]


class _Abort(Exception):
    """Stop reading a file: the problem makes the rest meaningless or unsafe."""


def _pos(mark: Any) -> Mark:
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


# Characters that must never reach a terminal, a spreadsheet or a PDF raw:
# C0 and C1 controls, DEL, and the bidi embedding/override/isolate controls
# (U+202A-202E, U+2066-2069) that can make text read backwards.
CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escaped(char: str) -> str:
    """'\x07' -> the four characters \\x07; U+202E -> \\u202e."""
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def shown(text: str) -> str:
    """Text with every control character written as an escape, for messages."""
    return CONTROL_RE.sub(lambda m: escaped(m.group()), text)


def _short(text: str, limit: int = 40) -> str:
    text = text.replace("tag:yaml.org,2002:", "!!")
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return shown(text)


class _Builder:
    """Turns the parser's event stream into data, marks and diagnostics."""

    def __init__(self, loader: Any, path: str):
        self.loader = loader
        self.refused: set[str] = set()
        self.path = path
        self.marks: dict[KeyPath, Mark] = {}
        self.key_marks: dict[KeyPath, Mark] = {}
        self.sources: dict[KeyPath, Source] = {}
        self.diagnostics: list[Diagnostic] = []
        self.constructors = loader.yaml_constructors
        self.memo = _MEMOS.setdefault(type(loader), {})
        self.data: Any = None
        # For libyaml's own nesting limit (see _deep_flow): collections open
        # now, and the last event read (`resume`: the index just after it).
        self.open = 0
        self.last: Any = None

    def error(self, mark: Mark, message: str) -> None:
        self.diagnostics.append(Diagnostic(self.path, mark[0], mark[1], message))
        if len(self.diagnostics) >= MAX_PROBLEMS:
            self.diagnostics.append(
                Diagnostic(self.path, mark[0], mark[1], _("too many problems; stopped reading"))
            )
            raise _Abort

    def refuse(self, kind: str, mark: Mark, name: str) -> None:
        """Report the first anchor and the first alias; the rest add nothing."""
        if kind not in self.refused:
            self.refused.add(kind)
            self.error(
                mark, _("{kind} are not allowed ({name})").format(kind=_(kind), name=_short(name))
            )

    def document(self) -> Any:
        get = self.loader.get_event
        get()  # StreamStartEvent
        if self.loader.check_event(yaml.StreamEndEvent):
            self.error((1, 1), _("the file is empty (expected a mapping of keys and values)"))
            raise _Abort
        get()  # DocumentStartEvent
        data = self.node((), 1, record=True)
        get()  # DocumentEndEvent
        if self.loader.check_event(yaml.DocumentStartEvent):
            self.error(
                _pos(self.loader.peek_event().start_mark),
                _("only one YAML document per file ('---' starts a second one)"),
            )
            raise _Abort
        return data

    def node(self, path: KeyPath, depth: int, record: bool) -> Any:
        return self._node(self.loader.get_event(), path, depth, record)

    @property
    def resume(self) -> int:
        """The character index just after the last event read (0 before any)."""
        return self.last.end_mark.index if self.last is not None else 0

    # Each event is read once (get_event, never peek then get), and its
    # type compared by identity: this loop runs for every value of every
    # file, so it is written for speed. In a mapping, a plain key and a
    # scalar value (most entries of most files) are read inline, without
    # a call per event; anything else goes through `key` and `_node`.
    def _node(self, event: Any, path: KeyPath, depth: int, record: bool) -> Any:
        self.last = event
        start = event.start_mark
        mark = (start.line + 1, start.column + 1)
        if record:
            self.marks[path] = mark
        kind = type(event)
        if kind is _AliasEvent:
            self.refuse(N_("aliases"), mark, f"*{event.anchor}")
            return None
        if event.anchor is not None:
            self.refuse(N_("anchors"), mark, f"&{event.anchor}")
        if kind is _ScalarEvent:
            if record:
                self.sources[path] = (event.value, event.style or None)
            found = self.memo.get((event.tag, event.value, event.implicit), _MISSING)
            return found if found is not _MISSING else self.scalar(event, mark)
        if depth > MAX_DEPTH:
            self.error(
                mark,
                _("nesting is deeper than {max_depth} levels").format(max_depth=number(MAX_DEPTH)),
            )
            raise _Abort
        self.open += 1
        get: Callable[[], Any] = self.loader.get_event
        if kind is _SequenceStartEvent:
            if event.tag is not None and event.tag not in _SEQ_TAGS:
                self.error(mark, _("tag {tag} is not allowed").format(tag=_short(event.tag)))
            items: list[Any] = []
            while True:
                item = get()
                kind = type(item)
                if kind is _SequenceEndEvent:
                    break
                here = path + (len(items),)
                if kind is _ScalarEvent and item.anchor is None:
                    # A scalar item: what `_node` does for it, inline.
                    self.last = item
                    at = item.start_mark
                    item_mark = (at.line + 1, at.column + 1)
                    if record:
                        self.marks[here] = item_mark
                        self.sources[here] = (item.value, item.style or None)
                    found = self.memo.get((item.tag, item.value, item.implicit), _MISSING)
                    items.append(found if found is not _MISSING else self.scalar(item, item_mark))
                    continue
                items.append(self._node(item, here, depth + 1, record))
            self.last = item
            self.open -= 1
            return items
        # MappingStartEvent
        if event.tag not in _MAP_TAGS:
            self.error(mark, _("tag {tag} is not allowed").format(tag=_short(event.tag)))
        mapping: dict[str, Any] = {}
        first: dict[str, Mark] = {}
        key_marks = self.key_marks
        marks = self.marks
        sources = self.sources
        memo = self.memo
        inner = depth + 1
        while True:
            item = get()
            kind = type(item)
            if kind is _MappingEndEvent:
                break
            key = item.value if kind is _ScalarEvent else None
            if (
                key
                and item.tag is None
                and item.anchor is None
                and key not in _NULL_KEYS
                and key not in first
            ):
                # A plain new key (what `key` accepts without a word).
                self.last = item
                at = item.start_mark
                key_mark = (at.line + 1, at.column + 1)
            else:
                key, key_mark = self.key(item, depth)
                if key is None:
                    self.node(path, inner, record=False)  # read and drop the value
                    continue
                if key in first:
                    self.error(
                        key_mark,
                        _("duplicate key '{key}' (first at line {line})").format(
                            key=_short(key), line=first[key][0]
                        ),
                    )
                    self.node(path, inner, record=False)
                    continue
            first[key] = key_mark
            here = path + (key,)
            value = get()
            if type(value) is _ScalarEvent and value.anchor is None:
                # A scalar value: what `_node` does for it, inline.
                self.last = value
                at = value.start_mark
                value_mark = (at.line + 1, at.column + 1)
                text = value.value
                if record:
                    key_marks[here] = key_mark
                    marks[here] = value_mark
                    sources[here] = (text, value.style or None)
                found = memo.get((value.tag, text, value.implicit), _MISSING)
                mapping[key] = found if found is not _MISSING else self.scalar(value, value_mark)
                continue
            if record:
                key_marks[here] = key_mark
            mapping[key] = self._node(value, here, inner, record)
        self.last = item
        self.open -= 1
        return mapping

    def key(self, event: Any, depth: int) -> tuple[str | None, Mark]:
        """Read a mapping key (its event) as its text; refuse keys that are
        not text."""
        mark = _pos(event.start_mark)
        if type(event) is not _ScalarEvent:
            self._node(event, (), depth + 1, record=False)
            self.error(mark, _("a key must be a plain name, not a list, mapping or alias"))
            return None, mark
        self.last = event
        if event.anchor is not None:
            self.refuse(N_("anchors"), mark, f"&{event.anchor}")
        if event.tag not in (None, "!", _STR):
            self.error(
                mark, _("a key must be text, not tagged {tag}").format(tag=_short(event.tag))
            )
            return None, mark
        if event.value == "" or (
            event.implicit[0] and event.tag is None and event.value in _NULL_KEYS
        ):
            self.error(mark, _("a key must be a non-empty name"))
            return None, mark
        return event.value, mark

    def scalar(self, event: Any, mark: Mark) -> Any:
        # A scalar's value depends only on its tag, text and implicitness
        # (the resolver has no path resolvers, the constructors keep no
        # state) and is immutable, so values read before are reused.
        memo_key = (event.tag, event.value, event.implicit)
        found = self.memo.get(memo_key, _MISSING)
        if found is not _MISSING:
            return found
        tag = event.tag
        if tag is None or tag == "!":
            tag = self.loader.resolve(yaml.ScalarNode, event.value, event.implicit)
        if tag not in _SCALAR_TAGS:
            self.error(mark, _("tag {tag} is not allowed").format(tag=_short(tag)))
            return None
        if tag == _STR:  # what construct_yaml_str gives: the text
            value: Any = event.value
        else:
            node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            try:
                value = self.constructors[tag](self.loader, node)
            except (
                yaml.YAMLError,
                ValueError,
                TypeError,
                OverflowError,
                # PyYAML's constructors assume the text matched the tag's
                # pattern; an explicit tag (`!!bool maybe`, `!!timestamp
                # yesterday`) skips that match and fails inside them.
                AttributeError,
                KeyError,
                IndexError,
            ) as exc:
                kind = _(_KIND_NAMES[tag]) if tag in _KIND_NAMES else tag
                text = _short(event.value)
                if event.tag not in (None, "!"):
                    self.error(
                        mark,
                        _(
                            "cannot read '{text}' as {kind} (it is tagged {tag}); remove the tag or write {form}"
                        ).format(
                            text=text,
                            kind=kind,
                            tag=_short(tag),
                            form=_(_TAG_FORMS[tag]) if tag in _TAG_FORMS else _("a valid value"),
                        ),
                    )
                else:
                    self.error(
                        mark,
                        _("cannot read '{text}' as {kind}: {error}").format(
                            text=text, kind=kind, error=_short(str(exc), 80)
                        ),
                    )
                return None
        if len(self.memo) < _MEMO_SIZE:
            self.memo[memo_key] = value
        return value  # .inf and .nan pass: the validator refuses them by field


def _tab_message(text: str, mark: Any) -> tuple[Mark, str] | None:
    """A tab in the indentation of the line the parser stopped at."""
    if mark is None:
        return None
    start = 0
    for _line in range(mark.line):  # the offset of the line, without splitting the text
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    end = text.find("\n", start)
    line = text[start : end if end >= 0 else len(text)]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if "\t" not in indent:
        return None
    return (mark.line + 1, indent.index("\t") + 1), (
        _("YAML syntax error: a tab in the indentation; use spaces, not tabs, to indent YAML")
    )


def _syntax_message(exc: yaml.YAMLError, text: str = "") -> tuple[Mark, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    tab = _tab_message(text, getattr(exc, "problem_mark", None))
    if tab is not None:
        return tab
    problem = getattr(exc, "problem", None)
    context = getattr(exc, "context", None)
    if problem is None and isinstance(exc, yaml.reader.ReaderError):
        # libyaml gives a byte offset into the UTF-8 text, PyYAML a character one.
        offset = exc.position
        if exc.encoding != "unicode":
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "replace"))
        before = text[:offset]
        line = before.count("\n") + 1
        column = offset - (before.rfind("\n") + 1) + 1
        char = chr(exc.character) if isinstance(exc.character, int) else "?"
        return (line, column), (
            _("the control character {char} is not allowed in a YAML file; remove it").format(
                char=escaped(char)
            )
        )
    text = problem or str(exc).splitlines()[0]
    if "tab" in text:
        text += _("; use spaces, not tabs, to indent YAML")
    context_mark = getattr(exc, "context_mark", None)
    if context and context_mark is not None and context_mark is not mark:
        text = _("{text} ({context} started at line {line})").format(
            text=text, context=context, line=context_mark.line + 1
        )
    elif context:
        text = f"{text} ({context})"
    return _pos(mark), _("YAML syntax error: {text}").format(text=text)


def _decode_error(raw: bytes, exc: UnicodeDecodeError) -> tuple[Mark, str]:
    before = raw[: exc.start]
    line = before.count(b"\n") + 1
    column = len(before) - (before.rfind(b"\n") + 1) + 1
    hint = ""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = _(" (it looks like UTF-16)")
    return (line, column), (
        _(
            "not UTF-8 text (byte 0x{byte:02x} at offset {offset}){hint}; save the file as UTF-8"
        ).format(byte=raw[exc.start], offset=exc.start, hint=hint)
    )


def _deep_flow(text: str, start: int, depth: int) -> Mark | None:
    """Where flow nesting passes MAX_DEPTH, scanning the text from `start`
    with `depth` collections open; None if it does not.

    libyaml refuses 1000 levels of flow nesting while it scans ahead for a
    possible key, before it hands over the events in which our own check
    would see level 33. Inside flow collections `[`, `{`, `]`, `}` are always
    indicators except in quoted text and comments, so counting them finds
    the same place our check would."""
    i, end = start, len(text)
    while i < end:
        char = text[i]
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                before = text[:i]
                return before.count("\n") + 1, i - (before.rfind("\n") + 1) + 1
        elif char in "]}":
            depth -= 1
        elif char == '"':
            i += 1
            while i < end and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
        elif char == "'":
            i = text.find("'", i + 1)
            while i != -1 and text.startswith("''", i):
                i = text.find("'", i + 2)
            if i == -1:
                return None
        elif char == "#" and (i == 0 or text[i - 1] in " \t\n"):
            i = text.find("\n", i)
            if i == -1:
                return None
        i += 1
    return None


def _parse(loader_class: type, text: str, name: str) -> _Builder:
    loader = loader_class(text)
    builder = _Builder(loader, name)
    try:
        builder.data = builder.document()
    except _Abort:
        pass
    except yaml.YAMLError as exc:
        mark, message = _syntax_message(exc, text)
        if "maximum nesting depth" in str(getattr(exc, "problem", "")):
            deep = _deep_flow(text, builder.resume, builder.open)
            if deep is not None:
                mark, message = (
                    deep,
                    _("nesting is deeper than {max_depth} levels").format(
                        max_depth=number(MAX_DEPTH)
                    ),
                )
        builder.diagnostics.append(Diagnostic(name, mark[0], mark[1], message))
    except RecursionError:  # pragma: no cover - depth is capped above
        builder.diagnostics.append(Diagnostic(name, 1, 1, _("nesting is too deep")))
    finally:
        loader.dispose()
    return builder


def cannot_read(exc: OSError) -> str:
    """The message for a file or folder the system refuses to read."""
    return _("cannot read: {reason}").format(reason=exc.strerror or exc)


def _read_at_most(fd: int, size: int, limit: int) -> bytes:
    """The file's bytes, at most limit + 1 of them (more than limit: too
    big). Asks first for the size the file says it has (a buffer of
    limit + 1 bytes for every small file costs more than reading it), then
    reads on, in case it grew or says 0 (as /proc files do)."""
    parts: list[bytes] = []
    total = 0
    ask = size + 1 if size > 0 else 65536
    while total <= limit:
        chunk = os.read(fd, min(ask, limit + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        ask = 65536
    return parts[0] if len(parts) == 1 else b"".join(parts)


def load_document(
    path: Path,
    display: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
) -> tuple[Document | None, list[Diagnostic]]:
    """Read one YAML file safely; on any problem return None and every diagnostic."""
    name = display if display is not None else str(path)

    def fail(message: str, mark: Mark = (0, 0)) -> tuple[None, list[Diagnostic]]:
        return None, [Diagnostic(name, mark[0], mark[1], message)]

    def too_big() -> str:
        return _("file is larger than {max_bytes} bytes (limit {kib} KiB)").format(
            max_bytes=number(max_bytes), kib=number(max_bytes // 1024)
        )

    try:
        if not path.is_file():
            return fail(_("not found") if not path.exists() else _("not a regular file"))
        # Opened without blocking and checked again through the descriptor:
        # a file swapped for a FIFO or a device between the check above and
        # the open can neither hang the read nor be read.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                return fail(_("not a regular file"))
            if info.st_size > max_bytes:
                return fail(too_big())
            raw = _read_at_most(fd, info.st_size, max_bytes)
        finally:
            os.close(fd)
    except OSError as exc:
        return fail(cannot_read(exc))
    if len(raw) > max_bytes:
        return fail(too_big())
    sha256 = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        mark, message = _decode_error(raw, exc)
        return fail(message, mark)
    text = text.removeprefix("\ufeff")

    builder = _parse(_Loader, text, name)
    if builder.diagnostics:
        return None, builder.diagnostics
    data = builder.data
    if not isinstance(data, dict):
        if data is None:
            return fail(_("the file is empty (expected a mapping of keys and values)"), (1, 1))
        kind = (
            _("a list")
            if isinstance(data, list)
            else _("a single value ({name})").format(name=type(data).__name__)
        )
        return fail(
            _("the top level must be a mapping of keys and values, not {kind}").format(kind=kind),
            (1, 1),
        )
    return (
        Document(name, data, builder.marks, builder.key_marks, sha256, builder.sources),
        [],
    )
