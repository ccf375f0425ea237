"""AppTest helpers: one page of the app, with the acute-danger banner, as a user sees it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def _page_script(module_name: str, root: str) -> None:
    """Runs inside AppTest: the banner and one page, as pages.py shows them."""
    import importlib
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from meldcode.ui import components

    page = importlib.import_module(f"meldcode.ui.{module_name}")
    components.acute_banner()
    page.render()


@pytest.fixture
def app() -> Callable[[str], AppTest]:
    """``app("snelle_check")`` gives a run AppTest of that page."""

    def build(module_name: str) -> AppTest:
        at = AppTest.from_function(_page_script, args=(module_name, str(ROOT)), default_timeout=30)
        return at.run()

    return build


def texts(at: AppTest) -> str:
    """Everything the user reads: markdown, alerts, captions, titles, as one string."""
    parts = [e.value for kind in ("markdown", "caption", "title", "subheader", "header") for e in getattr(at, kind)]
    parts += [e.value for kind in ("error", "warning", "success", "info") for e in getattr(at, kind)]
    return "\n".join(str(p) for p in parts)


@pytest.fixture
def shown() -> Callable[[AppTest], str]:
    """``shown(at)``: all text on the page, to assert what the user reads."""
    return texts
