"""On a phone: tap targets of 44×44 px, the menu closing after a choice, the next question in view.

Streamlit 1.67 has no theme or config setting for the size of its widgets, so one style
sheet (``CSS``, only on narrow screens) raises every tap target to 44×44 px; the
Playwright test tests/e2e/test_phone.py measures them on every page, so an upgrade that
changes Streamlit's markup fails there. A link inside running text (a ``tel:`` link in a
sentence) is not padded: padding an inline box does not move the lines around it, so its
tap area would cover the line above and below (WCAG 2.5.8 exempts such inline targets).
A link or button that stands alone is a widget (``st.page_link``, ``st.button``, ...) and
keeps 44 px; a phone number does not break across lines. The same small component (``st.components.v2``,
it runs in the app page itself) closes the sidebar after a page is chosen in it on a
narrow screen (Streamlit leaves it open over the page there), chooses the page again when
the click only saved a note being typed, and after an answer scrolls the next question
into view. No network, no eval. Call :func:`install` once per run.
"""

from __future__ import annotations

import streamlit as st

from meldcode.ui import session

NARROW = "(max-width: 768px)"
WIDE = "(min-width: 769px)"
TAP = "44px"
# Keys of containers shown only on a wide or only on a narrow screen (st-key-<key> classes).
WIDE_ONLY = "wide_only"
NARROW_ONLY = "narrow_only"

CSS = f"""
[data-testid="stForm"], [data-testid="stRadio"] {{ scroll-margin-top: 4.5rem; }}
@media {WIDE} {{ [class*="st-key-{NARROW_ONLY}"] {{ display: none; }} }}
@media {NARROW} {{ [class*="st-key-{WIDE_ONLY}"] {{ display: none; }} }}
@media {NARROW} {{
  [data-testid="stRadio"] label, [data-testid="stCheckbox"] label {{
    min-height: {TAP}; align-items: center; margin-bottom: 0;
    /* An option over two lines gets air too, not only the one-line ones (44 px tall). */
    padding-block: 6px; box-sizing: border-box;
  }}
  /* Stacked options touch (each label is 44 px high); options side by side keep their gap. */
  [data-testid="stRadio"] [role="radiogroup"] {{ row-gap: 0; }}
  [data-testid="stExpandSidebarButton"], [data-testid="stSidebarCollapseButton"] button,
  [data-testid="stSidebarNavLink"], [data-testid="stPageLink-NavLink"],
  [data-testid="stElementToolbar"] button, [data-testid="stTabsScrollRight"], [data-testid="stTabsScrollLeft"] {{
    min-height: {TAP}; min-width: {TAP}; align-items: center; justify-content: center;
  }}
  [data-testid="stSidebarNavLink"], [data-testid="stPageLink-NavLink"] {{ justify-content: flex-start; }}
  button[data-testid^="stBaseButton"], [data-testid="stButtonGroup"] button, [data-testid="stTab"] {{
    min-height: {TAP}; min-width: {TAP};
  }}
  /* A min-width replaces a flex item's own (its label's) minimum: tabs would shrink into each other. */
  [data-testid="stTab"] {{ flex-shrink: 0; }}
  [data-testid="stExpander"] summary {{ min-height: {TAP}; }}
  [data-baseweb="select"] > div, [data-baseweb="input"], [data-baseweb="base-input"],
  [data-testid="stSelectbox"] [role="group"], [data-testid="stMultiSelect"] [role="group"] {{ min-height: {TAP}; }}
  [data-testid="stTooltipHoverTarget"] button {{
    min-width: {TAP}; min-height: {TAP}; margin: -14px; display: inline-flex;
    align-items: center; justify-content: center;
  }}
  [data-testid="stTextInputField"], [data-testid="stDateInputField"] {{ min-height: {TAP}; }}
  /* The date input's calendar: days 24 px, month arrows and menus under 44 (7 x 44 px fits 390). */
  [data-testid="stDateInputCalendar"] [role="gridcell"] > [role="button"] {{
    width: {TAP}; height: {TAP}; min-width: {TAP}; min-height: {TAP};
  }}
  [data-testid="stDateInputCalendar"] button {{ min-width: {TAP}; min-height: {TAP}; }}
  [data-testid="stHeaderActionElements"] {{ display: none; }}
}}
[data-testid="stMarkdownContainer"] a[href^="tel:"] {{ white-space: nowrap; }}
"""

