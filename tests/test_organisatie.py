"""The organisation profile file: the example is valid, `validate` finds a profile by its
name or by MELDCODE_ORGANISATIE, and every broken file is refused as FILE:LINE: where: message."""

from __future__ import annotations

from pathlib import Path

import pytest

from meldcode import cli, organisatie

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "deploy" / "voorbeeld.organisatie.yaml"
GOOD = """\
name: "Testorganisatie"
sector: kinderopvang
aandachtsfunctionarissen:
  - name: "C. Test"
    phone: "000-0000003"
    email: "c@test.example"
agreements:
  - step: 2
    text: "Overleg met C."
"""


@pytest.fixture(autouse=True)
def _repo_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv(organisatie.ENV, raising=False)


def test_the_example_is_valid_and_says_it_is_an_example():
    profile = organisatie.load(EXAMPLE)
    assert profile.example is True
    assert profile.sector == "onderwijs"
    assert all(p.phone.startswith("000") for p in profile.aandachtsfunctionarissen)
    assert all(p.email.endswith(".example") for p in profile.aandachtsfunctionarissen)
    assert cli.main(["validate", str(EXAMPLE)]) == 0


def test_validate_checks_the_profile_named_by_the_variable(monkeypatch, tmp_path, capsys):
    path = tmp_path / "mijn-profiel.yaml"  # any name, when the variable names it
    path.write_text(GOOD, encoding="utf-8")
    monkeypatch.setenv(organisatie.ENV, str(path))
    assert cli.main(["validate"]) == 0
    assert f"Organisation profile {path} valid." in capsys.readouterr().out
    assert cli.main(["validate", str(path)]) == 0


def test_validate_without_the_variable_checks_no_profile(capsys):
    assert cli.main(["validate"]) == 0
    assert "Organisation profile" not in capsys.readouterr().out


BAD = [
    ("emial: c@test.example", "email", "6",
     "aandachtsfunctionarissen[0].emial: unknown key 'emial'; did you mean 'email'?"),
    ('phone: "bel mij"', "phone", "5", "aandachtsfunctionarissen[0].phone: 'bel mij' has the wrong form"),
    ('email: "geen-adres"', "email", "6", "aandachtsfunctionarissen[0].email: 'geen-adres' has the wrong form"),
    ("sector: school", "sector", "2", "sector: sector 'school' is not in content/sectors.yaml"),
    ("step: 6", "step", "8", "agreements[0].step: Input should be less than or equal to 5"),
    ('name: ""', "name", "1", "name: must not be empty"),
    ("aandachtsfunctionarissen: []", "aandachtsfunctionarissen", "3",
     "aandachtsfunctionarissen: should have at least 1 item(s)"),
]


@pytest.mark.parametrize(("line", "key", "lineno", "message"), BAD)
def test_a_broken_profile_is_refused_with_file_and_line(tmp_path, capsys, line, key, lineno, message):
    text = GOOD
    if key == "aandachtsfunctionarissen":
        text = GOOD.split("aandachtsfunctionarissen:")[0] + line + "\nagreements: []\n"
    else:
        old = next(t for t in GOOD.splitlines() if t.lstrip(" -").startswith(f"{key}:"))
        text = GOOD.replace(old, old.replace(old.lstrip(" -"), line), 1)
    path = tmp_path / "organisatie.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli.main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{lineno}: {message}" in err, err


def test_a_broken_profile_named_by_the_variable_fails_validate(monkeypatch, tmp_path, capsys):
    path = tmp_path / "profiel.yaml"
    path.write_text(GOOD.replace("sector: kinderopvang", "sector: school"), encoding="utf-8")
    monkeypatch.setenv(organisatie.ENV, str(path))
    assert cli.main(["validate"]) == 1
    assert f"{path}:2: sector: sector 'school'" in capsys.readouterr().err


def test_a_missing_profile_is_named(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(organisatie.ENV, str(tmp_path / "weg.yaml"))
    assert cli.main(["validate"]) == 1
    assert f"{tmp_path / 'weg.yaml'}:1: no such file (named by MELDCODE_ORGANISATIE)" in capsys.readouterr().err


def test_a_profile_is_recognised_by_its_name_only():
    assert organisatie.is_profile(Path("organisatie.yaml"))
    assert organisatie.is_profile(Path("deploy/school.organisatie.yml"))
    assert not organisatie.is_profile(Path("content/sectors.yaml"))
    assert not organisatie.is_profile(Path("mijnorganisatie.yaml"))
