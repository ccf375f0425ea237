"""Errors a content author can fix, reported as ``FILE:LINE: path.to.key: message``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    message: str
    where: str = ""

    def __str__(self) -> str:
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}: {where}{self.message}"


class ContentError(Exception):
    """One or more problems in flow or content files; never a bug in the program."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def unique_keys(message: str) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """A ``json.loads`` object hook that refuses a key given twice (``ValueError(message)``,
    ``{key}`` filled in): the answers of ``advise`` and a dossier export both read this way."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result:
                raise ValueError(message.format(key=key))
            result[key] = value
        return result

    return hook
