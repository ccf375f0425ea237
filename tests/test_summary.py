"""The advice summary: which walk decides, the reasons, contacts per region, the log, Markdown."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from meldcode import summary, texts
from meldcode.dossier import Dossier
from meldcode.engine import Note, WalkState
from meldcode.models import Bundle
from meldcode.summary import build, escape_markdown, to_json, to_markdown
from tests.conftest import walk_through

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
TO_STAP5 = [("stap1", "verder"), ("kindcheck", "ja"), ("stap2", "verder"), ("stap3", "verder"), ("stap4", "verder")]
TO_STAP5 += [("stap5", "verder")]


def walked(content: Bundle, flow: str, answers: list[tuple[str, str]]) -> WalkState:
    return walk_through(content, flow, answers, T0, timedelta(minutes=1))


def quick(content: Bundle, *answers: tuple[str, str]) -> WalkState:
    return walked(content, "afwegingskader", list(answers))


def steps(content: Bundle, *answers: tuple[str, str]) -> WalkState:
    return walked(content, "meldcode", TO_STAP5 + list(answers))


def test_nothing_answered_gives_no_decision(content):
    result = build(content, Dossier(exported_at=NOW), NOW)
    assert result.decision is None
    assert result.log == []
    assert "Nog geen advies" in to_markdown(result)


def test_the_quick_check_decides_while_the_stappenplan_is_unfinished(content):
    dossier = Dossier(
        exported_at=NOW,
        quick=quick(content, ("vermoeden", "ja"), ("onveiligheid", "ja")),
        steps=walked(content, "meldcode", TO_STAP5[:2]),
    )
    result = build(content, dossier, NOW)
    assert result.decision.walk == "quick"
    assert result.decision.outcome == "melden_onveiligheid"
    assert result.decision.melden_text == "Ja, melden bij Veilig Thuis is noodzakelijk."
    assert result.decision.hulp_mogelijk is None
    assert (
        result.decision.hulp_text
        == texts.hulp(content.decisions, None).full
        == "Afwegen samen met Veilig Thuis (vraag 3 tot en met 5)"
    )
    assert result.other is None
    assert [(p.walk, p.current) for p in result.progress] == [
        ("steps", "Stap 2 — Overleg en vraag advies"),
        ("quick", None),
    ]


def test_the_finished_stappenplan_decides_and_the_quick_check_is_mentioned(content):
    dossier = Dossier(
        exported_at=NOW,
        quick=quick(content, ("vermoeden", "ja"), ("onveiligheid", "ja")),
        steps=steps(
            content,
            ("vermoeden", "ja"),
            ("onveiligheid", "nee"),
            ("hulp_mogelijk", "ja"),
            ("hulp_aanvaard", "ja"),
            ("hulp_effectief", "ja"),
        ),
    )
    result = build(content, dossier, NOW)
    assert result.decision.walk == "steps"
    assert result.decision.outcome == "hulp_verlenen"
    assert result.decision.melden_text == "Nee, melden bij Veilig Thuis is niet noodzakelijk."
    assert result.decision.hulp_text == "Ja, hulp verlenen of organiseren is mogelijk."
    assert result.other.outcome == "melden_onveiligheid"
    assert "Ook uit de snelle check: Melden is noodzakelijk" in to_markdown(result)


def test_reasons_name_the_question_and_the_answer(content):
    dossier = Dossier(
        exported_at=NOW, quick=quick(content, ("vermoeden", "ja"), ("onveiligheid", "nee"), ("hulp_mogelijk", "nee"))
    )
    reasons = build(content, dossier, NOW).decision.reasons
    assert [r.question for r in reasons] == ["vermoeden", "onveiligheid", "hulp_mogelijk"]
    last = reasons[-1]
    assert last.title == "Afwegingsvraag 3 — zelf hulp bieden of organiseren"
    assert last.text.startswith("Ben ik in staat effectieve hulp te bieden of te organiseren")
    assert last.answer_label == "Nee, dat kan ik niet"
    assert last.reason.startswith("De professional kan geen effectieve hulp bieden of organiseren")
    assert "- Afwegingsvraag 3 — zelf hulp bieden of organiseren: *Nee, dat kan ik niet*." in to_markdown(
        build(content, dossier, NOW)
    )


def test_actions_and_record_come_from_the_outcome(content):
    dossier = Dossier(exported_at=NOW, quick=quick(content, ("vermoeden", "nee")))
    result = build(content, dossier, NOW)
    outcome = content.flows["afwegingskader"].node("geen_vermoeden")
    assert result.decision.actions == outcome.actions
    assert result.decision.record == outcome.record
    text = to_markdown(result)
    for heading in (
        "## Advies",
        "### Is melden noodzakelijk?",
        "### Is hulp verlenen of organiseren (ook) mogelijk?",
        "### Waarom",
        "### Wat je nu doet",
        "### Vastleggen in het dossier",
        "## Contact",
        "## Dossierlog",
    ):
        assert heading in text
    assert summary.DISCLAIMER in text


def test_a_twente_gemeente_gets_veilig_thuis_twente(content):
    result = build(content, Dossier(exported_at=NOW, gemeente="Hengelo"), NOW)
    assert result.region.name == "Veilig Thuis Twente (VTT)"
    assert result.region.region == "Twente"
    assert result.region.phone == "0800-2000"
    assert result.region.anonymous is True
    assert "24 uur" in result.region.hours
    assert "Code Rood (Zorg- en Veiligheidshuis Twente)" in result.region.partners
    assert result.emergency.phone == "112"
    text = to_markdown(result)
    assert "**Direct gevaar: bel 112.**" in text
    assert "**Veilig Thuis Twente (VTT): 0800-2000** (gratis, dag en nacht bereikbaar" in text
    assert "advies vragen mag anoniem" in text


def test_an_unknown_gemeente_gets_the_national_route(content):
    result = build(content, Dossier(exported_at=NOW, gemeente="Atlantis"), NOW)
    assert result.region.name == "Veilig Thuis in je regio"
    assert result.region.phone == "0800-2000"
    assert result.region.partners == []


def test_acute_outcome_lists_112_and_veilig_thuis_not_twice(content):
    dossier = Dossier(exported_at=NOW, steps=walked(content, "meldcode", [("stap1", "acuut")]))
    result = build(content, dossier, NOW)
    assert result.decision.acute is True
    assert result.contacts == []  # 112 and Veilig Thuis have their own lines


def test_the_log_has_answers_notes_and_ticks_in_time_order(content):
    state = walked(content, "meldcode", TO_STAP5[:3]).model_copy(
        update={
            "notes": {"stap1": Note(text="Blauwe plek op de arm.", at=T0 + timedelta(seconds=30))},
            "ticks": {"signalen_vastgelegd": T0 + timedelta(seconds=45)},
        }
    )
    log = build(content, Dossier(exported_at=NOW, steps=state), NOW).log
    assert [(e.kind, e.where) for e in log] == [
        ("antwoord", "Stap 1 — Breng signalen in kaart"),
        ("notitie", "Stap 1 — Breng signalen in kaart"),
        ("afgevinkt", "Stap 1 — Breng signalen in kaart"),
        ("antwoord", "Kindcheck"),
        ("antwoord", "Stap 2 — Overleg en vraag advies"),
    ]
    assert log[1].what == "Blauwe plek op de arm."
    assert log[2].what == "Signalen feitelijk vastgelegd in het dossier"
    assert log[3].what.startswith("Ja: mijn cliënt zorgt voor minderjarige kinderen")
    assert texts.format_time(log[0].at) == "23-11-2026 10:00"  # Dutch time (CET)


def test_markdown_escapes_user_text(content):
    hostile = "[x](javascript:alert(1)) <script>alert(1)</script> **vet** :material/home: $x$"
    state = walked(content, "meldcode", TO_STAP5[:1]).model_copy(update={"notes": {"stap1": Note(text=hostile)}})
    text = to_markdown(build(content, Dossier(exported_at=NOW, gemeente="<b>Hengelo</b>", steps=state), NOW))
    assert "[x](javascript:" not in text
    assert "<script>" not in text
    assert "<b>" not in text
    assert "**vet**" not in text
    assert ":material/home:" not in text
    assert "\\[x\\]" in text
    assert "&lt;script&gt;" in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("# kop", "\\# kop"),
        ("- lijst", "\\- lijst"),
        ("1. een", "1\\. een"),
        ("> citaat", "&gt; citaat"),
        ("a_b*c`d", "a\\_b\\*c\\`d"),
        ("www.voorbeeld.nl", "www\\.voorbeeld.nl"),
        ("gewoon een zin, met (haakjes).", "gewoon een zin, met (haakjes)."),
    ],
)
def test_escape_markdown(raw, escaped):
    assert escape_markdown(raw) == escaped


def test_multiline_notes_stay_inside_their_log_item(content):
    note = Note(text="regel een\n# geen kop\nregel drie", at=T0)
    state = walked(content, "meldcode", TO_STAP5[:1]).model_copy(update={"notes": {"stap1": note}})
    text = to_markdown(build(content, Dossier(exported_at=NOW, steps=state), NOW))
    assert "notitie: regel een  \n  \\# geen kop  \n  regel drie" in text


def test_json_of_summary_and_dossier(content):
    dossier = Dossier(
        exported_at=NOW, gemeente="Hengelo", quick=quick(content, ("vermoeden", "ja"), ("onveiligheid", "ja"))
    )
    data = json.loads(to_json(build(content, dossier, NOW)))
    assert data["decision"]["outcome"] == "melden_onveiligheid"
    assert data["decision"]["hulp_mogelijk"] is None
    assert data["region"]["name"] == "Veilig Thuis Twente (VTT)"
    assert json.loads(to_json(dossier))["format"] == "meldcode-dossier"


def test_the_reason_for_skipping_step_3_stands_beside_the_skip(content):
    path = [("stap1", "verder"), ("kindcheck", "nee"), ("stap2", "verder"), ("stap3", "overgeslagen")]
    path += [("stap4", "verder"), ("stap5", "verder"), ("vermoeden", "ja"), ("onveiligheid", "ja")]
    state = walked(content, "meldcode", path).model_copy(
        update={"notes": {"stap3": Note(text="Vader dreigt *de kinderen* mee te nemen.", at=NOW)}}
    )
    result = build(content, Dossier(exported_at=T0, steps=state), NOW)
    assert result.decision is not None
    (skip,) = [r for r in result.decision.reasons if r.question == "stap3"]
    assert skip.note == "Vader dreigt *de kinderen* mee te nemen."
    markdown = to_markdown(result)
    assert "Stap 3 is overgeslagen omdat het gesprek de veiligheid in gevaar zou brengen. Reden: " in markdown
    assert "Reden: Vader dreigt \\*de kinderen\\* mee te nemen." in markdown  # escaped, never emphasis
    other = [r for r in result.decision.reasons if r.question != "stap3"]
    assert all(r.note is None for r in other)
