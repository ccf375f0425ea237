"""One way to name a place in a file: content, dossier and cross-file errors read the same."""

from __future__ import annotations

import pytest

from meldcode.locations import dotted, line_of


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ((), ""),
        (("id",), "id"),
        (("nodes", 3, "options"), "nodes[3].options"),
        (("nodes", 0, "contacts", 1), "nodes[0].contacts[1]"),
        ((0, "answers", 2), "[0].answers[2]"),
        (("steps", "answers", "vermoeden"), "steps.answers.vermoeden"),
    ],
)
def test_dotted(path, text):
    assert dotted(path) == text


LINES = {(): 1, ("nodes",): 4, ("nodes", 0): 5, ("nodes", 0, "options"): 9}


@pytest.mark.parametrize(
    ("path", "line"),
    [
        (("nodes", 0, "options"), 9),
        (("nodes", 0, "options", 1, "label"), 9),  # nearest known parent
        (("nodes", 7), 4),
        (("title",), 1),
    ],
)
def test_line_of_is_the_nearest_known_line(path, line):
    assert line_of(LINES, path) == line


def test_line_of_without_lines_is_line_1():
    assert line_of({}, ("nodes", 2)) == 1
