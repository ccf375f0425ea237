"""Places inside a YAML file: the key path of a value as text (``nodes[3].options``) and its line.

Content errors (loading, graph), dossier errors and cross-file problems (``Bundle.place``)
all name places this way, so a message reads the same wherever it comes from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

Lines = dict[tuple[Any, ...], int]
"""The line of every key and item of a YAML file, by its key path (``("nodes", 3, "id")``)."""


def dotted(path: Sequence[object]) -> str:
    """``("nodes", 3, "options")`` -> ``nodes[3].options``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def line_of(lines: Mapping[tuple[Any, ...], int], path: Sequence[object]) -> int:
    """The line of ``path``, or of its nearest parent with a known line (1 when none has one)."""
    for end in range(len(path), -1, -1):
        line = lines.get(tuple(path[:end]))
        if line is not None:
            return line
    return 1
