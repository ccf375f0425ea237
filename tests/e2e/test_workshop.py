"""The live workshop in Chromium: a presenter and five phones (390x844) through one case.

The presenter starts a workshop, five participants join by the QR code's URL, answer and
change an answer; the presenter's bars count them exactly while the phones see nothing of
the room until the trainer reveals it; a participant reload and a presenter reload lose
nothing; the projector view has no sidebar, no banner and no controls; axe is clean.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from meldcode.loading import load_bundle
from meldcode.workshop import cases

from .streamlit_helpers import act, assert_no_exception, click_button, goto, wait_for_app
from .test_accessibility import blocking_violations

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
ROOM = "Antwoorden van de zaal"


CASE = "marit"


@pytest.fixture(scope="module")
def case_texts() -> dict[str, object]:
    """The case the test runs (Marit: afwegingsvragen with ja/nee), its questions and option labels."""
    bundle = load_bundle(ROOT)
    catalog = cases.catalog(bundle.cases.values(), bundle.flows)
    case = bundle.cases[CASE]
    flow = bundle.flows[case.flow]
    questions = []
    for question in catalog[case.id]:
        node = flow.node(question.id)
        labels = {o.value: o.label for o in node.options}
        questions.append({"id": question.id, "text": node.text, "labels": labels,
                          "model": labels[case.model_answers[question.id].answer]})  # fmt: skip
    return {"title": case.title, "questions": questions}


def choose_case(page: Page, title: str) -> None:
    box = page.get_by_role("combobox", name="Casus")
    box.click()
    box.press_sequentially(title[:12])
    act(page, lambda: box.press("Enter"))
    expect(box).to_have_value(title)


def option(page: Page, label: str):
    return page.get_by_test_id("stMain").get_by_role("button", name=label, exact=True)


def bar_text(label: str, n: int, share: int) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(label)}: {n} \({share}%\)$")


def choose(page: Page, label: str) -> None:
    button = option(page, label)
    expect(button).to_be_enabled()
    button.click()
    expect(page.get_by_text(f"Jouw antwoord: {label}.", exact=False)).to_be_visible()


def test_a_presenter_and_five_phones_through_one_case(
    new_context: Callable[..., BrowserContext], app_url: str, case_texts: dict, net_log: list[str]
) -> None:
    q1, q2 = case_texts["questions"][:2]
    yes, no = list(q1["labels"].values())

    presenter = new_context(viewport=DESKTOP).new_page()
    goto(presenter, app_url, "workshop")
    choose_case(presenter, case_texts["title"])
    click_button(presenter, "Start een workshop")
    code_line = presenter.get_by_text(re.compile(r"workshopcode [A-Z2-9]{6}$"))
    expect(code_line).to_be_visible()
    code = code_line.inner_text().split()[-1]
    join_url = f"{app_url}/meedoen?code={code}"
    expect(presenter.get_by_role("img", name=f"QR-code om mee te doen: {join_url}", exact=True)).to_be_visible()
    assert_no_exception(presenter)
    assert not blocking_violations(presenter), blocking_violations(presenter)
    cookie = next(c for c in presenter.context.cookies() if c["name"] == "meldcode_workshop")
    secret = cookie["value"].split(".", 1)[1]
    assert len(secret) >= 40
    assert cookie["sameSite"] == "Strict"

    phones = []
    for _ in range(5):
        phone = new_context(viewport=PHONE).new_page()
        goto(phone, app_url, f"meedoen?code={code}")
        expect(phone.get_by_text(q1["text"])).to_be_visible()
        expect(option(phone, yes)).to_be_disabled()  # answering not yet open
        phones.append(phone)
    expect(presenter.get_by_text("5 deelnemers")).to_be_visible()
    for label in (yes, no):  # tap targets of at least 44 px on the phone
        box = option(phones[0], label).bounding_box()
        assert box is not None
        assert min(box["height"], box["width"]) >= 44, box
    assert not blocking_violations(phones[0]), blocking_violations(phones[0])

    click_button(presenter, "Open het antwoorden")
    for phone, label in zip(phones, [yes, yes, yes, no, no], strict=True):
        choose(phone, label)
    choose(phones[0], no)  # changed while open: still one answer
    expect(presenter.get_by_text(bar_text(yes, 2, 40))).to_be_visible()
    expect(presenter.get_by_text(bar_text(no, 3, 60))).to_be_visible()
    expect(presenter.get_by_text("5 antwoorden")).to_be_visible()
    for phone in phones:  # hidden from the room until revealed
        expect(phone.get_by_text(ROOM)).to_have_count(0)
        expect(phone.get_by_text(re.compile(r": \d+ \(\d+%\)$"))).to_have_count(0)

    phones[1].reload()  # a reload keeps the participant's place and answer
    wait_for_app(phones[1])
    expect(phones[1].get_by_text(f"Jouw antwoord: {yes}.", exact=False)).to_be_visible()
    presenter.reload()  # a reload keeps the presenter's control and the room's answers
    wait_for_app(presenter)
    expect(presenter.get_by_text(bar_text(no, 3, 60))).to_be_visible()
    expect(presenter.get_by_text("5 deelnemers")).to_be_visible()

    click_button(presenter, "Sluit het antwoorden")
    expect(phones[2].get_by_text("Antwoorden is gesloten.", exact=False)).to_be_visible()
    expect(option(phones[2], no)).to_be_disabled()

    screen = new_context(viewport=DESKTOP).new_page()  # the projector, as a second browser window
    goto(screen, app_url, f"scherm?code={code}")
    expect(screen.get_by_role("heading", name=code)).to_be_visible()
    expect(screen.get_by_text(q1["text"])).to_be_visible()
    expect(screen.get_by_test_id("stSidebar")).to_have_count(0)
    expect(screen.get_by_test_id("stSidebarCollapsedControl")).to_have_count(0)
    expect(screen.get_by_text("Acuut gevaar", exact=False)).to_have_count(0)
    expect(screen.get_by_role("button")).to_have_count(0)
    expect(screen.get_by_text(ROOM)).to_have_count(0)

    click_button(presenter, "Toon antwoorden van de zaal")
    for page in (phones[3], screen):
        expect(page.get_by_text(bar_text(yes, 2, 40))).to_be_visible()
        expect(page.get_by_text(bar_text(no, 3, 60))).to_be_visible()
    expect(phones[3].get_by_text(f"Modelantwoord: {q1['model']}", exact=False)).to_have_count(0)
    click_button(presenter, "Toon modelantwoord")
    expect(phones[4].get_by_text(f"Modelantwoord: {q1['model']}", exact=False)).to_be_visible()
    expect(screen.get_by_text(f"Modelantwoord: {q1['model']}", exact=False)).to_be_visible()
    assert not blocking_violations(screen), blocking_violations(screen)
    assert not blocking_violations(phones[4]), blocking_violations(phones[4])

    # The second afwegingsvraag: the phones follow the trainer.
    click_button(presenter, "Volgende vraag")
    click_button(presenter, "Open het antwoorden")
    yes2 = list(q2["labels"].values())[0]
    for phone in phones[:3]:
        expect(phone.get_by_text(q2["text"])).to_be_visible()
        choose(phone, yes2)
    expect(presenter.get_by_text(bar_text(yes2, 3, 100))).to_be_visible()
    click_button(presenter, "Sluit het antwoorden")
    summary = presenter.get_by_test_id("stExpander").filter(has_text="Overzicht")
    expect(summary).to_contain_text("de zaal was verdeeld")  # question 1: 2 against 3
    assert not blocking_violations(presenter), blocking_violations(presenter)

    click_button(presenter, "Workshop beëindigen")
    click_button(presenter, "Ja, beëindig en verwijder")
    expect(presenter.get_by_text("De workshop is beëindigd en verwijderd", exact=False)).to_be_visible()
    expect(phones[0].get_by_text("Deze workshop is afgelopen", exact=False)).to_be_visible()
    goto(phones[1], app_url, f"meedoen?code={code}")
    expect(phones[1].get_by_text("Deze code hoort niet bij een lopende workshop", exact=False)).to_be_visible()
    assert all("p=" in p.url for p in phones[2:])  # the phones' anonymous tokens live in their URLs
    assert not [url for url in net_log if secret in url]  # the presenter's secret in no URL at all


def test_a_wrong_code_gets_a_clear_dutch_message(new_context: Callable[..., BrowserContext], app_url: str) -> None:
    page = new_context(viewport=PHONE).new_page()
    goto(page, app_url, "meedoen")
    field = page.get_by_label("Workshopcode")
    for target in (field, page.get_by_role("button", name="Meedoen")):  # tap targets on the phone
        box = target.bounding_box()
        assert box is not None
        assert box["height"] >= 44, box
    field.fill("ZZZZZZ")
    click_button(page, "Meedoen")
    expect(page.get_by_text("Deze code hoort niet bij een lopende workshop", exact=False)).to_be_visible()
    assert "p=" not in page.url


def test_presenteren_starts_a_workshop_with_its_case(page: Page, app_url: str) -> None:
    goto(page, app_url, "presenteren")
    title = page.get_by_test_id("stSelectbox").first.inner_text().splitlines()[-1]
    click_button(page, "Start een workshop")
    expect(page.get_by_text(re.compile(r"workshopcode [A-Z2-9]{6}$"))).to_be_visible()
    expect(page.get_by_text(title, exact=False).first).to_be_visible()
    assert page.url.rstrip("/").endswith("/workshop")
    click_button(page, "Workshop beëindigen")
    click_button(page, "Ja, beëindig en verwijder")
    expect(page.get_by_role("button", name="Start een workshop")).to_be_visible()


def tab_to(page: Page, label: str, max_tabs: int = 60) -> None:
    """Press Tab until a button whose text ends with ``label`` has the focus (its icon's name,
    a ligature, comes first in the text)."""
    for _ in range(max_tabs):
        focused = page.evaluate("[document.activeElement.tagName, (document.activeElement.innerText || '').trim()]")
        if focused[0] == "BUTTON" and focused[1].endswith(label):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached the button {label!r}")


def test_the_presenter_works_the_workshop_with_the_keyboard(page: Page, app_url: str) -> None:
    """Tab to a control, Enter presses it: start, open answering, reveal, next question, end."""
    goto(page, app_url, "workshop")
    for label, shows in (
        ("Start een workshop", re.compile(r"workshopcode [A-Z2-9]{6}$")),
        ("Open het antwoorden", re.compile(r"Antwoorden is open\.")),
        ("Toon antwoorden van de zaal", re.compile(r"De zaal ziet deze antwoorden\.")),
        ("Volgende vraag", re.compile(r"^Vraag 2 van \d+")),
        ("Workshop beëindigen", re.compile(r"alle antwoorden worden verwijderd")),
        ("Ja, beëindig en verwijder", re.compile(r"De workshop is beëindigd en verwijderd")),
    ):
        tab_to(page, label)
        act(page, lambda: page.keyboard.press("Enter"))
        expect(page.get_by_text(shows).first).to_be_visible()
        assert_no_exception(page)
