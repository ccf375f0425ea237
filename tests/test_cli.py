"""The command line: ``cli.main`` in-process (what the user sees: output and exit code),
and once through ``python -m meldcode`` as users and other tools call it."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest

from meldcode.cli import main
from tests.conftest import ROOT, SMALL_FLOW
from tests.test_afwegingskader import QUESTIONS, expected
from tests.test_loading import BILLION_LAUGHS


@dataclass(frozen=True)
class Result:
    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    """``python -m meldcode ARGS`` in the repository, in this process."""
    monkeypatch.chdir(ROOT)

    def run(*args: str) -> Result:
        code = main(list(args))
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return run


def test_python_m_meldcode_validates_the_repo():
    """The one subprocess: the entry point as users call it."""
    result = subprocess.run(
        [sys.executable, "-m", "meldcode", "validate"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 4 flows, 6 content files")


def test_validate_repo(run):
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("OK: 4 flows, 6 content files")


BROKEN = {
    "syntax": SMALL_FLOW.replace("title: Klein", "title: [Klein"),
    "tabs": SMALL_FLOW.replace("    title: Vraag", "\ttitle: Vraag"),
    "utf8": SMALL_FLOW.replace("Klein", "Kl\udcffin"),
    "empty": "",
    "unknown_key": SMALL_FLOW.replace("title: Klein", "titel: Klein"),
    "wrong_type": SMALL_FLOW.replace("melden_noodzakelijk: true", "melden_noodzakelijk: [1]"),
    "duplicate_id": SMALL_FLOW.replace("id: uit_nee", "id: uit_ja"),
    "missing_goto": SMALL_FLOW.replace("goto: uit_nee", "goto: nergens"),
    "python_tag": SMALL_FLOW.replace("title: Klein", "title: !!python/object/apply:os.getcwd []"),
    "alias_bomb": BILLION_LAUGHS,
}


@pytest.mark.parametrize("kind", sorted(BROKEN))
def test_validate_refuses_broken_files_cleanly(run, tmp_path, kind):
    path = tmp_path / "flows" / f"{kind}.yaml"
    path.parent.mkdir()
    path.write_bytes(BROKEN[kind].encode("utf-8", "surrogateescape"))
    result = run("validate", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].endswith("problem(s) found.")
    assert all(line.startswith(f"{path}:") for line in lines[:-1]), lines


def test_validate_a_folder_of_content(run, tmp_path):
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "glossary.yaml").write_text("terms: []\n")
    result = run("validate", str(tmp_path / "content"))
    assert result.returncode == 1
    assert result.stderr.startswith(f"{tmp_path / 'content' / 'glossary.yaml'}:1: terms: should have at least 1 item")


COMBOS = [dict(zip(QUESTIONS, c, strict=True)) for c in itertools.product(["ja", "nee"], repeat=5)]


def test_advise_json_gives_the_domain_decision_for_every_combination(run, tmp_path):
    for answers in COMBOS:
        path = tmp_path / "a.json"
        path.write_text(json.dumps(answers))
        result = run("advise", "flows/afwegingskader.yaml", "--answers", str(path), "--json")
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        outcome, melden, hulp, path_ids = expected(answers)
        assert data["flow"] == "afwegingskader"
        assert (data["outcome"], data["melden_noodzakelijk"], data["hulp_mogelijk"], data["path"]) == (
            outcome,
            melden,
            hulp,
            path_ids,
        )
        assert {"name": "Veilig Thuis", "phone": "0800-2000"} in data["contacts"]
        assert data["reasons"]
        assert data["actions"]
        assert data["pending"] == []


@pytest.mark.parametrize(
    ("vraag_5", "outcome", "melden", "pending"),
    [
        (None, "hulp_volgen", False, ["hulp_effectief"]),
        ("ja", "hulp_verlenen", False, []),
        ("nee", "melden_hulp_niet_effectief", True, []),
    ],
)
def test_advise_help_that_still_has_to_run_is_pending_not_an_error(run, tmp_path, vraag_5, outcome, melden, pending):
    """The contract: vraag 3 and 4 ja without hulp_effectief exits 0 with pending."""
    answers = {"vermoeden": "ja", "onveiligheid": "nee", "hulp_mogelijk": "ja", "hulp_aanvaard": "ja"}
    if vraag_5:
        answers["hulp_effectief"] = vraag_5
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers))
    result = run("advise", "flows/afwegingskader.yaml", "--answers", str(path), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["outcome"], data["melden_noodzakelijk"], data["hulp_mogelijk"]) == (outcome, melden, vraag_5 != "nee")
    assert data["pending"] == pending
    if pending:
        assert any("evaluatiemoment" in action for action in data["actions"])


def test_advise_reads_yaml_and_prints_plain_text(run, tmp_path):
    path = tmp_path / "a.yaml"
    path.write_text("vermoeden: ja\nonveiligheid: ja\n")
    result = run("advise", "flows/afwegingskader.yaml", "--answers", str(path))
    assert result.returncode == 0
    assert "Is melden noodzakelijk?  ja" in result.stdout
    assert "112" in result.stdout
    assert "0800-2000" in result.stdout


@pytest.mark.parametrize(
    ("answers", "melden", "hulp"),
    [
        ({"vermoeden": "ja", "onveiligheid": "ja"}, "ja", "samen met Veilig Thuis afwegen"),
        ({"vermoeden": "nee"}, "nee", "nee"),
        (  # help runs: the same words as the pages, melden is not noodzakelijk *now*
            {"vermoeden": "ja", "onveiligheid": "nee", "hulp_mogelijk": "ja", "hulp_aanvaard": "ja"},
            "nu niet (zolang de hulp loopt en werkt)",
            "ja: de hulp loopt",
        ),
    ],
)
def test_advise_text_words_the_two_decisions_as_the_app_does(tmp_path, capsys, answers, melden, hulp):
    from meldcode import cli

    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers))
    assert cli.main(["advise", str(ROOT / "flows" / "afwegingskader.yaml"), "--answers", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"Is melden noodzakelijk?  {melden}\n" in out
    assert f"Is hulp verlenen of organiseren (ook) mogelijk?  {hulp}\n" in out


def test_advise_text_takes_the_wording_from_the_afwegingskader_beside_the_flow(tmp_path, capsys):
    """A flow without a decisions: block words them as the afwegingskader next to it does;
    without one there, advise says so (the JSON needs no wording)."""
    from meldcode import cli

    flows = tmp_path / "flows"
    flows.mkdir()
    (flows / "klein.yaml").write_text(SMALL_FLOW, encoding="utf-8")
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps({"vraag": "ja"}))
    args = ["advise", str(flows / "klein.yaml"), "--answers", str(answers)]
    assert cli.main([*args, "--json"]) == cli.EXIT_OK
    assert cli.main(args) == cli.EXIT_CONTENT
    assert "no 'afwegingskader' flow with a 'decisions:' block beside this file" in capsys.readouterr().err
    (flows / "afwegingskader.yaml").write_text((ROOT / "flows" / "afwegingskader.yaml").read_text("utf-8"), "utf-8")
    assert cli.main(args) == cli.EXIT_OK
    assert "Is melden noodzakelijk?  ja\n" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"vermoeden": "ja"}, "missing answer for 'onveiligheid'"),
        ({"vermoeden": "misschien"}, "answer 'misschien' for 'vermoeden' is not one of: ja, nee"),
        ({"vermoeden": True}, "answer for 'vermoeden' must be one of: ja, nee (got True)"),
    ],
)
def test_advise_bad_answers_exit_2_naming_the_question(run, tmp_path, answers, message):
    path = tmp_path / "a.json"
    path.write_text(json.dumps(answers))
    result = run("advise", "flows/afwegingskader.yaml", "--answers", str(path), "--json")
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_graph_prints_dot(run):
    result = run("graph", "flows/meldcode.yaml")
    assert result.returncode == 0
    assert result.stdout.startswith('digraph "meldcode" {')
    assert result.stdout.rstrip().endswith("}")


def test_schema_is_json_schema_for_every_file_kind(run):
    result = run("schema")
    schemas = json.loads(result.stdout)
    assert set(schemas) >= {"flows/*.yaml", "content/contacts.yaml", "content/regions.yaml", "content/cases/*.yaml"}
    assert schemas["flows/*.yaml"]["additionalProperties"] is False
