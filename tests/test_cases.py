"""The training cases in content/cases/: valid, listed, checked, and covering the flows."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from meldcode import engine, training
from meldcode.loading import load_bundle, load_content_file
from meldcode.models import Bundle, Case

ROOT = Path(__file__).resolve().parents[1]
CASE_FILES = sorted((ROOT / "content" / "cases").glob("*.yaml"))


@pytest.fixture(scope="module")
def bundle() -> Bundle:
    return load_bundle(ROOT)


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "meldcode", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def test_there_are_cases() -> None:
    assert CASE_FILES, "content/cases/ holds no cases"


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_validates(path: Path) -> None:
    case = load_content_file(path)
    assert isinstance(case, Case)
    assert case.id == path.stem


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_acute_exit_step_has_facts(path: Path) -> None:
    """Oefenen asks about acute danger at each step with facts: the exit step must be one of them."""
    case = load_content_file(path)
    assert isinstance(case, Case)
    if case.acute_exit_step is not None:
        assert case.acute_exit_step in [s.step for s in case.steps]


def test_cases_command_lists_every_case(bundle: Bundle) -> None:
    result = run_cli("cases")
    assert result.returncode == 0, result.stderr
    listed = {line.split()[0] for line in result.stdout.splitlines() if line.strip()}
    assert listed == set(bundle.cases)


def test_cases_check_passes_on_the_repo(bundle: Bundle) -> None:
    result = run_cli("cases", "--check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"OK: {len(bundle.cases)} cases reach their expected outcome."


def test_cases_check_names_a_case_with_a_wrong_expected_outcome(tmp_path: Path, bundle: Bundle) -> None:
    shutil.copytree(ROOT / "flows", tmp_path / "flows")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    case = next(c for c in sorted(bundle.cases.values(), key=lambda c: c.id) if c.flow == "afwegingskader")
    wrong = next(o.id for o in bundle.flows[case.flow].outcomes() if o.id != case.expected_outcome)
    path = tmp_path / "content" / "cases" / f"{case.id}.yaml"
    text, count = re.subn(
        r"^expected_outcome:.*$", f"expected_outcome: {wrong}", path.read_text(encoding="utf-8"), flags=re.M
    )
    assert count == 1
    path.write_text(text, encoding="utf-8")
    result = run_cli("cases", "--check", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{case.id}: model answers lead to '{case.expected_outcome}', but expected_outcome is '{wrong}'"
    ]


# --------------------------------------------------------------------------- coverage


def test_cases_cover_every_outcome_of_the_afwegingskader(bundle: Bundle) -> None:
    """Every outcome is reached by some case's model walk (an interim one on the way)."""
    outcomes = {o.id for o in bundle.flows["afwegingskader"].outcomes()}
    comp = engine.compose(bundle.flows["afwegingskader"], bundle.flows)
    covered: set[str] = set()
    for case in bundle.cases.values():
        if case.flow == "afwegingskader":
            state = engine.walk_answers(comp, {q: a.answer for q, a in case.model_answers.items()})
            covered |= set(engine.position(comp, state).path) & outcomes
    assert outcomes - covered == set(), "no case reaches these outcomes"


def test_a_case_has_an_acute_exit(bundle: Bundle) -> None:
    assert any(c.acute_exit_step is not None for c in bundle.cases.values())


def test_a_case_has_a_kindcheck(bundle: Bundle) -> None:
    assert any(c.kindcheck is not None for c in bundle.cases.values())


def test_a_case_walks_the_medewerker_flow(bundle: Bundle) -> None:
    assert any(c.flow == "medewerker" for c in bundle.cases.values())


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_model_answers_reach_the_expected_outcome(path: Path, bundle: Bundle) -> None:
    case = bundle.cases[path.stem]
    comp = engine.compose(bundle.flows[case.flow], bundle.flows)
    assert training.model_walk(comp, case).outcome == case.expected_outcome
