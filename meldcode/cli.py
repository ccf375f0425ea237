"""The command line: ``python -m meldcode validate | advise | graph | schema | cases``.

Each command is a plain function that returns an exit code; ``main`` only parses
arguments and turns user errors into clean messages (exit 1, or 2 for bad answers).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from meldcode import engine, ids, organisatie, texts, training
from meldcode.errors import ContentError, Problem, unique_keys
from meldcode.graph import to_dot
from meldcode.loading import (
    YAML_SUFFIXES,
    load_bundle,
    load_content_file,
    load_flow,
    sibling_flows,
    validate_paths,
)
from meldcode.models import CONTENT_MODELS, Bundle, Case, ContactsFile, Decisions, Flow, SectorsFile
from meldcode.yaml_source import read_limited, read_yaml

EXIT_OK, EXIT_CONTENT, EXIT_ANSWERS, EXIT_BUG = 0, 1, 2, 3


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    print(f"{len(problems)} problem(s) found.", file=sys.stderr)


def _sectors() -> SectorsFile | None:
    """content/sectors.yaml of the repository the command runs in, if it is valid."""
    path = Path("content") / "sectors.yaml"
    try:
        sectors = load_content_file(path) if path.exists() else None
    except ContentError:
        return None
    return sectors if isinstance(sectors, SectorsFile) else None


def _is_profile(path: Path, configured: Path | None) -> bool:
    same = configured is not None and path.exists() and configured.exists() and path.samefile(configured)
    return path.is_file() and (organisatie.is_profile(path) or same)


def cmd_validate(paths: list[Path]) -> int:
    """Flows and content; the organisation profile named by MELDCODE_ORGANISATIE with them,
    and any PATH that is a profile (organisatie.yaml, *.organisatie.yaml) by itself."""
    configured = organisatie.configured_path()
    if not paths:
        bundle = load_bundle(Path("."))
        files = len(bundle.content_files())
        line = f"OK: {len(bundle.flows)} flows, {files} content files, {len(bundle.cases)} cases valid."
        if configured is not None:
            organisatie.load(configured, bundle.sectors)
            line += f" Organisation profile {configured} valid."
        print(line)
        return EXIT_OK
    profiles = [p for p in paths if _is_profile(p, configured)]
    count, problems = validate_paths([p for p in paths if p not in profiles])
    for path in profiles:
        count += 1
        try:
            organisatie.load(path, _sectors())
        except ContentError as exc:
            problems += exc.problems
    if problems:
        _print_problems(problems)
        return EXIT_CONTENT
    print(f"OK: {count} file(s) valid.")
    return EXIT_OK


def composite_for(flow_path: Path) -> engine.Composite:
    flow = load_flow(flow_path)
    return engine.compose(flow, sibling_flows(flow_path, flow))


def _contacts_near(flow_path: Path) -> dict[str, Any]:
    for root in (flow_path.resolve().parent.parent, Path.cwd()):
        path = root / "content" / "contacts.yaml"
        if path.exists():
            contacts = load_content_file(path)
            assert isinstance(contacts, ContactsFile)
            return contacts.by_id()
    return {}


def _decisions_near(comp: engine.Composite, flow_path: Path) -> Decisions:
    """The wording of the two decisions: the afwegingskader's ``decisions:``, from the flow
    itself or from the afwegingskader file beside it."""
    if comp.root.decisions is not None:
        return comp.root.decisions
    for suffix in sorted(YAML_SUFFIXES):
        candidate = flow_path.with_name(ids.FLOW_QUICK + suffix)
        if candidate.exists() and candidate.resolve() != flow_path.resolve():
            found = load_flow(candidate, {}).decisions
            if found is not None:
                return found
    message = f"no '{ids.FLOW_QUICK}' flow with a 'decisions:' block beside this file: it words the two decisions"
    raise ContentError([Problem(str(flow_path), 1, message)])


MAX_ANSWERS_BYTES = 100_000


_unique_keys = unique_keys("duplicate key '{key}'; give each question one answer")


def _read_json(path: Path) -> Any:
    """An answers file as JSON: a regular file of at most 100 kB, no duplicate keys."""
    name = str(path)
    try:
        raw = read_limited(path, MAX_ANSWERS_BYTES)
    except OSError as exc:
        raise ContentError([Problem(name, 1, f"cannot read file: {exc.strerror}")]) from None
    if len(raw) > MAX_ANSWERS_BYTES:
        raise ContentError([Problem(name, 1, f"file is larger than {MAX_ANSWERS_BYTES // 1000} kB")])
    try:
        return json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_unique_keys)
    except UnicodeDecodeError:
        raise ContentError([Problem(name, 1, "not valid UTF-8 text; save the file as UTF-8")]) from None
    except json.JSONDecodeError as exc:
        raise ContentError([Problem(name, exc.lineno, f"not valid JSON: {exc.msg} (column {exc.colno})")]) from None
    except RecursionError:
        raise ContentError([Problem(name, 1, "nested too deeply; answers are one mapping")]) from None
    except ValueError as exc:  # a duplicate key, or a number of more than 4,300 digits
        raise ContentError([Problem(name, 1, str(exc))]) from None


def _read_answers(path: Path) -> dict[str, Any]:
    if path.suffix == ".json":
        data = _read_json(path)
    else:
        data, _ = read_yaml(path)
    if not isinstance(data, dict):
        raise ContentError([Problem(str(path), 1, "answers must be a mapping of question id to answer")])
    return data


def advice_json(comp: engine.Composite, state: engine.WalkState, contacts: dict[str, Any]) -> dict[str, Any]:
    adv = engine.advice(comp, state)
    assert adv is not None
    return {
        "flow": adv.flow,
        "outcome": adv.outcome,
        "title": adv.title,
        "summary": adv.summary,
        "melden_noodzakelijk": adv.melden_noodzakelijk,
        "hulp_mogelijk": adv.hulp_mogelijk,
        "reasons": [r.model_dump() for r in adv.reasons],
        "path": adv.path,
        "actions": adv.actions,
        "record": adv.record,
        "contacts": [
            {"name": contacts[c].name, "phone": contacts[c].phone} if c in contacts else {"name": c}
            for c in adv.contacts
        ],
        "pending": adv.pending,
    }


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _advice_text(data: dict[str, Any], wording: Decisions) -> str:
    interim = bool(data["pending"])  # help runs: melden is not noodzakelijk *now*
    melden = texts.melden(wording, data["melden_noodzakelijk"], interim).short
    hulp = texts.hulp(wording, data["hulp_mogelijk"], interim).short
    lines = [
        data["title"],
        "",
        data["summary"],
        "",
        f"{wording.melden.question}  {_lower_first(melden)}",
        f"{wording.hulp.question}  {_lower_first(hulp)}",
        "",
        "Waarom:",
        *[f"  - {r['question']} = {r['answer']}: {r['text']}" for r in data["reasons"]],
        "",
        "Wat je nu doet:",
        *[f"  - {a}" for a in data["actions"]],
        "",
        "Vastleggen in het dossier:",
        *[f"  - {r}" for r in data["record"]],
        "",
        "Contact:",
        *[f"  - {c['name']}" + (f": {c['phone']}" if c.get("phone") else "") for c in data["contacts"]],
    ]
    if data["pending"]:
        later = ", ".join(data["pending"])
        lines += ["", f"Nog te beantwoorden bij de evaluatie, als de hulp heeft gelopen: {later}"]
    return "\n".join(lines)


def cmd_advise(flow_path: Path, answers_path: Path, as_json: bool) -> int:
    comp = composite_for(flow_path)
    answers = _read_answers(answers_path)
    try:
        state = engine.walk_answers(comp, answers)
    except engine.WalkError as exc:
        print(f"{answers_path}: {exc}", file=sys.stderr)
        return EXIT_ANSWERS
    data = advice_json(comp, state, _contacts_near(flow_path))
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(_advice_text(data, _decisions_near(comp, flow_path)))
    return EXIT_OK


def cmd_graph(flow_path: Path) -> int:
    print(to_dot(composite_for(flow_path)), end="")
    return EXIT_OK


def cmd_schema() -> int:
    schemas: dict[str, Any] = {"flows/*.yaml": Flow.model_json_schema()}
    schemas |= {f"content/{name}": model.model_json_schema() for name, model in CONTENT_MODELS.items()}
    schemas["content/cases/*.yaml"] = Case.model_json_schema()
    schemas["organisatie.yaml"] = organisatie.Organisatie.model_json_schema()
    print(json.dumps(schemas, ensure_ascii=False, indent=2))
    return EXIT_OK


def check_cases(bundle: Bundle) -> list[str]:
    """Walk each case's model answers; a message per case whose outcome differs."""
    failures = []
    for case in bundle.cases.values():
        comp = engine.compose(bundle.flows[case.flow], bundle.flows)
        try:
            adv = training.model_walk(comp, case)
        except engine.WalkError as exc:
            failures.append(f"{case.id}: model answers do not complete the walk: {exc}")
            continue
        if adv.outcome != case.expected_outcome:
            failures.append(
                f"{case.id}: model answers lead to '{adv.outcome}', but expected_outcome is '{case.expected_outcome}'"
            )
        unused = sorted(set(case.model_answers) - set(adv.path))
        if unused:
            failures.append(f"{case.id}: model answers for questions the walk never asks: {', '.join(unused)}")
        problem = training.evaluation_problem(comp, case)
        if problem:
            failures.append(f"{case.id}: {problem}")
    return failures


