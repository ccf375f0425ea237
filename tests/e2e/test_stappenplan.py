"""Stappenplan, clicked through in a real browser: five steps, kindcheck, afwegingskader,
an outcome; a note written in step 1 is still there when the user goes back to step 1."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .flow_texts import (
    KINDCHECK,
    KINDCHECK_JA,
    MELDEN_ONVEILIGHEID,
    ONVEILIGHEID,
    REASON_ONVEILIGHEID,
    STEP_DONE,
    STEP_QUESTION,
    VEILIG_THUIS,
    VERMOEDEN,
    option,
)
from .stappenplan_page import heading, notes, view_step, write_note
from .streamlit_helpers import answer, assert_no_exception, goto

PATH = "stappenplan"
NOTE = "Kind had op maandag 3 maart blauwe plekken op beide bovenarmen; zegt 'gevallen'."


def test_stappenplan_to_an_outcome_and_notes_are_kept(page: Page, app_url: str) -> None:
    goto(page, app_url, PATH)
    expect(heading(page, 1)).to_be_visible()
    write_note(page, NOTE)

    # Step 1, with the kindcheck.
    answer(page, STEP_QUESTION, STEP_DONE[1])
    expect(page.get_by_test_id("stMain").get_by_text(STEP_DONE[1])).to_be_visible()
    answer(page, KINDCHECK, KINDCHECK_JA)

    # Steps 2 to 5: the view follows the walk to the next step.
    for step in (2, 3, 4, 5):
        expect(heading(page, step)).to_be_visible()
        answer(page, STEP_QUESTION, STEP_DONE[step])
        assert_no_exception(page)

    # Step 5: the afwegingskader.
    expect(page.get_by_role("heading", name="Het afwegingskader", exact=True)).to_be_visible()
    answer(page, VERMOEDEN, option(VERMOEDEN, "ja"))
    answer(page, ONVEILIGHEID, option(ONVEILIGHEID, "ja"))

    body = page.get_by_test_id("stMain")
    expect(body.get_by_text(MELDEN_ONVEILIGHEID).first).to_be_visible()
    expect(body.get_by_text("Is melden noodzakelijk? Ja").first).to_be_visible()
    expect(body.get_by_text(REASON_ONVEILIGHEID).first).to_be_visible()
    expect(body.get_by_text(VEILIG_THUIS).first).to_be_visible()
    expect(body.get_by_text("Alle vijf stappen doorlopen").first).to_be_visible()

    # Back to step 1: the note is still there, and so is the kindcheck answer.
    view_step(page, 1)
    expect(notes(page)).to_have_value(NOTE)
    expect(body.get_by_text(STEP_DONE[1]).first).to_be_visible()
    expect(body.get_by_text(KINDCHECK_JA).first).to_be_visible()
    assert_no_exception(page)


def test_note_is_kept_when_moving_back_to_step_1(page: Page, app_url: str) -> None:
    goto(page, app_url, PATH)
    write_note(page, NOTE)
    view_step(page, 2)
    expect(notes(page)).to_have_value("")
    view_step(page, 1)
    expect(notes(page)).to_have_value(NOTE)
