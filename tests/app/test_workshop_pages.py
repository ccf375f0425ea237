"""The workshop pages' logic in AppTest: start, controls, Meedoen, the projector view.

The store is real (SQLite in a temporary data directory); the browser parts (live refresh,
cookie, several phones) are in tests/e2e/test_workshop.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from meldcode.ui import workshop
from meldcode.workshop import UnknownCode, db
from meldcode.workshop.store import Store

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The pages' store on a fresh SQLite file, for this module only."""
    from meldcode.ui import live

    folder = tmp_path_factory.mktemp("workshop-data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(db.DATA_DIR_ENV, str(folder))
        mp.delenv(db.URL_ENV, raising=False)
        live.store.clear()
        yield folder
        live.store.clear()
        db.dispose(db.database_url())


def the_store() -> Store:
    from meldcode.ui import live

    return live.store()


def button(at: AppTest, label: str):
    matches = [b for b in at.button if b.label == label]
    assert matches, f"no button {label!r} in {[b.label for b in at.button]}"
    return matches[0]


def press(at: AppTest, label: str) -> AppTest:
    return button(at, label).click().run()


def started(app: Callable[[str], AppTest], case_id: str = "marit") -> tuple[AppTest, str]:
    """A workshop over an afwegingskader case (its questions are ja/nee)."""
    at = app("workshop")
    at.selectbox(key=workshop.CASE_KEY).set_value(case_id).run()
    at = press(at, "Start een workshop")
    assert not at.exception
    held = at.session_state["workshop_presenter"]
    return at, held["code"]


def test_start_a_workshop_shows_the_code_and_the_first_question(
    app: Callable[[str], AppTest], shown: Callable[[AppTest], str]
) -> None:
    at = app("workshop")
    assert not at.exception
    assert "Start een workshop" in [b.label for b in at.button]
    at, code = started(app)
    text = shown(at)
    assert f"workshopcode **{code}**" in text
    assert "Vraag 1 van" in text
    assert "0** deelnemers" in text
    assert "Alleen jij ziet deze antwoorden." in text
    status = the_store().status(code)
    assert (status.question_index, status.state) == (0, "closed")


def test_presenter_controls_change_the_shared_state(app: Callable[[str], AppTest], shown: Callable) -> None:
    at, code = started(app)
    at = press(at, "Open het antwoorden")
    assert the_store().status(code).state == "open"
    assert "Sluit het antwoorden" in [b.label for b in at.button]
    at = press(at, "Sluit het antwoorden")
    assert the_store().status(code).state == "locked"
    at = press(at, "Toon antwoorden van de zaal")
    assert the_store().status(code).results_shown
    assert "De zaal ziet deze antwoorden." in shown(at)
    at = press(at, "Toon modelantwoord")
    assert the_store().status(code).model_shown
    at = press(at, "Volgende vraag")
    status = the_store().status(code)
    assert (status.question_index, status.state, status.results_shown) == (1, "closed", False)
    assert "Vraag 2 van" in shown(at)
    at = press(at, "Workshop beëindigen")
    at = press(at, "Ja, beëindig en verwijder")
    assert "De workshop is beëindigd en verwijderd" in shown(at)
    with pytest.raises(UnknownCode):
        the_store().status(code)
    assert "Start een workshop" in [b.label for b in at.button]


def test_meedoen_joins_without_a_name_and_answers_only_while_open(app: Callable[[str], AppTest], shown) -> None:
    presenter, code = started(app)
    phone = AppTest.from_function(_meedoen, args=(str(ROOT),), default_timeout=30)
    phone.query_params["code"] = code.lower()
    phone.run()
    assert not phone.exception
    assert not phone.text_input  # no name asked
    token = phone.query_params["p"]
    assert token
    status = the_store().status(code, token[0] if isinstance(token, list) else token)
    assert status.joined
    options = [b for b in phone.button if b.key and b.key.startswith("w_join_opt_")]
    assert len(options) == 2
    assert all(b.disabled for b in options)
    assert "Antwoorden is nog niet geopend." in shown(phone)
    press(presenter, "Open het antwoorden")
    phone.run()
    yes = next(b for b in phone.button if b.key == "w_join_opt_ja")
    assert not yes.disabled
    phone = yes.click().run()
    secret = presenter.session_state["workshop_presenter"]["secret"]
    assert the_store().tally(code, secret)["ja"] == 1
    assert "Jouw antwoord: **" in shown(phone)
    assert "Antwoorden van de zaal" not in shown(phone)
    presenter.run()  # the end overview: the room (one phone) agreed with the model answer
    overview = next(e for e in presenter.expander if e.label.startswith("Overzicht"))
    text = "\n".join(m.value for m in overview.markdown)
    assert "meest gekozen: Ja" in text
    assert "de zaal was het grotendeels eens; gelijk aan het modelantwoord" in text


def _meedoen(root: str) -> None:
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from meldcode.ui import meedoen

    meedoen.render()


def _scherm(root: str) -> None:
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from meldcode.ui import scherm

    scherm.render()


def test_a_bad_code_is_refused_and_attempts_are_limited(app: Callable[[str], AppTest], shown) -> None:
    phone = AppTest.from_function(_meedoen, args=(str(ROOT),), default_timeout=30).run()
    for attempt in range(11):
        phone.text_input(key="w_join_code").input(f"ZZZZZ{attempt % 9 + 1}")
        phone = next(b for b in phone.button if b.label == "Meedoen").click().run()
        if attempt < 10:
            assert "Deze code hoort niet bij een lopende workshop" in shown(phone)
    assert "Te veel pogingen" in shown(phone)
    assert "p" not in phone.query_params


def test_the_projector_view_has_no_controls_and_shows_only_what_is_revealed(
    app: Callable[[str], AppTest], shown
) -> None:
    presenter, code = started(app)
    screen = AppTest.from_function(_scherm, args=(str(ROOT),), default_timeout=30)
    screen.query_params["code"] = code
    screen.run()
    assert not screen.exception
    assert not screen.button
    assert code in shown(screen)
    assert "Antwoorden van de zaal" not in shown(screen)
    assert "Modelantwoord" not in shown(screen)
    press(presenter, "Toon antwoorden van de zaal")
    press(presenter, "Toon modelantwoord")
    screen.run()
    assert "Antwoorden van de zaal" in shown(screen)
    assert "Modelantwoord: " in shown(screen)
