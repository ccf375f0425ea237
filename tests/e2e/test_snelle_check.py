"""Snelle check, clicked through in a real browser: decisions, reasons, Veilig Thuis, and
changing an earlier answer drops the outcome that no longer applies."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from icalendar import Calendar
from playwright.sync_api import Page, expect

from .flow_texts import (
    HULP_EFFECTIEF,
    HULP_MOGELIJK,
    HULP_VERLENEN,
    HULP_VOLGEN,
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
from .streamlit_helpers import act, answer, assert_no_exception, click, click_button, goto

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


def test_help_runs_then_the_evaluation_weeks_later(page: Page, app_url: str) -> None:
    """Vraag 3 and 4 ja: the help runs (no vraag 5 yet); a date, its calendar file; vraag 5 later."""
    goto(page, app_url, PATH)
    answer_all(page, list(zip(QUESTIONS[:4], ["ja", "nee", "ja", "ja"], strict=True)))
    body = main(page)
    expect(body.get_by_text(HULP_VOLGEN).first).to_be_visible()
    expect(body.get_by_text("Is melden noodzakelijk? Nu niet").first).to_be_visible()
    expect(page.get_by_role("radiogroup")).to_have_count(0)
    expect(body.get_by_text(HULP_VERLENEN)).to_have_count(0)

    day = date.today() + timedelta(days=42)
    body.get_by_role("spinbutton", name="Evaluatiedatum").first.click()  # the day segment: dd-mm-yyyy
    page.keyboard.type(day.strftime("%d%m%Y"))
    act(page, lambda: body.get_by_role("heading", name="Uitkomst").click())  # leaving the field commits it
    expect(body.get_by_text(f"Hulp loopt, evaluatie op {day:%d-%m-%Y}.").first).to_be_visible()
    with page.expect_download() as info:
        body.get_by_role("button", name="Zet in je agenda (.ics)").click()
    download = info.value
    assert download.suggested_filename == "evaluatie-meldcode.ics"
    raw = Path(download.path()).read_bytes()
    (event,) = Calendar.from_ical(raw).walk("VEVENT")
    assert event.decoded("dtstart") == day
    assert str(event["summary"]) == "Evaluatie meldcode"

    click_button(page, "Evaluatie starten: beantwoord vraag 5")
    answer(page, HULP_EFFECTIEF, option(HULP_EFFECTIEF, "ja"))
    expect(body.get_by_text(HULP_VERLENEN).first).to_be_visible()
    expect(body.get_by_text("Is melden noodzakelijk? Nee").first).to_be_visible()
    expect(body.get_by_text("Is hulp verlenen of organiseren (ook) mogelijk? Ja").first).to_be_visible()
    expect(body.get_by_text(REASON_HULP_EFFECTIEF).first).to_be_visible()
    expect(body.get_by_text(VEILIG_THUIS).first).to_be_visible()
    expect(body.get_by_text("Melden is noodzakelijk")).to_have_count(0)
    assert_no_exception(page)


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


def test_the_intro_calls_veilig_thuis_in_one_tap(page: Page, app_url: str) -> None:
    """Not through steps 1 to 4 yet: the intro says to ask Veilig Thuis, with its number as a tel: link."""
    goto(page, app_url, PATH)
    intro = main(page).get_by_test_id("stMarkdownContainer").filter(has_text="stap 1 tot en met 4")
    expect(intro.locator('a[href="tel:08002000"]')).to_have_text("0800-2000")
