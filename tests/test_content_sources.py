"""Sources a reader can check, contacts with a source, the kindcheck's answers, and the new routes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from meldcode import engine
from meldcode.loading import load_bundle
from meldcode.models import Bundle, ContactsFile
from meldcode.yaml_source import read_yaml

ROOT = Path(__file__).resolve().parents[1]
YAML_FILES = sorted((ROOT / "flows").glob("*.yaml")) + sorted((ROOT / "content").rglob("*.yaml"))
INTERNAL = re.compile(r"domain/[a-z-]+\.md|[Ss]eeds? ?0\d\d")
# Dutch phone numbers as the app writes them: 0800-2000, 0900-111 3111, 088-9648550 (and 112).
PHONE = re.compile(r"(?<![\d-])0\d{2,3}-\d{3,4}(?: ?\d{3,4})?(?![\d-])|(?<![\d-])112(?![\d-])")


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle(ROOT)


def strings(data: object) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for value in data.values():
            yield from strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from strings(item)


def digits(phone: str) -> str:
    return re.sub(r"\D", "", phone)


# --------------------------------------------------------------------------- sources


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_text_points_at_an_internal_note(path: Path) -> None:
    """Not in a source, a reasoning or a comment: everything in these files may reach a user."""
    assert INTERNAL.findall(path.read_text(encoding="utf-8")) == []


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "meldcode", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize(
    ("internal", "shown"),
    [
        ("domain/contacts-and-regions.md", "domain/"),
        ("Regiovisie Twente (seed 002), §6.1", "seed 002"),
        ("zie ../shared/seeds/004_951ce9bea695d0eb.txt", "shared/"),
    ],
)
def test_validate_refuses_a_source_that_points_at_an_internal_note(tmp_path: Path, internal: str, shown: str) -> None:
    shutil.copytree(ROOT / "flows", tmp_path / "flows")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    path = tmp_path / "content" / "contacts.yaml"
    text = path.read_text(encoding="utf-8")
    old = "    source: politie.nl, “voor professionals over seksueel misbruik”\n"
    assert text.count(old) == 1
    path.write_text(text.replace(old, f"    source: {internal}\n"), encoding="utf-8")
    line = text[: text.index(old)].count("\n") + 1
    result = _run("validate", cwd=tmp_path)
    assert result.returncode == 1
    message = next(m for m in result.stderr.splitlines() if "internal note" in m)
    assert message.startswith(f"content/contacts.yaml:{line}: contacts[")
    assert f"('{shown}')" in message
    assert "name the public document" in message


def test_every_source_in_the_bundle_is_public(bundle: Bundle) -> None:
    sources = [text for path in YAML_FILES for text in _sources(read_yaml(path)[0])]
    assert len(sources) > 100
    assert [s for s in sources if INTERNAL.search(s)] == []


def _sources(data: object) -> Iterator[str]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "source" and isinstance(value, str):
                yield value
            else:
                yield from _sources(value)
    elif isinstance(data, list):
        for item in data:
            yield from _sources(item)


# --------------------------------------------------------------------------- contacts


def test_every_phone_number_in_flows_content_and_app_is_a_sourced_contact(bundle: Bundle) -> None:
    contacts: ContactsFile = bundle.contacts
    known = {digits(c.phone): c for c in contacts.contacts if c.phone}
    assert all(c.source.strip() for c in known.values())
    found: dict[str, set[str]] = {}
    for path in YAML_FILES:
        for text in strings(read_yaml(path)[0]):
            for phone in PHONE.findall(text):
                found.setdefault(digits(phone), set()).add(str(path.relative_to(ROOT)))
    for path in sorted((ROOT / "meldcode").rglob("*.py")):
        for phone in PHONE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(digits(phone), set()).add(str(path.relative_to(ROOT)))
    assert {"08002000", "112", "09001113111", "0889648550"} <= set(found)  # the scan finds them
    unknown = {number: sorted(where) for number, where in found.items() if number not in known}
    assert unknown == {}, "phone numbers shown in the app but not in content/contacts.yaml"


def test_the_phone_pattern_finds_what_the_app_writes() -> None:
    text = "Bel 0800-2000 of 112; LEC EGG 088-9648550; vertrouwensinspecteur 0900-111 3111; in 2026-2030 niet."
    assert PHONE.findall(text) == ["0800-2000", "112", "088-9648550", "0900-111 3111"]


# --------------------------------------------------------------------------- kindcheck


def test_kindcheck_asks_the_facts_including_pregnancy_and_siblings(bundle: Bundle) -> None:
    node = bundle.flows["meldcode"].node("kindcheck")
    assert node.type == "question"
    assert "zwanger" in node.text
    assert "jongere broers of zussen" in node.text
    assert "schade" not in node.text  # the factual check, not a risk judgement (M2)
    labels = {o.value: o.label for o in node.options}
    assert "zwanger" in labels["ja"]
    assert "broers of zussen" in labels["ja"]
    assert "broers of zussen" in labels["nee"]
    assert not any("zelf een kind" in label for label in labels.values())


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        ("ja", "Kindcheck positief: doorloop de stappen van de meldcode ook voor de kinderen (of het ongeboren kind)."),
        ("nee", "Kindcheck negatief: afgesloten en vastgelegd in het dossier."),
        ("niet_van_toepassing", "De kindcheck was niet nodig"),
    ],
)
def test_every_kindcheck_answer_goes_on_to_step_2_with_its_reason(bundle: Bundle, answer: str, reason: str) -> None:
    comp = engine.compose(bundle.flows["meldcode"], bundle.flows)
    state = engine.answer(comp, engine.start(comp), "stap1", "verder")
    state = engine.answer(comp, state, "kindcheck", answer)
    assert engine.position(comp, state).current == "stap2"
    option = next(o for o in comp.nodes["kindcheck"].options if o.value == answer)
    assert option.reason is not None
    assert option.reason.startswith(reason)


def test_cases_use_the_kindcheck_for_siblings_and_pregnancy(bundle: Bundle) -> None:
    halt, mila = bundle.cases["halt_kevin"], bundle.cases["verloskundige_mila"]
    assert halt.kindcheck is not None
    assert halt.kindcheck.answer == "ja"
    assert "jongere broers en zussen" in halt.kindcheck.reasoning
    assert mila.kindcheck is not None
    assert mila.kindcheck.answer == "ja"
    assert "zwanger" in mila.kindcheck.reasoning


# --------------------------------------------------------------------------- routes


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"wie_betrokken": "medewerker"}, "naar_medewerker_route"),
        ({"wie_betrokken": "thuis"}, "naar_meldcode"),
        (
            {"wie_betrokken": "kinderen", "sector_kinderen": "kinderopvang", "vlag": "groen", "signalen_thuis": "nee"},
            "gedrag_aanvaardbaar",
        ),
        (
            {"wie_betrokken": "kinderen", "sector_kinderen": "kinderopvang", "vlag": "geel", "signalen_thuis": "nee"},
            "route_3_kinderopvang",
        ),
        (
            {"wie_betrokken": "kinderen", "sector_kinderen": "onderwijs", "vlag": "rood", "signalen_thuis": "nee"},
            "protocol_school",
        ),
        (
            {"wie_betrokken": "kinderen", "sector_kinderen": "onderwijs", "vlag": "groen", "signalen_thuis": "ja"},
            "meldcode_voor_kind",
        ),
    ],
)
def test_kinderen_onderling_reaches_each_outcome(bundle: Bundle, answers: dict[str, str], outcome: str) -> None:
    comp = engine.compose(bundle.flows["kinderen_onderling"], bundle.flows)
    advice = engine.advice(comp, engine.walk_answers(comp, answers))
    assert advice is not None
    assert advice.outcome == outcome


def test_kinderen_onderling_outcomes_are_all_tested() -> None:
    flow = load_bundle(ROOT).flows["kinderen_onderling"]
    tested = {
        "naar_medewerker_route",
        "naar_meldcode",
        "gedrag_aanvaardbaar",
        "route_3_kinderopvang",
        "protocol_school",
        "meldcode_voor_kind",
    }
    assert {o.id for o in flow.outcomes()} == tested


@pytest.mark.parametrize(
    ("answers", "outcome"),
    [
        ({"sector_medewerker": "onderwijs", "vermoeden_leerling": "ja", "bevoegd_gezag_verdacht": "nee"},
         "informeer_bevoegd_gezag"),
        ({"sector_medewerker": "onderwijs", "vermoeden_leerling": "ja", "bevoegd_gezag_verdacht": "ja"},
         "onderwijs_zelf_vertrouwensinspecteur"),
        ({"sector_medewerker": "onderwijs", "vermoeden_leerling": "nee"}, "geen_vermoeden_medewerker"),
        ({"sector_medewerker": "kinderopvang", "vermoeden_medewerker": "ja", "houder_verdacht": "ja"},
         "direct_vertrouwensinspecteur"),
    ],
)  # fmt: skip
def test_medewerker_route_outcomes(bundle: Bundle, answers: dict[str, str], outcome: str) -> None:
    comp = engine.compose(bundle.flows["medewerker"], bundle.flows)
    advice = engine.advice(comp, engine.walk_answers(comp, answers))
    assert advice is not None
    assert advice.outcome == outcome


def test_a_case_walks_the_kinderen_onderling_flow(bundle: Bundle) -> None:
    assert any(c.flow == "kinderen_onderling" for c in bundle.cases.values())


def test_sectors_with_a_zorgrelatie_note_are_the_care_and_jeugdhulp_sectors(bundle: Bundle) -> None:
    assert bundle.topics is not None
    topics = {t.id: t for t in bundle.topics.topics}
    sectors = {s.id: s for s in bundle.sectors.sectors}
    assert set(topics["zorgrelatie"].sectors) <= set(sectors)
    for sector_id in topics["zorgrelatie"].sectors:
        step1 = " ".join(n.text for n in sectors[sector_id].notes if n.step == 1)
        assert "Wkkgz art. 11 lid 1 onder b" in step1
        assert "4.1.8 Jeugdwet" in step1


def test_glossary_cross_references_name_existing_terms(bundle: Bundle) -> None:
    terms = bundle.glossary.terms
    ids = {t.id for t in terms}
    assert {"melden_onder_eigen_naam", "geweld_in_de_zorgrelatie", "vlaggensysteem", "lec_egg"} <= ids
    assert [(t.id, ref) for t in terms for ref in t.see_also if ref not in ids] == []
