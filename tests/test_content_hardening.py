"""Content that validates never crashes the app; content that would is refused at FILE:LINE.

R6: renaming an id the code relies on, or a missing, unreadable content file, passed
validate and then broke pages. R8: deep nesting crashed validate (segfault) or gave
"internal error (RecursionError)". Minor: tags on scalars and null/~ under libyaml,
FIFOs and /dev/zero, duplicate answers, cross-file problems at a guessed file and line 1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from meldcode import cli, ids
from meldcode.errors import ContentError
from meldcode.loading import load_bundle, validate_paths
from meldcode.yaml_source import MAX_DEPTH, read_yaml

ROOT = Path(__file__).resolve().parents[1]


def copy_of_content(tmp_path: Path) -> Path:
    for folder in ("flows", "content"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    return tmp_path


ALL_FILES = ("flows/*.yaml", "content/**/*.yaml")


def rename(root: Path, old: str, new: str, where: tuple[str, ...] = ALL_FILES) -> None:
    """Rename an id consistently: every whole-word use in the flow and content files."""
    pattern = re.compile(rf"(?<![\w]){re.escape(old)}(?![\w])")
    for path in [p for pattern_ in where for p in root.glob(pattern_)]:
        text = path.read_text(encoding="utf-8")
        path.write_text(pattern.sub(new, text), encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_bundle(root)
    return [str(p) for p in info.value.problems]


def run_meldcode(*args: str, cwd: Path = ROOT, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "meldcode", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )


# --------------------------------------------------------------------------- ids the code relies on

BROKEN_IDS = [
    ("alarmnummer", "noodnummer", r"content/contacts\.yaml:\d+: contacts: contact id 'alarmnummer' is required"),
    ("veilig_thuis", "vt_landelijk", r"content/contacts\.yaml:\d+: contacts: contact id 'veilig_thuis' is required"),
    ("acuut_gevaar", "direct_gevaar", r"flows/meldcode\.yaml:\d+: nodes: outcome id 'acuut_gevaar' is required"),
    ("acuut", "spoed", r"flows/meldcode\.yaml:\d+: nodes\[\d+\]\.options: step 'stap1' needs option 'acuut'"),
    ("overgeslagen", "niet_gedaan", r"flows/meldcode\.yaml:\d+: nodes: no step offers option 'overgeslagen'"),
    (
        "medewerker",
        "personeel",
        r"flows/medewerker\.yaml:[2-9]: id: required flow 'medewerker' is missing \(this file has id 'personeel'\)",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BROKEN_IDS, ids=[b[0] for b in BROKEN_IDS])
def test_renaming_an_id_the_code_relies_on_fails_validate(tmp_path, old, new, expected):
    root = copy_of_content(tmp_path)
    # regions.yaml has a key of the same name (a region's own Veilig Thuis): not a contact id
    rename(root, old, new, ("flows/*.yaml", "content/contacts.yaml") if old == "veilig_thuis" else ALL_FILES)
    found = problems_of(root)
    assert any(re.search(expected, p) for p in found), found


def test_a_missing_flow_is_reported_at_the_flows_folder_not_a_guessed_file(tmp_path):
    root = copy_of_content(tmp_path)
    (root / "flows" / "medewerker.yaml").unlink()
    found = problems_of(root)
    expected = f"{root / 'flows'}:1: required flow 'medewerker' is missing: no file in this folder has id 'medewerker'"
    assert expected in found
    assert not any("flows/medewerker.yaml" in p for p in found), found


def test_a_required_file_that_does_not_validate_is_not_also_called_missing(tmp_path):
    root = copy_of_content(tmp_path)
    (root / "content" / "contacts.yaml").write_text("contacts: []\n", encoding="utf-8")
    found = problems_of(root)
    assert found == [f"{root / 'content' / 'contacts.yaml'}:1: contacts: should have at least 1 item(s)"]


def test_the_real_content_has_every_id():
    bundle = load_bundle(ROOT)
    assert set(ids.FLOWS) <= set(bundle.flows)
    assert set(ids.REQUIRED_CONTENT) <= set(bundle.content_files())


def test_the_ids_in_the_code_are_the_ones_checked():
    """The code names these ids only through meldcode.ids: no module writes a flow or
    contact id out itself (renaming one in the content is then checked by validate)."""
    from meldcode.ui import session

    assert set(session.FLOW_OF.values()) == set(ids.FLOWS)
    written_out = re.compile(
        r"""(?:FLOW\w* = |flows\.get\(|flows\[|composite\(|contacts\[|: |flow == |\{)["']("""
        + "|".join(ids.FLOWS + (ids.CONTACT_ALARM, ids.CONTACT_VEILIG_THUIS))
        + r""")["']"""
    )
    found = []
    for path in sorted((ROOT / "meldcode").rglob("*.py")):
        if path.name != "ids.py":
            found += [f"{path.name}: {m.group(0)}" for m in written_out.finditer(path.read_text(encoding="utf-8"))]
    assert found == []


def test_the_decisions_block_of_the_afwegingskader_is_required(tmp_path, capsys):
    """The two decisions are worded in flows/afwegingskader.yaml (``decisions:``), never in the
    code: without the block, validate says so at the flow's id line, for the folder and the file."""
    root = copy_of_content(tmp_path)
    path = root / "flows" / "afwegingskader.yaml"
    text = path.read_text(encoding="utf-8")
    without = re.sub(r"(?ms)^decisions:\n.*?(?=^start: )", "", text)
    assert "nu_niet" not in without
    path.write_text(without, encoding="utf-8")
    expected = f"{path}:3: decisions: flow 'afwegingskader' needs a 'decisions:' block"
    assert any(p.startswith(expected) for p in problems_of(root)), problems_of(root)
    assert cli.main(["validate", str(path)]) == cli.EXIT_CONTENT
    assert expected in capsys.readouterr().err


@pytest.mark.parametrize("name", ids.REQUIRED_CONTENT)
def test_a_missing_content_file_is_reported(tmp_path, name):
    root = copy_of_content(tmp_path)
    (root / "content" / name).unlink()
    assert f"{root / 'content' / name}:1: required file is missing; the app needs it" in problems_of(root)


def test_a_folder_named_like_a_content_file_is_reported(tmp_path):
    root = copy_of_content(tmp_path)
    (root / "content" / "glossary.yaml").unlink()
    (root / "content" / "glossary.yaml").mkdir()
    assert any("glossary.yaml:1: cannot read file: this is a folder" in p for p in problems_of(root))


def test_a_symlink_loop_is_reported(tmp_path):
    root = copy_of_content(tmp_path)
    target = root / "content" / "signals.yaml"
    target.unlink()
    target.symlink_to(target)
    assert any("signals.yaml:1: cannot read file: Too many levels of symbolic links" in p for p in problems_of(root))


def test_a_link_to_dev_zero_is_reported_at_once(tmp_path):
    root = copy_of_content(tmp_path)
    target = root / "content" / "signals.yaml"
    target.unlink()
    target.symlink_to("/dev/zero")
    done = run_meldcode("validate", cwd=root, timeout=60)
    assert done.returncode == 1
    assert "signals.yaml:1: cannot read file: this is a pipe, device or socket, not a regular file" in done.stderr


def test_a_fifo_in_the_flows_folder_does_not_hang_validate(tmp_path):
    root = copy_of_content(tmp_path)
    os.mkfifo(root / "flows" / "wacht.yaml")
    done = run_meldcode("validate", str(root / "flows"), timeout=60)
    assert done.returncode == 1
    assert "wacht.yaml:1: cannot read file: this is a pipe, device or socket" in done.stderr


# --------------------------------------------------------------------------- cross-file problems


def test_a_cross_file_problem_names_the_real_file_and_line(tmp_path):
    """The flow lives in stappen.yaml (its id is still meldcode): not a guessed flows/meldcode.yaml:1."""
    root = copy_of_content(tmp_path)
    flow = root / "flows" / "meldcode.yaml"
    text = flow.read_text(encoding="utf-8").replace("contacts: [alarmnummer", "contacts: [brandweer", 1)
    assert "brandweer" in text
    (root / "flows" / "stappen.yaml").write_text(text, encoding="utf-8")
    flow.unlink()
    line = next(i for i, ln in enumerate(text.splitlines(), 1) if "brandweer" in ln)
    expected = f"{root / 'flows' / 'stappen.yaml'}:{line}: "
    found = problems_of(root)
    assert any(p.startswith(expected) and "names contact 'brandweer'" in p for p in found), found


def test_a_case_with_an_unknown_sector_points_at_its_sector_line(tmp_path):
    root = copy_of_content(tmp_path)
    case = sorted((root / "content" / "cases").glob("*.yaml"))[0]
    lines = case.read_text(encoding="utf-8").splitlines()
    index = next(i for i, ln in enumerate(lines) if ln.startswith("sector:"))
    lines[index] = "sector: bakkerij"
    case.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert f"{case}:{index + 1}: sector: sector 'bakkerij' is not in content/sectors.yaml" in problems_of(root)


# --------------------------------------------------------------------------- YAML


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 100_000])
def test_deep_nesting_is_a_file_line_message_not_a_crash(tmp_path, depth):
    """R8: 100,000 levels (200 kB) made libyaml's composer crash the process (segfault)."""
    content = tmp_path / "content"
    content.mkdir()
    (content / "signals.yaml").write_text("groups:\n  - " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    done = run_meldcode("validate", str(content / "signals.yaml"))
    assert done.returncode == 1, done.stderr
    assert f"signals.yaml:2: nested more than {MAX_DEPTH} levels deep" in done.stderr
    assert "internal error" not in done.stderr


def test_deep_block_nesting_points_at_the_line(tmp_path):
    path = tmp_path / "content" / "glossary.yaml"
    path.parent.mkdir()
    path.write_text("".join(f"{'  ' * i}k{i}:\n" for i in range(60)) + f"{'  ' * 60}x\n", encoding="utf-8")
    with pytest.raises(ContentError, match=rf"glossary.yaml:{MAX_DEPTH + 1}: nested more than {MAX_DEPTH}"):
        read_yaml(path)


def chain_flow(length: int) -> str:
    targets = [f"v{i + 1}" for i in range(length - 1)] + ["einde"]
    nodes = [
        f"  - id: v{i}\n    type: info\n    title: V{i}\n    text: Lees.\n    next:\n      - goto: {target}\n"
        for i, target in enumerate(targets)
    ]
    end = (
        "  - id: einde\n    type: outcome\n    title: Einde\n    summary: Klaar.\n"
        "    melden_noodzakelijk: false\n    actions: [Niets.]\n    record: [Niets.]\n"
    )
    head = "id: lang\ntitle: Lang\ndescription: Een lange keten.\nsource: test\nstart: v0\nnodes:\n"
    return head + "".join(nodes) + end


@pytest.mark.parametrize("length", [400, 600, 3000])
def test_long_flow_chains_validate_without_recursion_errors(tmp_path, length):
    (tmp_path / "flows").mkdir()
    path = tmp_path / "flows" / "lang.yaml"
    path.write_text(chain_flow(length), encoding="utf-8")
    count, problems = validate_paths([path])
    assert count == 1
    if length < 500:
        assert problems == []
    else:
        assert [p.message for p in problems] == ["a path through this flow is longer than 500 nodes; split the flow"]
        assert problems[0].line > 1


def test_a_tag_on_a_scalar_is_refused(tmp_path):
    """Under libyaml, !!python/name:os.system on a scalar passed validate (nothing ran)."""
    path = tmp_path / "content" / "glossary.yaml"
    path.parent.mkdir()
    path.write_text("terms:\n  - term: !!python/name:os.system\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"glossary.yaml:2: tag 'tag:yaml.org,2002:python/name:os.system'"):
        read_yaml(path)


@pytest.mark.parametrize("empty", ["null", "~", ""])
def test_null_is_not_the_text_null(tmp_path, empty):
    """Under libyaml, `null` and `~` became the texts "null" and "~"."""
    path = tmp_path / "content" / "contacts.yaml"
    path.parent.mkdir()
    data, _ = (path.write_text(f"a: {empty}\nb: 3\nc: true\nd: 'null'\n", encoding="utf-8"), read_yaml(path))[1]
    assert data == {"a": None, "b": 3, "c": True, "d": "null"}


def test_null_where_a_text_is_expected_says_so(tmp_path):
    root = copy_of_content(tmp_path)
    path = root / "content" / "contacts.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    index = next(i for i, ln in enumerate(lines) if ln.strip().startswith("name:"))
    lines[index] = lines[index].split("name:")[0] + "name: ~"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert any(f"contacts.yaml:{index + 1}: " in p and "is empty (null or ~)" in p for p in problems_of(root))


# --------------------------------------------------------------------------- advise --answers, graph


@pytest.fixture
def flow() -> str:
    return str(ROOT / "flows" / "afwegingskader.yaml")


def test_answers_from_a_fifo_do_not_hang(tmp_path, flow):
    fifo = tmp_path / "antwoorden.json"
    os.mkfifo(fifo)
    done = run_meldcode("advise", flow, "--answers", str(fifo), timeout=60)
    assert done.returncode == 1
    assert "not a regular file" in done.stderr


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_answers_linked_to_dev_zero_are_refused(tmp_path, flow, suffix):
    link = tmp_path / f"antwoorden{suffix}"
    link.symlink_to("/dev/zero")
    done = run_meldcode("advise", flow, "--answers", str(link), timeout=60)
    assert done.returncode == 1
    assert "not a regular file" in done.stderr


def test_graph_of_dev_zero_is_refused(tmp_path):
    (tmp_path / "flows").mkdir()
    link = tmp_path / "flows" / "nul.yaml"
    link.symlink_to("/dev/zero")
    done = run_meldcode("graph", str(link), timeout=60)
    assert done.returncode == 1
    assert "not a regular file" in done.stderr


def test_duplicate_answers_are_refused(tmp_path, flow, capsys):
    """The last of two answers won and flipped the advice to "niet melden"."""
    path = tmp_path / "a.json"
    path.write_text('{"vermoeden": "ja", "onveiligheid": "ja", "onveiligheid": "nee"}', encoding="utf-8")
    assert cli.main(["advise", flow, "--answers", str(path)]) == cli.EXIT_CONTENT
    assert f"{path}:1: duplicate key 'onveiligheid'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"{" + b" " * 200_000 + b"}", "file is larger than 100 kB"),
        (b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
        (b'{"vermoeden": ' + b"9" * 5000 + b"}", "Exceeds the limit"),
    ],
    ids=["50 MB", "deep", "long number"],
)
def test_oversized_or_deep_answers_are_a_message_not_an_internal_error(tmp_path, flow, capsys, raw, message):
    path = tmp_path / "a.json"
    path.write_bytes(raw)
    assert cli.main(["advise", flow, "--answers", str(path)]) == cli.EXIT_CONTENT
    err = capsys.readouterr().err
    assert message in err
    assert "internal error" not in err