def cmd_cases(check: bool) -> int:
    bundle = load_bundle(Path("."))
    if not check:
        for case in sorted(bundle.cases.values(), key=lambda c: c.id):
            kind = "fictief" if case.fictional else "regiovisie"
            print(f"{case.id:28} {case.sector:30} {case.expected_outcome:30} {kind:10} {case.title}")
        return EXIT_OK
    failures = check_cases(bundle)
    for failure in failures:
        print(failure, file=sys.stderr)
    if failures:
        return EXIT_CONTENT
    print(f"OK: {len(bundle.cases)} cases reach their expected outcome.")
    return EXIT_OK


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m meldcode", description="Meldcode flows and content.")
    sub = parser.add_subparsers(dest="command", required=True)
    v = sub.add_parser("validate", help="validate flows and content (default: flows/ and content/)")
    v.add_argument("paths", nargs="*", type=Path)
    a = sub.add_parser("advise", help="walk a flow with answers from a YAML or JSON file")
    a.add_argument("flow", type=Path)
    a.add_argument("--answers", type=Path, required=True)
    a.add_argument("--json", action="store_true", dest="as_json")
    g = sub.add_parser("graph", help="print a flow as Graphviz DOT")
    g.add_argument("flow", type=Path)
    sub.add_parser("schema", help="print the JSON Schema of flow and content files")
    c = sub.add_parser("cases", help="list the training cases")
    c.add_argument("--check", action="store_true", help="walk each case's model answers")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    commands: dict[str, Callable[[], int]] = {
        "validate": lambda: cmd_validate(args.paths),
        "advise": lambda: cmd_advise(args.flow, args.answers, args.as_json),
        "graph": lambda: cmd_graph(args.flow),
        "schema": cmd_schema,
        "cases": lambda: cmd_cases(getattr(args, "check", False)),
    }
    try:
        return commands[args.command]()
    except ContentError as exc:
        _print_problems(exc.problems)
        return EXIT_CONTENT
    except Exception as exc:  # noqa: BLE001 - the one place that turns a bug into a calm message
        print(f"internal error ({type(exc).__name__}): {exc}. Please report this.", file=sys.stderr)
        return EXIT_BUG
