"""Read a YAML file into plain Python data, keeping the line of every key and item.

Only ``yaml.safe_load``'s own machinery is used (``yaml.compose`` with the SafeLoader),
and the tree is built here by hand so that we can:

- keep line numbers for every value (errors point at ``FILE:LINE``);
- refuse duplicate keys, which PyYAML silently overwrites;
- refuse anchors and aliases, which closes the "billion laughs" attack;
- refuse every tag that is not plain data (``!!python/object`` and friends);
- keep YAML 1.1's ``yes``/``no``/``on``/``off`` and ``1:20`` as text, not booleans or
  sexagesimal numbers (only ``true``/``false`` are booleans);
- refuse nesting deeper than MAX_DEPTH (libyaml's composer recurses in C: about 30,000
  levels crash the process, so a file that could nest that deep is checked from the
  event stream before it is composed);
- read only regular files, and at most MAX_BYTES of them (a FIFO or /dev/zero would
  hang or fill the memory).

libyaml marks a plain scalar with style ``''``, the pure-Python parser with ``None``:
both are plain, so ``null``, ``~``, numbers and booleans keep their meaning.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml

from meldcode.errors import ContentError, Problem
from meldcode.locations import Lines

MAX_BYTES = 1_000_000
MAX_DEPTH = 50
# Composing is safe this deep (it crashed from ~30,000 levels with an 8 MB thread stack).
SAFE_COMPOSE_DEPTH = 2_000
_TAG = "tag:yaml.org,2002:"
# libyaml's parser when PyYAML has it (20x faster; same nodes and line marks), else pure Python.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_INT = re.compile(r"[-+]?[0-9]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+)([eE][-+]?[0-9]+)?")
_TAB_INDENT = re.compile(r"^ *\t")


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def read_limited(path: Path, limit: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, at most ``limit`` + 1 of them; raises OSError.

    A folder, a FIFO, a device (``/dev/zero``) or a socket is refused before it is
    opened, so reading never blocks or runs out of memory.
    """
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "a pipe, device or socket"
        raise OSError(0, f"this is {kind}, not a regular file")
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as handle:
        return handle.read(limit + 1)


def _decode(path: Path, raw: bytes) -> str:
    name = str(path)
    if len(raw) > MAX_BYTES:
        raise ContentError([Problem(name, 1, f"file is larger than {MAX_BYTES // 1000} kB")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ContentError([Problem(name, line, "not valid UTF-8 text; save the file as UTF-8")]) from None
    if not text.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()):
        raise ContentError([Problem(name, 1, "file is empty; it needs at least one key")])
    tabs = [
        Problem(name, i, "tab used for indentation; YAML needs spaces")
        for i, ln in enumerate(text.splitlines(), 1)
        if _TAB_INDENT.match(ln)
    ]
    if tabs:
        raise ContentError(tabs)
    return text


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if not tag.startswith(_TAG) and tag != "!":
        raise _Refused(node.start_mark.line + 1, f"tag '{tag}' is not allowed; write plain data")
    kind = tag.removeprefix(_TAG)
    if node.style not in (None, "") or kind == "str" or tag == "!":
        return value
    if kind == "null":
        return None
    if kind == "bool":
        return {"true": True, "false": False}.get(value.lower(), value)
    if kind == "int" and _INT.fullmatch(value):
        return int(value)
    if kind == "float" and _FLOAT.fullmatch(value):
        return float(value)
    if kind in {"int", "float", "timestamp", "bool"}:
        return value
    raise _Refused(node.start_mark.line + 1, f"tag '{tag}' is not allowed; write plain data")


def _too_deep(line: int) -> _Refused:
    return _Refused(line, f"nested more than {MAX_DEPTH} levels deep; flatten the lists and mappings")


def _build(node: yaml.Node, path: tuple[Any, ...], lines: Lines, seen: set[int]) -> Any:
    if len(path) >= MAX_DEPTH and not isinstance(node, yaml.ScalarNode):
        raise _too_deep(node.start_mark.line + 1)
    if id(node) in seen:
        raise _Refused(
            node.start_mark.line + 1,
            "anchors and aliases (& and *) are not allowed; write the value out",
        )
    seen.add(id(node))
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.ScalarNode):
        return _scalar(node)
    if node.tag not in (_TAG + "map", _TAG + "seq"):
        raise _Refused(node.start_mark.line + 1, f"tag '{node.tag}' is not allowed")
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*path, i), lines, seen) for i, item in enumerate(node.value)]
    result: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = _build(key_node, (*path, "<key>"), lines, seen)
        if not isinstance(key, str | int):
            raise _Refused(key_node.start_mark.line + 1, "a key must be plain text")
        key = str(key)
        line = key_node.start_mark.line + 1
        if key in result:
            raise _Refused(line, f"duplicate key '{key}' (first at line {lines[(*path, key)]})")
        lines[(*path, key)] = line
        result[key] = _build(value_node, (*path, key), lines, seen)
        lines[(*path, key)] = line
    lines.pop((*path, "<key>"), None)
    return result


_OPENS = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSES = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def _nesting_bound(text: str) -> int:
    """An upper bound of the nesting depth: every list or mapping needs one of these
    characters of its own ([ { - : ?), so it cannot nest deeper than there are of them."""
    return sum(text.count(char) for char in "[{-:?")


def _check_depth(name: str, text: str) -> None:
    """Refuse deep nesting from the event stream (no recursion), before composing."""
    if _nesting_bound(text) <= SAFE_COMPOSE_DEPTH:
        return  # _build refuses what is deeper than MAX_DEPTH, and composing is safe
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, _OPENS):
            depth += 1
            if depth > MAX_DEPTH:
                raise _too_deep(event.start_mark.line + 1)
        elif isinstance(event, _CLOSES):
            depth -= 1


def read_yaml(path: Path) -> tuple[dict[str, Any], Lines]:
    """Parse ``path``; the top level must be a mapping. Raises ContentError."""
    name = str(path)
    try:
        raw = read_limited(path)
    except OSError as exc:
        raise ContentError([Problem(name, 1, f"cannot read file: {exc.strerror}")]) from None
    text = _decode(path, raw)
    try:
        _check_depth(name, text)
        root = yaml.compose(text, Loader=_LOADER)
    except _Refused as exc:
        raise ContentError([Problem(name, exc.line, exc.message)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        what = exc.problem or "invalid YAML"
        start = exc.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            what += f" ({exc.context} at line {start.line + 1})"
        raise ContentError([Problem(name, line, f"YAML syntax error: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(name, 1, f"YAML error: {exc}")]) from None
    if root is None:
        raise ContentError([Problem(name, 1, "file is empty; it needs at least one key")])
    lines: Lines = {}
    try:
        data = _build(root, (), lines, set())
    except _Refused as exc:
        raise ContentError([Problem(name, exc.line, exc.message)]) from None
    if not isinstance(data, dict):
        raise ContentError([Problem(name, 1, "the top level must be a mapping (key: value)")])
    return data, lines
