"""The organisation profile (MELDCODE_ORGANISATIE) as the user sees it: in the stappenplan
(step 2 names the aandachtsfunctionarissen; each step its own agreements), on Advies and
in the PDF; a broken profile is shown as a content error; without one, nothing changes."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from meldcode import organisatie, pdf, summary
from meldcode.dossier import Dossier
from meldcode.models import Bundle
from meldcode.ui import session
from tests.conftest import walk_through

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "deploy" / "voorbeeld.organisatie.yaml"
AT = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
KEY = session.STEPS
TO_STEP_2 = [("stap1", "verder"), ("kindcheck", "ja")]
STEPS_ANSWERS = [*TO_STEP_2, ("stap2", "verder"), ("stap3", "verder"), ("stap4", "verder"), ("stap5", "verder"),
                 ("vermoeden", "ja"), ("onveiligheid", "ja")]


@pytest.fixture
def example(monkeypatch: pytest.MonkeyPatch) -> organisatie.Organisatie:
    monkeypatch.setenv(organisatie.ENV, str(EXAMPLE))
    return organisatie.load(EXAMPLE)


@pytest.fixture
def no_profile(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(organisatie.ENV, raising=False)


def read(shown, at: AppTest) -> str:
    """The page's text as read: without the backslashes that escape Markdown in user-supplied text."""
    return shown(at).replace("\\", "")


def answer(at: AppTest, node_id: str, value: str) -> None:
    at.radio(key=session.widget(KEY, node_id)).set_value(value)
    at.button(key=session.widget(KEY, "volgende")).click().run()
    assert not at.exception


def at_step_2(app) -> AppTest:
    at = app("stappenplan")
    for node_id, value in TO_STEP_2:
        answer(at, node_id, value)
    assert "Stap 2 van 5" in at.get("progress")[0].proto.text
    return at


def test_step_2_names_the_aandachtsfunctionarissen(example, app, shown):
    text = read(shown, at_step_2(app))
    assert "Jouw organisatie: Voorbeeldorganisatie (fictief)** · sector Onderwijs" in text
    assert "Aandachtsfunctionarissen van Voorbeeldorganisatie (fictief)" in text
    assert "**A. Voorbeeld** (aandachtsfunctionaris)" in text
    assert "000-0000001" in text
    assert "aandachtsfunctionaris@voorbeeldorganisatie.example" in text
    assert "Voorbeeldafspraak: bespreek je zorgen altijd eerst" in text  # step 2's own agreement
    assert "Voorbeeldafspraak: leg je signalen vast" not in text  # step 1's is not repeated here
    assert organisatie.EXAMPLE_NOTE in text


def test_step_1_shows_its_own_agreement_only(example, app, shown):
    text = read(shown, app("stappenplan"))
    assert "Voorbeeldafspraak: leg je signalen vast in het leerlingdossier" in text
    assert "000-0000001" not in text  # whom to consult belongs to step 2


def test_without_a_profile_the_stappenplan_is_as_before(no_profile, app, shown):
    text = shown(at_step_2(app))
    assert "Jouw organisatie" not in text
    assert "Aandachtsfunctionarissen van" not in text


def _advies(root: str) -> None:
    import sys

    if root not in sys.path:
        sys.path.insert(0, root)
    from meldcode.ui import advies

    advies.render()


def advies_page(state) -> AppTest:
    at = AppTest.from_function(_advies, args=(str(ROOT),), default_timeout=30)
    at.session_state[KEY] = state
    return at.run()


def test_advies_names_the_aandachtsfunctionarissen(example, content: Bundle, shown):
    at = advies_page(walk_through(content, "meldcode", STEPS_ANSWERS, AT))
    assert not at.exception
    text = shown(at)
    assert "Binnen je organisatie" in text
    assert "Voorbeeldorganisatie (fictief) · sector Onderwijs" in text
    assert "**B. Voorbeeld** (plaatsvervangend aandachtsfunctionaris): tel. 000-0000002" in text


def test_advies_without_a_profile(no_profile, content: Bundle, shown):
    at = advies_page(walk_through(content, "meldcode", STEPS_ANSWERS, AT))
    assert "Binnen je organisatie" not in shown(at)


def pdf_text(data: bytes) -> str:
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(data)).pages))


def test_pdf_holds_the_profile(example, content: Bundle):
    state = walk_through(content, "meldcode", STEPS_ANSWERS, AT)
    built = summary.build(content, Dossier(steps=state, exported_at=AT), AT)
    data = pdf.to_pdf(built, organisatie=example)
    text = pdf_text(data)
    assert "Binnen je organisatie: Voorbeeldorganisatie (fictief)" in text
    assert "A. Voorbeeld (aandachtsfunctionaris)" in text
    assert "tel. 000-0000001" in text
    assert "Stap 5 Voorbeeldafspraak: laat de aandachtsfunctionaris weten welk besluit" in text
    assert "Binnen je organisatie" not in pdf_text(pdf.to_pdf(built))  # without a profile


def test_a_broken_profile_is_shown_with_file_and_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    bad = tmp_path / "organisatie.yaml"
    bad.write_text(EXAMPLE.read_text(encoding="utf-8").replace("sector: onderwijs", "sector: school"),
                   encoding="utf-8")
    monkeypatch.setenv(organisatie.ENV, str(bad))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30).run()
    assert not at.exception
    assert any("De inhoud van de app bevat fouten" in e.value for e in at.error)
    assert re.search(rf"{re.escape(str(bad))}:\d+: sector: sector 'school' is not in content/sectors.yaml",
                     at.code[0].value)
