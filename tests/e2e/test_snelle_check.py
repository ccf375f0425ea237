"""Snelle check, clicked through in a real browser: decisions, reasons, Veilig Thuis, and
changing an earlier answer drops the outcome that no longer applies."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .flow_texts import (
    HULP_MOGELIJK,
    HULP_VERLENEN,
    MELDEN_HULP_NIET_MOGELIJK,
    MELDEN_ONVEILIGHEID,
    ONVEILIGHEID,
    QUESTIONS,
    REASON_HULP_EFFECTIEF,
    REASON_ONVEILIGHEID,
    VEILIG_THUIS,
    VERMOEDEN,
    option,
)
from .streamlit_helpers import answer, assert_no_exception, click, goto

PATH = "snelle-check"


def answer_all(page: Page, answers: list[tuple[str, str]]) -> None:
    for question, value in answers:
        answer(page, question, option(question, value))


def main(page: Page):
    return page.get_by_test_id("stMain")


def test_melden_bij_onveiligheid(page: Page, app_url: str) -> None:
    goto(page, app_url, PATH)
    expect(page.get_by_role("radiogroup", name=VERMOEDEN)).to_be_visible()
    answer_all(page, [(VERMOEDEN, "ja"), (ONVEILIGHEID, "ja")])
    body = main(page)
    expect(body.get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()
    expect(body.get_by_text("Is melden noodzakelijk? Ja").first).to_be_visible()
    expect(body.get_by_text(REASON_ONVEILIGHEID).first).to_be_visible()
    expect(body.get_by_text("Bel 112").first).to_be_visible()
    expect(body.get_by_text(VEILIG_THUIS).first).to_be_visible()
    expect(page.get_by_role("radiogroup")).to_have_count(0)
    assert_no_exception(page)


def test_hulp_verlenen(page: Page, app_url: str) -> None:
    goto(page, app_url, PATH)
    answer_all(page, list(zip(QUESTIONS, ["ja", "nee", "ja", "ja", "ja"], strict=True)))
    body = main(page)
    expect(body.get_by_text(HULP_VERLENEN).first).to_be_visible()
    expect(body.get_by_text("Is melden noodzakelijk? Nee").first).to_be_visible()
    expect(body.get_by_text("Is hulp verlenen of organiseren (ook) mogelijk? Ja").first).to_be_visible()
    expect(body.get_by_text(REASON_HULP_EFFECTIEF).first).to_be_visible()
    expect(body.get_by_text(VEILIG_THUIS).first).to_be_visible()
    expect(body.get_by_text("Melden is noodzakelijk")).to_have_count(0)


def test_changing_an_earlier_answer_drops_the_stale_outcome(page: Page, app_url: str) -> None:
    goto(page, app_url, PATH)
    answer_all(page, [(VERMOEDEN, "ja"), (ONVEILIGHEID, "ja")])
    body = main(page)
    expect(body.get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()

    # "Wijzig" next to the answer on question 2, the second answer in the overview.
    overview = body.get_by_test_id("stVerticalBlock").filter(has_text="Je antwoorden tot nu toe").last
    expect(overview.get_by_role("button", name="Wijzig")).to_have_count(2)
    click(page, overview.get_by_role("button", name="Wijzig").nth(1))
    expect(body.get_by_text(MELDEN_ONVEILIGHEID)).to_have_count(0)
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "nee"))

    expect(body.get_by_text(MELDEN_ONVEILIGHEID)).to_have_count(0)
    expect(body.get_by_text(REASON_ONVEILIGHEID)).to_have_count(0)
    expect(page.get_by_role("radiogroup", name=HULP_MOGELIJK)).to_be_visible()
    expect(body.get_by_text("Nee, geen acute of structurele onveiligheid").first).to_be_visible()
    # ... and the new path leads to a new outcome.
    answer_all(page, [(HULP_MOGELIJK, "nee")])
    expect(body.get_by_text(MELDEN_HULP_NIET_MOGELIJK).first).to_be_visible()
    expect(body.get_by_text(MELDEN_ONVEILIGHEID)).to_have_count(0)
