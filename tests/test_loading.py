"""Every kind of bad file is refused with FILE:LINE: message, all problems at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from meldcode import yaml_source
from meldcode.errors import ContentError
from meldcode.loading import load_flow, validate_paths
from tests.conftest import SMALL_FLOW


def problems_of(path: Path) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_flow(path)
    return [str(p) for p in info.value.problems]


def test_small_flow_is_valid(flow_file):
    flow = load_flow(flow_file(SMALL_FLOW))
    assert flow.start == "vraag"
    assert [n.id for n in flow.nodes] == ["vraag", "uit_ja", "uit_nee"]


def test_yaml_syntax_error_names_file_and_line(flow_file):
    path = flow_file(SMALL_FLOW.replace("    title: Vraag\n", "    title: [Vraag\n"))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:10: YAML syntax error: ")
    assert "expected ',' or ']'" in problem
    assert problem.endswith("(while parsing a flow sequence at line 9)")


def test_tab_indentation_is_refused_per_line(flow_file):
    text = SMALL_FLOW.replace("    title: Vraag\n", "\ttitle: Vraag\n").replace("    text: Is", "\t text: Is")
    path = flow_file(text)
    assert problems_of(path) == [
        f"{path}:9: tab used for indentation; YAML needs spaces",
        f"{path}:10: tab used for indentation; YAML needs spaces",
    ]


def test_invalid_utf8_names_the_line(flow_file):
    raw = SMALL_FLOW.replace("title: Klein", "title: Kl\x00in").encode().replace(b"\x00", b"\xff")
    path = flow_file(raw)
    assert problems_of(path) == [f"{path}:2: not valid UTF-8 text; save the file as UTF-8"]


@pytest.mark.parametrize("text", ["", "   \n\n", "# alleen commentaar\n"])
def test_empty_file(flow_file, text):
    path = flow_file(text)
    assert problems_of(path) == [f"{path}:1: file is empty; it needs at least one key"]


def test_top_level_must_be_a_mapping(flow_file):
    path = flow_file("- a\n- b\n")
    assert problems_of(path) == [f"{path}:1: the top level must be a mapping (key: value)"]


def test_unknown_keys_are_all_reported_with_their_lines(flow_file):
    text = SMALL_FLOW.replace("    text: Is het zo?\n", "    text: Is het zo?\n    hulp: typo\n")
    text = text.replace("    summary: Nee.\n", "    summary: Nee.\n    kleur: rood\n")
    path = flow_file(text)
    assert problems_of(path) == [
        f"{path}:11: nodes[0].hulp: unknown key 'hulp'; did you mean 'help'? "
        "(allowed here: definitions, help, id, next, options, text, title, type)",
        f"{path}:33: nodes[2].kleur: unknown key 'kleur'; "
        "(allowed here: actions, acute, contacts, evaluate, hulp_mogelijk, id, melden_noodzakelijk, "
        "record, summary, title, type)",
    ]


def test_wrong_types(flow_file):
    text = SMALL_FLOW.replace("melden_noodzakelijk: true", "melden_noodzakelijk: misschien")
    text = text.replace("    actions: [Doe niets.]", "    actions: Doe niets.")
    path = flow_file(text)
    assert problems_of(path) == [
        f"{path}:25: nodes[1].melden_noodzakelijk: should be true or false",
        f"{path}:33: nodes[2].actions: should be a list (lines starting with '- ')",
    ]


def test_missing_key_and_bad_type_name(flow_file):
    text = SMALL_FLOW.replace("    type: question\n", "    type: vraag\n").replace("start: vraag\n", "")
    path = flow_file(text)
    assert problems_of(path) == [
        f"{path}:1: start: missing required key 'start'",
        f"{path}:7: nodes[0].type: unknown type 'vraag'; use one of: 'question', 'step', 'info', 'subflow', 'outcome'",
    ]


def test_invalid_id(flow_file):
    path = flow_file(SMALL_FLOW.replace("  - id: uit_nee", "  - id: Uit Nee").replace("goto: uit_nee", "goto: uit_ja"))
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:28: nodes[2].id: 'Uit Nee' is not a valid id")


def test_duplicate_ids(flow_file):
    path = flow_file(SMALL_FLOW.replace("  - id: uit_nee", "  - id: uit_ja"))
    assert problems_of(path) == [f"{path}:28: nodes[2].id: duplicate id 'uit_ja' (first at line 21)"]


def test_duplicate_keys(flow_file):
    path = flow_file(SMALL_FLOW.replace("title: Klein\n", "title: Klein\ntitle: Groot\n"))
    assert problems_of(path) == [f"{path}:3: duplicate key 'title' (first at line 2)"]


def test_goto_to_missing_id(flow_file):
    path = flow_file(SMALL_FLOW.replace("goto: uit_nee", "goto: uit_misschien"))
    assert f"{path}:20: nodes[0].next[1].goto: goto 'uit_misschien' does not exist in this flow" in problems_of(path)


def test_python_tags_are_refused_and_never_run(flow_file, tmp_path):
    marker = tmp_path / "pwned"
    text = SMALL_FLOW.replace("title: Klein\n", f"title: !!python/object/apply:os.system ['touch {marker}']\n")
    path = flow_file(text)
    [problem] = problems_of(path)
    assert problem == f"{path}:2: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed"
    assert not marker.exists()


def test_custom_local_tags_are_refused(flow_file):
    path = flow_file(SMALL_FLOW.replace("title: Klein", "title: !secret Klein"))
    assert problems_of(path) == [f"{path}:2: tag '!secret' is not allowed; write plain data"]


BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_before_it_is_expanded(flow_file, monkeypatch):
    """Building the tree stops at the first node met twice (the anchor on line 1): the
    ~390 million items the aliases stand for are never visited."""
    path = flow_file(BILLION_LAUGHS)
    built = []
    build = yaml_source._build

    def counting(*args):
        built.append(args[1])
        return build(*args)

    monkeypatch.setattr(yaml_source, "_build", counting)
    assert problems_of(path) == [f"{path}:1: anchors and aliases (& and *) are not allowed; write the value out"]
    assert len(built) < 30, built


def test_yes_no_on_off_stay_text(flow_file):
    text = SMALL_FLOW.replace('value: "ja"', "value: yes").replace('value: "nee"', "value: no")
    text = text.replace('{vraag: "ja"}', "{vraag: yes}")
    flow = load_flow(flow_file(text))
    assert [o.value for o in flow.node("vraag").options] == ["yes", "no"]


def test_validate_paths_collects_problems_of_all_files(flow_file, tmp_path):
    flow_file(SMALL_FLOW)
    flow_file("", name="leeg")
    flow_file(SMALL_FLOW.replace("goto: uit_nee", "goto: nergens"), name="kapot")
    count, problems = validate_paths([tmp_path / "flows"])
    assert count == 3
    assert sorted({Path(p.file).name for p in problems}) == ["kapot.yaml", "leeg.yaml"]


def test_unknown_content_file_name(tmp_path):
    path = tmp_path / "content" / "kleuren.yaml"
    path.parent.mkdir()
    path.write_text("a: 1\n")
    _, [problem] = validate_paths([path])
    assert str(problem).startswith(f"{path}:1: unknown content file 'kleuren.yaml'")


def test_content_files_report_lines(tmp_path):
    path = tmp_path / "content" / "contacts.yaml"
    path.parent.mkdir()
    path.write_text(
        "contacts:\n  - id: vt\n    name: Veilig Thuis\n    description: x\n    phone: bel-ons\n    source: s\n"
    )
    _, [problem] = validate_paths([path])
    assert str(problem).startswith(f"{path}:5: contacts[0].phone: 'bel-ons' has the wrong form")
