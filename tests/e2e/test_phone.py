"""On a phone (390x844): tap targets, the menu, the next question in view, the Advies log.

Streamlit has no setting for widget sizes; meldcode/ui/phone.py's style sheet sets them.
These tests measure what a thumb meets, so a Streamlit upgrade that changes its markup
fails here. Screenshots go to MELDCODE_SHOTS (default: the test's tmp_path).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Locator, Page, expect

from .flow_texts import (
    HULP_AANVAARD,
    HULP_MOGELIJK,
    MELDEN_ONVEILIGHEID,
    ONVEILIGHEID,
    STEP_DONE,
    STEP_QUESTION,
    VERMOEDEN,
    option,
)
from .streamlit_helpers import act, answer, goto, navigate, radio_group
from .test_pages_smoke import PAGES, screenshot, shots  # noqa: F401  (shots is a fixture)

PHONE = {"width": 390, "height": 844}
MIN = 44

# A link inside running text (a tel: link in a sentence): its block holds other text too.
# WCAG 2.5.8 exempts such inline targets from the target size; they must not overlap the
# lines around them instead (test_inline_links_do_not_overlap_other_lines). A link alone
# in its block is a standalone control and is measured like a button.
IS_INLINE_JS = """(a) => {
  if (a.tagName !== 'A') return false;
  const block = a.closest('p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6');
  return Boolean(block) && block.textContent.trim() !== a.textContent.trim();
}"""

# Every element a finger can activate. An <input> inside a <label> is tapped through its
# label, a select's parts through the select control as a whole. Besides its size, a
# target whose label overflows it (tabs squeezed into each other) is reported.
MEASURE_JS = """(min) => {
  const isInline = %IS_INLINE%;
  const sel = 'button, a[href], input, textarea, select, summary, [role=radio], [role=checkbox], [role=tab], '
    + '[role=button], [role=link], [role=spinbutton]';
  const boxes = [];
  for (const e of document.querySelectorAll(sel)) {
    if (isInline(e)) continue;
    let target = e;
    if (e.tagName === 'INPUT' && e.closest('label')) target = e.closest('label');
    // One control, tapped anywhere: a select box, a date field (its day/month/year parts).
    const select = e.closest('[data-baseweb="select"], [data-testid="stSelectbox"] [role="group"], '
      + '[data-testid="stDateInputField"]');
    if (select) target = select;
    const r = target.getBoundingClientRect();
    // Visually hidden (the skip link until it has focus) or off-screen (a closed sidebar).
    if (r.width <= 1 || r.height <= 1 || r.right <= 0 || r.left >= window.innerWidth) continue;
    const style = getComputedStyle(target);
    if (style.visibility === 'hidden' || style.display === 'none') continue;
    if (target.closest('[aria-hidden="true"]')) continue;
    boxes.push({
      what: (e.getAttribute('aria-label') || e.innerText || e.getAttribute('data-testid') || e.tagName)
        .replace(/\\s+/g, ' ').slice(0, 60),
      testid: (e.closest('[data-testid]') || e).getAttribute('data-testid'),
      w: Math.round(r.width * 10) / 10, h: Math.round(r.height * 10) / 10,
      clipped: target.scrollWidth > target.clientWidth + 1 && getComputedStyle(target).overflowX === 'visible',
    });
  }
  return boxes.filter((b) => b.w < min || b.h < min || b.clipped);
}""".replace("%IS_INLINE%", IS_INLINE_JS)


@pytest.fixture
def phone(new_context: Callable[..., BrowserContext]) -> Page:
    return new_context(viewport=PHONE).new_page()


def small_targets(page: Page) -> list[str]:
    return [
        f"{b['testid']} {b['what']!r}: {b['w']}x{b['h']}{' (label overflows)' if b['clipped'] else ''}"
        for b in page.evaluate(MEASURE_JS, MIN)
    ]


def open_menu(page: Page) -> Locator:
    page.get_by_test_id("stExpandSidebarButton").click()
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    expect(sidebar.get_by_test_id("stSidebarNav")).to_be_in_viewport()
    return sidebar


@pytest.mark.parametrize("name", PAGES)
def test_every_tap_target_is_44_px(phone: Page, app_url: str, name: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, PAGES[name])
    # Measured with the menu closed (the page) and open (the menu over the page).
    problems = small_targets(phone)
    screenshot(phone, shots / f"phone-targets-{name}.png")
    open_menu(phone)
    problems += [f"(menu open) {p}" for p in small_targets(phone)]
    assert not problems, f"tap targets under {MIN}x{MIN} px on {name!r}:\n" + "\n".join(problems)


SHRINK_JS = """() => {
  // A Streamlit upgrade (or a style sheet) that drops the 44 px of the page links and buttons.
  const style = document.createElement('style');
  style.textContent = '[data-testid="stPageLink-NavLink"], button[data-testid^="stBaseButton"] '
    + '{ min-height: 0 !important; height: 24px !important; padding: 0 !important; '
    + 'box-sizing: border-box !important; }';
  document.head.appendChild(style);
  // A link alone in its paragraph (a standalone control), and one inside a sentence.
  const text = document.querySelector('[data-testid="stMain"] [data-testid="stMarkdownContainer"]');
  text.insertAdjacentHTML('beforeend',
    '<p><a href="#alleen">Alleen een link</a></p><p>Een zin met <a href="#zin">een link</a> erin.</p>');
}"""


def test_the_tap_target_check_finds_a_shrunk_control(phone: Page, app_url: str) -> None:
    """The check itself: a page link or button under 44 px and a lone small link fail; a link in a sentence not."""
    goto(phone, app_url, "")
    expect(phone.get_by_test_id("stPageLink-NavLink").first).to_be_visible()
    phone.evaluate(SHRINK_JS)
    problems = "\n".join(small_targets(phone))
    assert "stPageLink-NavLink" in problems, problems
    assert "stBaseButton" in problems, problems
    assert "'Alleen een link'" in problems, problems
    assert "'een link'" not in problems, problems


# Every inline link against the text of the lines above and below it in the same text block
# (a padded inline box does not move those lines: its padding would cover them).
OVERLAP_JS = """() => {
  const isInline = %IS_INLINE%;
  const found = [];
  let checked = 0;
  for (const a of document.querySelectorAll('a[href]')) {
    if (!isInline(a)) continue;
    const scope = a.closest('[data-testid="stMarkdownContainer"]')
      || a.closest('p, li, td, th, dd, dt, figcaption, h1, h2, h3, h4, h5, h6');
    const others = [];
    const walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (a.contains(n) || !n.nodeValue.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) others.push([n.nodeValue.trim(), r]);
    }
    for (const box of a.getClientRects()) {
      if (box.width <= 0 || box.height <= 0) continue;
      checked += 1;
      const mid = (box.top + box.bottom) / 2;
      for (const [what, r] of others) {
        // Text on the link's own line is beside it, not above or below.
        if (Math.abs((r.top + r.bottom) / 2 - mid) < Math.min(box.height, r.height) / 2) continue;
        const overlap = Math.min(box.bottom, r.bottom) - Math.max(box.top, r.top);
        if (overlap > 1) {
          found.push(`${a.textContent.trim()} [${Math.round(box.top)}-${Math.round(box.bottom)}] over `
            + `"${what.slice(0, 40)}" [${Math.round(r.top)}-${Math.round(r.bottom)}]`);
        }
      }
    }
  }
  return {checked, found};
}""".replace("%IS_INLINE%", IS_INLINE_JS)
OLD_PADDING = '[data-testid="stMarkdownContainer"] a { padding: 12px 10px; margin: 0 -10px; }'


def overlapping_links(page: Page) -> tuple[int, list[str]]:
    result = page.evaluate(OVERLAP_JS)
    return result["checked"], result["found"]


def test_inline_links_do_not_overlap_other_lines(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    """The tel: links in the banner (two lines at 390 px) and every tab of Naslag (contacts, websites)."""
    goto(phone, app_url, "")
    checked, found = overlapping_links(phone)
    assert checked >= 2, "the banner's 112 and 0800-2000 were not measured"
    assert not found, "inline links over the line above or below on start:\n" + "\n".join(found)
    # The check itself: the tap padding these links once had makes them overlap.
    phone.evaluate(
        "(css) => { const s = document.createElement('style'); s.textContent = css; document.head.appendChild(s); }",
        OLD_PADDING,
    )
    assert overlapping_links(phone)[1], "the overlap check found nothing with padded inline links"

    goto(phone, app_url, PAGES["naslag"])
    tabs = phone.get_by_test_id("stMain").get_by_role("tab")
    expect(tabs.first).to_be_visible()
    total = 0
    for i in range(tabs.count()):
        tabs.nth(i).click()
        expect(tabs.nth(i)).to_have_attribute("aria-selected", "true")
        checked, found = overlapping_links(phone)
        total += checked
        assert not found, f"inline links over other lines on naslag, tab {i + 1}:\n" + "\n".join(found)
    assert total > 2 * tabs.count(), "no inline links found in Naslag's tabs"
    screenshot(phone, shots / "phone-naslag-links.png")


def test_tap_targets_on_advies_with_an_outcome(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    """Advies filled in: downloads, the log, expanders, the import."""
    goto(phone, app_url, "snelle-check")
    answer(phone, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(phone, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))
    expect(phone.get_by_test_id("stMain").get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()
    assert not small_targets(phone), small_targets(phone)
    navigate_on_phone(phone, "Advies")
    expect(phone.get_by_role("button", name="Download als PDF")).to_be_visible()
    screenshot(phone, shots / "phone-advies-outcome.png")
    problems = small_targets(phone)
    assert not problems, "tap targets under 44 px on Advies:\n" + "\n".join(problems)


def test_tap_targets_with_the_evaluation_date(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    """The help runs: the date input, its calendar file and the evaluation button."""
    goto(phone, app_url, "snelle-check")
    answer(phone, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(phone, ONVEILIGHEID, option(ONVEILIGHEID, "nee"))
    answer(phone, HULP_MOGELIJK, option(HULP_MOGELIJK, "ja"))
    answer(phone, HULP_AANVAARD, option(HULP_AANVAARD, "ja"))
    date = phone.get_by_test_id("stDateInput")
    expect(date).to_be_visible()
    date.scroll_into_view_if_needed()
    screenshot(phone, shots / "phone-evaluation-date.png")
    problems = small_targets(phone)
    assert not problems, "tap targets under 44 px with the evaluation date:\n" + "\n".join(problems)
    # Its calendar: the days, the month arrows, the month and year menus.
    date.get_by_test_id("stDateInputField").click()
    calendar = phone.get_by_test_id("stDateInputCalendar")
    expect(calendar.get_by_role("grid")).to_be_visible()
    screenshot(phone, shots / "phone-evaluation-calendar.png")
    problems = small_targets(phone)
    assert not problems, "tap targets under 44 px in the calendar:\n" + "\n".join(problems)


def navigate_on_phone(page: Page, title: str) -> None:
    open_menu(page)
    navigate(page, title)


def test_menu_closes_after_choosing_a_page(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, "")
    for title, heading in (("Naslag", "Naslag"), ("Snelle check", "Snelle check")):
        navigate_on_phone(phone, title)
        sidebar = phone.get_by_test_id("stSidebar")
        expect(sidebar).to_have_attribute("data-collapsed", "true")
        expect(sidebar.get_by_test_id("stSidebarNav")).not_to_be_in_viewport()
        expect(phone.get_by_role("heading", name=re.compile(heading)).first).to_be_in_viewport()
    screenshot(phone, shots / "phone-after-menu.png")


def test_desktop_menu_stays_open(page: Page, app_url: str) -> None:
    """At 1280x800 the sidebar sits beside the page: choosing a page keeps it."""
    goto(page, app_url, "")
    navigate(page, "Naslag")
    expect(page.get_by_test_id("stSidebar").get_by_test_id("stSidebarNav")).to_be_in_viewport()


def in_view(page: Page, group: Locator) -> None:
    expect(group).to_have_count(1)
    expect(group).to_be_in_viewport(ratio=1)


def test_next_question_in_view_snelle_check(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, "snelle-check")
    answer(phone, VERMOEDEN, option(VERMOEDEN, "ja"))
    in_view(phone, radio_group(phone, ONVEILIGHEID))
    screenshot(phone, shots / "phone-snelle-check-next.png")


def test_next_question_in_view_stappenplan(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, "stappenplan")
    answer(phone, STEP_QUESTION, STEP_DONE[1])
    group = phone.get_by_test_id("stMain").get_by_role("radiogroup").last
    expect(group).not_to_have_accessible_name(STEP_QUESTION)  # the kindcheck now
    expect(group).to_be_in_viewport(ratio=1)
    screenshot(phone, shots / "phone-stappenplan-next.png")


@pytest.mark.parametrize("path", ["medewerker", "kinderen-onderling"])
def test_next_question_in_view_routes(phone: Page, app_url: str, path: str) -> None:
    goto(phone, app_url, path)
    form = phone.get_by_test_id("stMain").get_by_test_id("stForm").first
    first = form.get_by_role("radiogroup")
    expect(first).to_have_count(1)
    asked = first.evaluate("e => e.closest('[data-testid=stRadio]').innerText")
    first.locator("label").first.click()
    act(phone, form.get_by_role("button", name="Volgende", exact=True).click)
    nxt = phone.get_by_test_id("stMain").get_by_test_id("stForm").get_by_role("radiogroup")
    expect(nxt).to_have_count(1)
    assert nxt.evaluate("e => e.closest('[data-testid=stRadio]').innerText") != asked
    expect(nxt).to_be_in_viewport(ratio=1)


def test_advies_log_shows_tijd_and_wat_on_a_phone(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    goto(phone, app_url, "snelle-check")
    answer(phone, VERMOEDEN, option(VERMOEDEN, "ja"))
    navigate_on_phone(phone, "Advies")
    log = phone.get_by_test_id("stMain").locator('[class*="st-key-narrow_only_log"]')
    expect(log).to_be_visible()
    item = log.get_by_role("listitem").first
    item.scroll_into_view_if_needed()
    expect(item).to_contain_text(re.compile(r"\d{2}-\d{2}-\d{4} \d{2}:\d{2}"))  # Tijd
    expect(item).to_contain_text(option(VERMOEDEN, "ja"))  # Wat
    box = item.bounding_box()
    assert box is not None
    assert 0 <= box["x"] <= box["x"] + box["width"] <= PHONE["width"], box
    expect(phone.get_by_test_id("stMain").get_by_test_id("stDataFrame")).to_be_hidden()
    screenshot(phone, shots / "phone-advies-log.png")


def test_advies_log_is_a_table_on_a_laptop(page: Page, app_url: str) -> None:
    goto(page, app_url, "snelle-check")
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    navigate(page, "Advies")
    expect(page.get_by_test_id("stMain").get_by_test_id("stDataFrame")).to_be_visible()
    expect(page.get_by_test_id("stMain").locator('[class*="st-key-narrow_only_log"]')).to_be_hidden()


OPEN_QUESTION_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const groups = [...main.querySelectorAll('[data-testid="stRadio"] [role="radiogroup"]')];
  const open = groups.find((g) => !g.querySelector('input:checked'));
  return open ? open.getAttribute('aria-label') : null;
}"""
NEXT = re.compile(r"^(Volgende stap|Naar de (afwegings)?vragen|Verder)$")
# Something to do on the practice page: an open question, a button on, or the end.
SETTLED_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  if (main.querySelector('[data-testid="stRadio"] [role="radiogroup"]:not(:has(input:checked))')) return true;
  return [...main.querySelectorAll('button')].some(
    (b) => /^(Volgende stap|Naar de (afwegings)?vragen|Verder|Opnieuw proberen)$/.test(b.innerText.trim()));
}"""


def test_next_question_in_view_oefenen(phone: Page, app_url: str, shots: Path) -> None:  # noqa: F811
    """Through a practice case: after every answer or step, the open question is in view."""
    goto(phone, app_url, "oefenen")
    main = phone.get_by_test_id("stMain")
    act(phone, main.get_by_role("button", name=re.compile("^(Begin met stap 1|Verder naar de feiten)$")).click)
    seen = 0
    for _ in range(25):
        phone.wait_for_function(SETTLED_JS)
        name = phone.evaluate(OPEN_QUESTION_JS)
        if name is None:
            button = main.get_by_role("button", name=NEXT)
            if not button.count():
                break
            act(phone, button.first.click)
            continue
        # The scroll follows the rerun within a frame or a few: wait for it.
        group = main.get_by_role("radiogroup", name=name, exact=True)
        expect(group).to_be_in_viewport(ratio=1)
        seen += 1
        act(phone, group.locator("label").first.click)
        answer_button = main.get_by_role("button", name="Antwoord geven")
        if answer_button.count():
            act(phone, answer_button.first.click)
    assert seen >= 3, f"only {seen} questions reached"
    screenshot(phone, shots / "phone-oefenen-next.png")
