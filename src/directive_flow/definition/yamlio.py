"""The one safe YAML reader: every definition file goes through ``read_yaml``.

It parses with libyaml (PyYAML's C composer) and builds plain Python data itself, so
that it can remember where every key and value stood, refuse what a safe loader must
refuse (custom tags, duplicate keys, alias bombs) and report all of it at once.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from directive_flow.definition.echo import quote
from directive_flow.definition.locations import Loc, describe
from directive_flow.errors import DefinitionError, Problem

MAX_BYTES = 2 * 1024 * 1024
"""Largest definition file accepted (2 MiB: a directive of ~5,000 assignments)."""

MAX_NODES = 200_000
"""Most YAML nodes a document may expand to once aliases are followed."""

MAX_DEPTH = 100
"""Deepest nesting of lists and mappings accepted."""

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_STD}{t}" for t in ("int", "float", "bool", "null", "timestamp")}
_STR, _SEQ, _MAP, _MERGE = (f"{_STD}{t}" for t in ("str", "seq", "map", "merge"))


@dataclass(frozen=True)
class Mark:
    """A 1-based line and column."""

    line: int
    col: int


@dataclass
class YamlDocument:
    """Plain data read from a YAML file, and where each of its keys and values stood.

    The composed node tree is kept as it is (libyaml's nodes and marks); a position is
    looked up in it only when a problem needs one, so reading costs nothing for the
    positions of a file without problems.
    """

    path: str
    data: Any
    root: yaml.Node | None = field(default=None, repr=False)

    def mark(self, loc: Loc, *, key: bool = False) -> Mark | None:
        """Where ``loc`` stands (its key's position with ``key``); falls back to its
        nearest located parent."""
        found = _walk(self.root, loc, key=key)
        return None if found is None else Mark(found.line + 1, found.column + 1)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A ``Problem`` located at ``loc`` in this file."""
        mark = self.mark(loc, key=key)
        line, col = (mark.line, mark.col) if mark else (None, None)
        return Problem(self.path, line, col, message)

    def located(self, loc: Loc, message: str, *, at: Loc | None = None) -> Problem:
        """A problem about ``loc``, its message led by the item and field it concerns.

        ``at`` places it on a key instead (an unknown key is shown where the key stands).
        """
        prefix = describe(self.data, loc)
        text = f"{prefix}: {message}" if prefix else message
        return self.problem(at, text, key=True) if at is not None else self.problem(loc, text)


def read_yaml(path: Path | str, *, display: str | None = None) -> YamlDocument:
    """Read one YAML file safely; raise ``DefinitionError`` listing every problem found."""
    name = display or str(path)
    text = _read_text(Path(path), name)
    return parse_yaml(text, name)


def parse_yaml(text: str, name: str) -> YamlDocument:
    """Parse YAML text (already decoded) into a located ``YamlDocument``."""
    if not text.strip():
        raise DefinitionError([Problem(name, None, None, "file is empty")])
    _reject_tabs(text, name)
    node = _compose(text, name)
    builder = _Builder(name)
    try:
        data = builder.build(node)
    except _TooBig as exc:
        raise DefinitionError([Problem(name, exc.line, exc.col, str(exc))]) from None
    if builder.pending:
        raise DefinitionError(builder.problems(data))
    return YamlDocument(name, data, node)


def _read_text(path: Path, name: str) -> str:
    def fail(message: str, line: int | None = None, col: int | None = None) -> DefinitionError:
        return DefinitionError([Problem(name, line, col, message)])

    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}") from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or _looks_utf16(raw):
        raise fail("not UTF-8 text (the file is UTF-16); save the file as UTF-8")
    if b"\x00" in raw:
        raise fail("binary file, not YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = raw[exc.start]
        raise fail(
            f"not UTF-8 text (byte 0x{byte:02x}); save the file as UTF-8", line, col
        ) from None


def _looks_utf16(raw: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ASCII text is NUL."""
    head = raw[:200]
    return len(head) >= 4 and (
        head[1::2].count(0) >= len(head) // 2 - 1 or head[0::2].count(0) >= len(head) // 2 - 1
    )


_ODD_INDENT = {  # what an editor or a word processor puts where YAML wants spaces
    "\t": "tab in indentation; indent with spaces",
    "\u00a0": "non-breaking space in indentation (pasted from a word processor?); indent "
    "with plain spaces",
    "\u3000": "full-width space in indentation; indent with plain spaces",
}


def _reject_tabs(text: str, name: str) -> None:
    """Tabs and look-alike spaces in indentation, each where it stands: YAML would only say
    something vague a line later."""
    if not any(char in text for char in _ODD_INDENT):  # the common case, at C speed
        return
    problems, odd = [], "".join(_ODD_INDENT)
    for number, line in enumerate(text.splitlines(), 1):
        indent = line[: len(line) - len(line.lstrip(" " + odd))]
        found = next((i for i, char in enumerate(indent) if char in _ODD_INDENT), None)
        if found is not None:
            problems.append(Problem(name, number, found + 1, _ODD_INDENT[indent[found]]))
    if problems:
        raise DefinitionError(problems)


def _compose(text: str, name: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        raise DefinitionError([_syntax_problem(exc, name)]) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses: where it stands
        raise DefinitionError([_reader_problem(exc, text, name)]) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every other error carries its mark
        raise DefinitionError([Problem(name, None, None, f"YAML error: {exc}")]) from None
    if node is None:
        raise DefinitionError([Problem(name, None, None, "file is empty")])
    return node


def _reader_problem(exc: yaml.reader.ReaderError, text: str, name: str) -> Problem:
    """A control character (``\\x07``, ``\\x1b``...), located by line and column."""
    at = exc.position
    line, col = text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character))
    return Problem(name, line, col, f"control character U+{code:04X} is not allowed; remove it")


def _syntax_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    message = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
    if "expected a single document" in message:
        message = "more than one YAML document ('---'); a definition file holds one"
    elif "scanning a quoted scalar" in message and exc.context_mark:
        mark, message = exc.context_mark, "quoted text starting here is never closed"
    elif "mapping values are not allowed" in message:
        message = f"{exc.problem} (quote a value that contains ': ')"
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return Problem(name, line, col, f"YAML syntax error: {message}")


class _TooBig(Exception):
    """The document nests too deep or expands to too many nodes."""

    def __init__(self, node: yaml.Node, message: str) -> None:
        super().__init__(message)
        self.line, self.col = node.start_mark.line + 1, node.start_mark.column + 1


def _show_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_STD) if tag.startswith(_STD) else tag


class _Builder:
    """Turns a composed node tree into dicts, lists and scalars, collecting problems.

    ``path`` is the location being built (a stack, not a tuple per node): a problem
    takes a copy of it.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.path: list[str | int] = []
        self.pending: list[tuple[Loc, yaml.Mark, str]] = []
        self.nodes = 0

    def fail(self, node: yaml.Node, message: str) -> None:
        self.pending.append((tuple(self.path), node.start_mark, message))

    def problems(self, data: Any) -> list[Problem]:
        """The problems found, each led by the item and field it is in."""
        found = []
        for loc, mark, message in self.pending:
            prefix = describe(data, loc)
            text = f"{prefix}: {message}" if prefix else message
            found.append(Problem(self.name, mark.line + 1, mark.column + 1, text))
        return found

    def build(self, node: yaml.Node) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise _TooBig(
                node, f"document expands to more than {MAX_NODES:,} nodes (an alias bomb?)"
            )
        if len(self.path) > MAX_DEPTH:
            raise _TooBig(node, f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.fail(node, f"unsupported tag {quote(_show_tag(node.tag))}")
            items, path = [], self.path
            for i, item in enumerate(node.value):
                path.append(i)
                items.append(self.build(item))
                path.pop()
            return items
        assert isinstance(node, yaml.ScalarNode)
        return self.scalar(node)

    def mapping(self, node: yaml.MappingNode) -> dict[str, Any]:
        if node.tag != _MAP:
            self.fail(node, f"unsupported tag {quote(_show_tag(node.tag))}")
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        path = self.path
        for key_node, value_node in node.value:
            key = self.key(key_node)
            if key is None:
                continue
            if key in first_seen:
                self.fail(key_node, f"duplicate key {quote(key)} (first at line {first_seen[key]})")
                continue
            first_seen[key] = key_node.start_mark.line + 1
            path.append(key)
            result[key] = self.build(value_node)
            path.pop()
        return result

    def key(self, node: yaml.Node) -> str | None:
        """A key as written (``2014:`` is the text '2014'), or None when unusable."""
        if node.tag == _MERGE:
            self.fail(node, "merge keys ('<<') are not supported; write the keys out")
            return None
        if type(node) is not yaml.ScalarNode:
            self.fail(node, "a key must be a plain value, not a list or mapping")
            return None
        return _text(node.value)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        tag = node.tag
        if tag == _STR:
            return _text(node.value)
        if tag in _SCALAR_TAGS:
            try:
                return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
            except ValueError:  # e.g. 2014-02-31: keep the text, the schema names the field
                return node.value
        if tag != "!":
            self.fail(node, f"unsupported tag {quote(_show_tag(tag))}")
        return _text(node.value)


def _text(text: str) -> str:
    """Text as NFC (ASCII, the common case, is already)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _walk(root: yaml.Node | None, loc: Loc, *, key: bool) -> yaml.Mark | None:
    """The mark of ``loc`` in the node tree (of its key with ``key``), or of its nearest
    parent there; follows the builder's reading (NFC keys, the first of duplicates)."""
    if root is None:
        return None
    node = root
    for i, step in enumerate(loc):
        found = _child(node, step)
        if found is None:  # no such place: the nearest parent
            return node.start_mark
        key_node, child = found
        if key and i == len(loc) - 1:  # a list item has no key: its list's place
            return node.start_mark if key_node is None else key_node.start_mark
        node = child
    return node.start_mark


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    """The (key node, value node) at ``step`` below ``node``; None if there is none."""
    if type(node) is yaml.SequenceNode and isinstance(step, int):
        return (None, node.value[step]) if 0 <= step < len(node.value) else None
    if type(node) is not yaml.MappingNode or not isinstance(step, str):
        return None
    for key_node, value_node in node.value:
        plain = type(key_node) is yaml.ScalarNode and key_node.tag != _MERGE
        if plain and _text(key_node.value) == step:
            return key_node, value_node
    return None