_JS = """
const NARROW = "%NARROW%";

function narrow() { return window.matchMedia(NARROW).matches; }

function idle() {
  const app = document.querySelector('[data-testid="stApp"]');
  return !app || app.getAttribute("data-test-script-state") === "notRunning";
}

// The question to answer now: the first radio group of the main page with no answer yet,
// else the last one in a form (a question asked again, with its answer preselected).
function nextQuestion() {
  const groups = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stRadio"] [role="radiogroup"]')]
    .filter((e) => !e.closest('[data-stale="true"]'));
  const open = groups.find((e) => !e.querySelector('input:checked'));
  if (open) return open.closest('[data-testid="stForm"]') || open.closest('[data-testid="stRadio"]') || open;
  const inForm = groups.filter((e) => e.closest('[data-testid="stForm"]'));
  return inForm.length ? inForm[inForm.length - 1].closest('[data-testid="stForm"]') : null;
}

function inView(el) {
  const r = el.getBoundingClientRect();
  return r.top >= 0 && r.bottom <= window.innerHeight;
}

function scrollToQuestion(g) {
  if (!idle()) return;
  if (g.wantScroll) {
    g.wantScroll = false;
    g.scrollUntil = Date.now() + 1000;
    // The page may still settle (images, expanders, fonts): look again a few times.
    for (const ms of [120, 350, 700]) setTimeout(() => scrollToQuestion(g), ms);
  }
  if (!g.scrollUntil || Date.now() > g.scrollUntil) return;
  const form = nextQuestion();
  if (!form || inView(form)) return;
  // A short question in the middle (its button below it shows too), a tall form from its top.
  const tall = form.getBoundingClientRect().height > window.innerHeight * 0.6;
  form.scrollIntoView({block: tall ? "start" : "center", behavior: "instant"});
}

// A page chosen in the menu while a note had focus: the click's blur sends the note, and
// the rerun that saves it swallows the page change. Once idle, choose the page again: up to
// three times, a second apart (a slow machine may swallow a try too), never in a loop.
function renavigate(g) {
  const nav = g.nav;
  if (!nav || Date.now() - nav.at > 10000 || nav.tries >= 3) { g.nav = null; return; }
  if (window.location.pathname === nav.path) { g.nav = null; return; }
  if (Date.now() - nav.last < 1000) return;
  const links = document.querySelectorAll('[data-testid="stSidebarNav"] a');
  const again = [...links].find((a) => new URL(a.href).pathname === nav.path);
  if (!again) { g.nav = null; return; }
  nav.tries += 1;
  nav.last = Date.now();
  g.reclick = true;  // this click is ours: it must not start a new round of tries
  try { again.click(); } finally { g.reclick = false; }
}

function install(g, css) {
  if (g.installed) return;
  g.installed = true;
  const style = document.createElement("style");
  style.id = "meldcode-phone";
  style.textContent = css;
  document.head.appendChild(style);
  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    // A page chosen in the sidebar: on a narrow screen the sidebar covers the page, so close it.
    const link = target.closest('[data-testid="stSidebarNav"] a');
    if (link && !g.reclick) {
      g.nav = {path: new URL(link.href).pathname, at: Date.now(), tries: 0, last: 0};
      // A very short rerun may never show as a change of the script state: look again.
      for (const ms of [300, 800, 1600, 2600, 4000, 6000]) setTimeout(() => { if (idle()) renavigate(g); }, ms);
    }
    if (link && narrow()) {
      setTimeout(() => {
        const close = document.querySelector('[data-testid="stSidebarCollapseButton"] button');
        const sidebar = document.querySelector('[data-testid="stSidebar"]');
        if (close && sidebar && sidebar.getAttribute("data-collapsed") !== "true") close.click();
      }, 0);
    }
    // An answer given: after the rerun, bring the next question into view.
    const group = target.closest('[data-testid="stMain"] [data-testid="stRadio"] [role="radiogroup"]');
    const buttons = '[data-testid="stForm"] button, [data-testid="stButton"] button';
    if ((target.closest(buttons) && target.closest('[data-testid="stMain"]'))
        || (group && !group.closest('[data-testid="stForm"]'))) {
      g.wantScroll = true;
      g.wantSince = Date.now();
    }
  }, true);
  new MutationObserver(() => {
    if (idle()) renavigate(g);
    if (g.wantScroll && Date.now() - g.wantSince > 10000) g.wantScroll = false;
    if (g.wantScroll && idle()) requestAnimationFrame(() => scrollToQuestion(g));
  }).observe(document.body, {subtree: true, attributes: true, attributeFilter: ["data-test-script-state"]});
}

export default function (component) {
  const { data } = component;
  const g = window.__meldcodePhone || (window.__meldcodePhone = {});
  if (data) install(g, data.css);
}
""".replace("%NARROW%", NARROW)

_component = st.components.v2.component("meldcode_phone", js=_JS)




def install() -> None:
    """Mount the style sheet and the behaviours once per session (in the sidebar: no space taken).

    They stay in the page after the first run, so later runs skip the element (one less per
    click). A new session (reload, reconnect) mounts it again."""
    if not session.first_time(session.PHONE_MOUNTED):
        return
    with st.sidebar:
        _component(key="meldcode_phone", data={"css": CSS})
