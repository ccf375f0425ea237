"""The whole app (app.py) on broken copies of flows/ and content/ (R6, R7).

The friendly content-error screen used to never appear: pages.run caught the
ContentError and called acute_banner(), which loaded the content again and raised. Now
the banner falls back to its built-in 112 and 0800-2000, and every kind of broken
content shows the screen with the FILE:LINE problems instead of a crash.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.test_content_hardening import rename

ROOT = Path(__file__).resolve().parents[2]
SCREEN = "De inhoud van de app bevat fouten en kan niet worden geladen."


def _remove(name: str) -> Callable[[Path], None]:
    return lambda root: (root / "content" / name).unlink()


def _replace_with_folder(root: Path) -> None:
    (root / "content" / "glossary.yaml").unlink()
    (root / "content" / "glossary.yaml").mkdir()


def _loop(root: Path) -> None:
    path = root / "content" / "signals.yaml"
    path.unlink()
    path.symlink_to(path)


def _dev_zero(root: Path) -> None:
    path = root / "content" / "signals.yaml"
    path.unlink()
    path.symlink_to("/dev/zero")


def _deep(root: Path) -> None:
    (root / "content" / "signals.yaml").write_text("groups: " + "[" * 100_000 + "]" * 100_000 + "\n")


BREAKAGES: dict[str, Callable[[Path], None]] = {
    "contacts.yaml missing": _remove("contacts.yaml"),
    "sectors.yaml missing": _remove("sectors.yaml"),
    "regions.yaml missing": _remove("regions.yaml"),
    "alarmnummer renamed": lambda root: rename(root, "alarmnummer", "noodnummer"),
    "veilig_thuis renamed": lambda root: rename(
        root, "veilig_thuis", "vt", ("flows/*.yaml", "content/contacts.yaml")
    ),
    "flow medewerker renamed": lambda root: rename(root, "medewerker", "personeel"),
    "option acuut renamed": lambda root: rename(root, "acuut", "spoed"),
    "glossary.yaml a folder": _replace_with_folder,
    "signals.yaml a link loop": _loop,
    "signals.yaml linked to /dev/zero": _dev_zero,
    "signals.yaml 100,000 deep": _deep,
}


@pytest.fixture
def broken_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], AppTest]:
    def build(breakage: str) -> AppTest:
        for folder in ("flows", "content"):
            shutil.copytree(ROOT / folder, tmp_path / folder)
        BREAKAGES[breakage](tmp_path)
        monkeypatch.setenv("MELDCODE_ROOT", str(tmp_path))
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()

    return build


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_broken_content_shows_the_error_screen_and_the_acute_numbers(broken_app, breakage, tmp_path):
    at = broken_app(breakage)
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("Acuut gevaar: bel [112](tel:112)" in e and "[0800-2000](tel:08002000)" in e for e in errors), errors
    assert any(SCREEN in e for e in errors), errors
    problems = "\n".join(c.value for c in at.code)
    assert str(tmp_path) in problems  # FILE:LINE lines naming the broken copy
    assert "Traceback" not in problems


def test_the_real_content_shows_the_start_page(monkeypatch):
    monkeypatch.delenv("MELDCODE_ROOT", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not at.exception
    assert not any(SCREEN in e.value for e in at.error)
    assert any("Acuut gevaar: bel [112](tel:112)" in e.value for e in at.error)


def test_the_environment_variable_is_read_per_run(monkeypatch, tmp_path):
    """The cache is per content folder: a test (or a second app) with another folder gets its own."""
    monkeypatch.setenv("MELDCODE_ROOT", str(tmp_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert any(SCREEN in e.value for e in at.error)
    assert os.environ["MELDCODE_ROOT"] == str(tmp_path)
