"""Streamlit's own English strings on the page, replaced by Dutch.

Streamlit 1.67 has no setting for the language of its built-in texts (the file uploader's
"Upload", "Press Ctrl+Enter to apply", "Skip to main content", the table toolbar, the
date input's labels, ...). A small component that runs in the app page itself
(``st.components.v2``: no iframe) installs one ``MutationObserver`` that rewrites those
texts and their ``aria-label``/``placeholder``/``title`` attributes to Dutch as soon as
Streamlit renders them (the observer's callback runs before the browser paints, so the
English never shows). Only whole known strings are replaced (``RULES``); no network, no eval.
Call :func:`install` once per run (pages.py does).

The date input's calendar popup names months and days in the browser's language:
Streamlit 1.67 hands ``navigator.language`` to it (its app context's ``locale``, read at
every render), and ``st.date_input`` has no locale option. On a phone set to English the
calendar said "December", "S M T W T F S" and "Today, Thursday, December 3, 2026". The
component therefore makes ``navigator.language`` (and ``languages``) read ``nl-NL`` in
this page; Streamlit's next render (every rerun) passes it on, so the calendar, its
aria labels and the week starting on Monday follow. Nothing else in the app reads it.
"""

from __future__ import annotations

import json

import streamlit as st

from meldcode.ui import session

# (pattern over the whole, trimmed text; Dutch replacement with $1 for a captured part)
RULES: list[tuple[str, str]] = [
    (r"^Press (?:Ctrl|⌘)\+Enter to apply$", "Ctrl+Enter om op te slaan"),
    (r"^Press Enter to apply$", "Enter om op te slaan"),
    (r"^Upload$", "Bestand kiezen"),
    (r"^Browse files$", "Bestand kiezen"),
    (r"^Drag and drop files? here$", "Sleep een bestand hierheen"),
    (r"^Limit (\d+(?:\.\d+)?) ?([KMG]B) per file(.*)$", "Maximaal $1 $2 per bestand$3"),
    (r"^Limit (.+) per file(.*)$", "Maximaal $1 per bestand$2"),
    (r"^(\d+(?:\.\d+)?) ?([KMG]B) per file(.*)$", "$1 $2 per bestand$3"),
    (r"^(\S+) per file(.*)$", "$1 per bestand$2"),
    (r"^No results$", "Geen resultaten"),
    (r"^Choose an option$", "Maak een keuze"),
    (r"^Choose options$", "Maak een keuze"),
    (r"^Skip to main content$", "Naar de inhoud"),
    (r"^Expand sidebar$", "Menu openen"),
    (r"^Collapse sidebar$", "Menu sluiten"),
    (r"^Sidebar$", "Menu"),
    (r"^App pages$", "Pagina's"),
    (r"^Help for (.+)$", "Uitleg bij $1"),
    (r"^Link to heading$", "Link naar deze kop"),
    (r"^Download as CSV$", "Downloaden als CSV"),
    (r"^Search$", "Zoeken"),
    (r"^Clear search$", "Zoekopdracht wissen"),
    (r"^Fullscreen$", "Volledig scherm"),
    (r"^Close fullscreen$", "Volledig scherm sluiten"),
    (r"^Scroll tabs right$", "Tabbladen naar rechts"),
    (r"^Scroll tabs left$", "Tabbladen naar links"),
    (r"^Open$", "Openen"),
    (r"^Close$", "Sluiten"),
    (r"^Dismiss$", "Sluiten"),
    (r"^Add: (.+)$", "Andere gemeente: $1"),
    (r"^Clear all$", "Alles wissen"),
    (r"^Clear value$", "Wissen"),
    (r"^Choose date(.*)$", "Kies een datum$1"),
    (r"^Selected date is (.+)$", "Gekozen datum: $1"),
    (r"^day, (.*)$", "dag, $1"),
    (r"^month, (.*)$", "maand, $1"),
    (r"^year, (.*)$", "jaar, $1"),
    (r"^(dd)([/.-])(mm)\2yyyy$", "$1$2$3$2jjjj"),
    (r"^(DD)([/.-])(MM)\2YYYY$", "$1$2$3$2JJJJ"),
    (r"^yyyy$", "jjjj"),
    (r"^YYYY$", "JJJJ"),
    (r"^Empty$", "leeg"),
    (r"^Previous month\.?$", "Vorige maand"),
    (r"^Next month\.?$", "Volgende maand"),
]

_JS = """
const ATTRS = ["aria-label", "aria-valuetext", "placeholder", "title"];

function translate(rules, text) {
  const trimmed = text.trim();
  if (!trimmed || trimmed.length > 120) return null;
  for (const [re, to] of rules) {
    if (re.test(trimmed)) {
      const out = trimmed.replace(re, to);
      return out === trimmed ? null : text.replace(trimmed, out);
    }
  }
  return null;
}

function fixElement(rules, el) {
  for (const name of ATTRS) {
    const value = el.getAttribute(name);
    if (value === null) continue;
    const out = translate(rules, value);
    if (out !== null) el.setAttribute(name, out);
  }
}

function fixTree(rules, root) {
  if (root.nodeType === Node.TEXT_NODE) {
    const out = translate(rules, root.nodeValue || "");
    if (out !== null) root.nodeValue = out;
    return;
  }
  if (root.nodeType !== Node.ELEMENT_NODE) return;
  fixElement(rules, root);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) {
      const out = translate(rules, node.nodeValue || "");
      if (out !== null) node.nodeValue = out;
    } else {
      fixElement(rules, node);
    }
  }
}

// Streamlit gives the date input's calendar navigator.language (read at every render).
function dutchLocale(locale) {
  for (const [name, value] of [["language", locale], ["languages", [locale, locale.split("-")[0]]]]) {
    try {
      Object.defineProperty(navigator, name, {configurable: true, get: () => value});
    } catch (e) { /* a browser that refuses: the calendar stays in the browser's language */ }
  }
}

export default function (component) {
  const { data } = component;
  const g = window.__meldcodeDutch || (window.__meldcodeDutch = {});
  if (g.observer || !data) return;
  const rules = data.rules.map(([re, to]) => [new RegExp(re), to]);
  dutchLocale(data.locale);
  g.observer = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === "childList") m.addedNodes.forEach((n) => fixTree(rules, n));
      else if (m.type === "characterData") fixTree(rules, m.target);
      else if (m.type === "attributes") fixElement(rules, m.target);
    }
  });
  g.observer.observe(document.documentElement, {
    subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS,
  });
  fixTree(rules, document.documentElement);
}
"""

_component = st.components.v2.component("meldcode_dutch", js=_JS)
LOCALE = "nl-NL"  # navigator.language in the page: the date input's calendar (months, days, aria labels)
_DATA = {"rules": json.loads(json.dumps(RULES)), "locale": LOCALE}




def install() -> None:
    """Mount the translator once per session (in the sidebar: no space taken in the page).

    Its observer stays in the page after the first run, so later runs skip the element
    (one less per click). A new session (reload, reconnect) mounts it again."""
    if not session.first_time(session.DUTCH_MOUNTED):
        return
    with st.sidebar:
        _component(key="meldcode_dutch", data=_DATA)
