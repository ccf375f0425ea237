"""Every page's title and icon are written once (meldcode/ui/nav.py): the menu and every link use them."""

from __future__ import annotations

import re
from pathlib import Path

from meldcode.ui import nav, pages

ROOT = Path(__file__).resolve().parents[2]


def test_the_menu_holds_every_named_page_and_nothing_else():
    in_menu = [url for items in pages.PAGES.values() for url, _ in items]
    assert len(in_menu) == len(set(in_menu))
    assert {*in_menu, pages.SCREEN[0]} == set(nav.PAGES)


def test_every_link_names_a_page_that_exists_and_no_page_title_is_written_out_elsewhere():
    linked, written_out = set(), []
    titles = {name.title for name in nav.PAGES.values() if len(name.title.split()) > 2}
    for path in sorted((ROOT / "meldcode" / "ui").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        linked |= set(re.findall(r"""page_link\(\s*["']([a-z-]+)["']""", source))
        if path.name != "nav.py":
            written_out += [f"{path.name}: {t}" for t in titles if f'"{t}"' in source]
    assert linked
    assert linked <= set(nav.PAGES)
    assert written_out == []
