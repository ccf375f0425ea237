"""YAML files -> validated models, with every problem as ``FILE:LINE: where: message``.

A file's kind follows from where it lives: a file in a folder named ``flows`` is a flow;
one in ``content/cases`` is a training case; ``content/<name>.yaml`` is the content model
named in ``models.CONTENT_MODELS``.
"""

from __future__ import annotations

import difflib
from collections import Counter
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from meldcode import graph, ids
from meldcode.engine import compose, next_id
from meldcode.errors import ContentError, Problem
from meldcode.locations import Lines, dotted, line_of
from meldcode.models import (
    CONTENT_MODELS,
    Bundle,
    Case,
    ContactsFile,
    Flow,
    GlossaryFile,
    OutcomeNode,
    RegionsFile,
    SectorsFile,
    SignalsFile,
    StepNode,
    Strict,
    SubflowNode,
    TopicsFile,
)
from meldcode.yaml_source import read_yaml

YAML_SUFFIXES = {".yaml", ".yml"}

_MESSAGES = {
    "missing": "missing required key '{key}'",
    "extra_forbidden": "unknown key '{key}'; check the spelling ({schema_hint})",
    "string_type": "should be text",
    "bool_type": "should be true or false",
    "bool_parsing": "should be true or false",
    "int_type": "should be a whole number",
    "int_parsing": "should be a whole number",
    "int_from_float": "should be a whole number",
    "list_type": "should be a list (lines starting with '- ')",
    "dict_type": "should be a mapping (key: value)",
    "model_type": "should be a mapping (key: value)",
    "model_attributes_type": "should be a mapping (key: value)",
    "too_short": "should have at least {min_length} item(s)",
    "too_long": "should have at most {max_length} item(s)",
    "string_too_short": "must not be empty",
    "union_tag_not_found": "missing key 'type' (one of: {expected_tags})",
    "union_tag_invalid": "unknown type '{tag}'; use one of: {expected_tags}",
}
M = TypeVar("M", bound=BaseModel)
_SCHEMA_HINT = "python -m meldcode schema lists the allowed keys"


def _line_for(loc: tuple[Any, ...], data: Any, lines: Lines) -> tuple[int, str]:
    """Follow a pydantic ``loc`` through ``data``; return the line and a dotted path.

    Discriminator tags that pydantic inserts into ``loc`` (e.g. ``'question'``) are not
    keys of the data and are skipped.
    """
    path: list[Any] = []
    current = data
    for part in loc:
        in_dict = isinstance(current, dict) and part in current
        if in_dict or isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
            path.append(part)
        elif isinstance(current, dict) and isinstance(part, str) and part not in current:
            if part in {"question", "step", "info", "subflow", "outcome"} and "type" in current:
                continue
            path.append(part)
            break
    return line_of(lines, path), dotted(path)


def _model_classes(annotation: Any) -> list[type[BaseModel]]:
    """The pydantic models inside an annotation (through Optional, list, dict, Annotated)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in get_args(annotation):
        found += _model_classes(arg)
    return found


def _allowed_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys the model allows at ``loc`` (empty when it cannot tell)."""
    candidates = [model]
    for part in loc:
        if isinstance(part, int):
            continue
        by_tag = [
            c for c in candidates if c.model_fields.get("type") and part in get_args(c.model_fields["type"].annotation)
        ]
        if by_tag:
            candidates = by_tag
            continue
        fields = [c.model_fields[part] for c in candidates if part in c.model_fields]
        if not fields:
            return []
        candidates = _model_classes(fields[0].annotation)
    return sorted(candidates[0].model_fields) if len(candidates) == 1 else []


def _unknown_key(key: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(key, allowed, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    listing = f"allowed here: {', '.join(allowed)}" if allowed else _SCHEMA_HINT
    return f"unknown key '{key}'; {hint}({listing})"


def _explain(error: ErrorDetails, model: type[BaseModel]) -> str:
    kind = error["type"]
    ctx = dict(error.get("ctx") or {})
    ctx.setdefault("key", error["loc"][-1] if error["loc"] else "")
    ctx["schema_hint"] = _SCHEMA_HINT
    if kind == "extra_forbidden":
        return _unknown_key(str(ctx["key"]), _allowed_keys(model, tuple(error["loc"][:-1])))
    if kind == "string_type" and error.get("input") is None:
        return "is empty (null or ~); write the text here, or \"null\" in quotes if you mean that word"
    if kind == "string_pattern_mismatch":
        given = error.get("input")
        if ctx.get("pattern") == r"^[a-z][a-z0-9_]*$":
            return f"'{given}' is not a valid id: use lowercase letters, digits and _ (e.g. hulp_mogelijk)"
        return f"'{given}' has the wrong form (expected pattern {ctx.get('pattern')})"
    if kind == "value_error":
        return str(error["msg"]).removeprefix("Value error, ")
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error["msg"])
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return str(error["msg"])


def validation_problems(
    name: str, exc: ValidationError, data: Any, lines: Lines, model: type[BaseModel]
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        if error["type"].startswith("union_tag"):
            loc = (*loc, "type")
        line, where = _line_for(loc, data, lines)
        problems.append(Problem(name, line, _explain(error, model), where))
    return problems


def parse_model(path: Path, model: type[M]) -> tuple[M, Lines]:
    """Read ``path`` and validate it as ``model``; raises ContentError."""
    data, lines = read_yaml(path)
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        raise ContentError(validation_problems(str(path), exc, data, lines, model)) from None


def _duplicate_ids(name: str, items: list[Any], key: str, lines: Lines) -> list[Problem]:
    counts = Counter(item.id for item in items)
    problems = []
    for index, item in enumerate(items):
        if counts[item.id] > 1:
            first = next(i for i, it in enumerate(items) if it.id == item.id)
            if index != first:
                line = lines.get((key, index, "id"), 1)
                first_line = lines.get((key, first, "id"), 1)
                problems.append(
                    Problem(name, line, f"duplicate id '{item.id}' (first at line {first_line})", f"{key}[{index}].id")
                )
    return problems


def load_flow(path: Path, library: dict[str, Flow] | None = None) -> Flow:
    """Load one flow and check it statically; ``library`` resolves subflow references
    (when absent, sibling files in the same folder are used)."""
    flow, lines = parse_model(path, Flow)
    problems = _check_flow(path, flow, library, lines)
    if problems:
        raise ContentError(problems)
    return flow


def _check_flow(path: Path, flow: Flow, library: dict[str, Flow] | None, lines: Lines) -> list[Problem]:
    """One flow's own checks: unique node ids, its graph (``library`` resolves subflows; when
    absent, sibling files), and the afwegingskader's ``decisions:`` block."""
    name = str(path)
    problems = _missing_decisions(flow, name, lines)
    dupes = _duplicate_ids(name, flow.nodes, "nodes", lines)
    if dupes:
        return problems + dupes
    return problems + graph.check_flow(flow, sibling_flows(path, flow) if library is None else library, name, lines)


def _missing_decisions(flow: Flow, name: str, lines: Lines) -> list[Problem]:
    """The afwegingskader words its two decisions (``texts.melden``, ``texts.hulp``): without
    that block, no page, export or ``advise`` can say them."""
    if flow.id != ids.FLOW_QUICK or flow.decisions is not None:
        return []
    message = (
        f"flow '{flow.id}' needs a 'decisions:' block: the wording of the two decisions "
        "(melden: question, ja, nee, nu_niet; hulp: question, ja, nee, samen_afwegen, hulp_loopt; source)"
    )
    return [Problem(name, lines.get(("id",), 1), message, "decisions")]


def sibling_flows(path: Path, flow: Flow) -> dict[str, Flow]:
    wanted = {n.flow for n in flow.nodes if isinstance(n, SubflowNode)}
    library: dict[str, Flow] = {}
    for ref in wanted:
        for suffix in YAML_SUFFIXES:
            candidate = path.with_name(ref + suffix)
            if candidate.exists() and candidate != path:
                library[ref] = load_flow(candidate, {})
    return library


def kind_of(path: Path) -> str | None:
    """'flow', 'case', a content file name, or None when the place says nothing."""
    parents = [p.name for p in path.parents]
    if parents and parents[0] == "flows":
        return "flow"
    if "content" in parents:
        if parents[0] == "cases":
            return "case"
        return path.name
    return None


def load_content_file(path: Path) -> Strict:
    return _load_content(path)[0]


def _load_content(path: Path) -> tuple[Strict, Lines]:
    kind = kind_of(path)
    if kind == "case":
        case, lines = parse_model(path, Case)
        if case.id != path.stem:
            raise ContentError(
                [Problem(str(path), 1, f"case id '{case.id}' must equal the file name '{path.stem}'", "id")]
            )
        return case, lines
    model = CONTENT_MODELS.get(path.name)
    if model is None:
        known = ", ".join(sorted(CONTENT_MODELS))
        raise ContentError(
            [
                Problem(
                    str(path),
                    1,
                    f"unknown content file '{path.name}'; expected one of: {known}, or a case in content/cases/",
                )
            ]
        )
    obj, lines = parse_model(path, model)
    problems: list[Problem] = []
    for key, value in obj:
        if isinstance(value, list) and value and hasattr(value[0], "id"):
            problems += _duplicate_ids(str(path), value, key, lines)
    if problems:
        raise ContentError(problems)
    return obj, lines


def yaml_files(folder: Path) -> list[Path]:
    """Every entry named *.yaml or *.yml below ``folder``: folders, pipes, devices and
    broken links too, so that reading them reports them instead of skipping them."""
    found = []
    for path in folder.rglob("*"):
        if path.suffix not in YAML_SUFFIXES:
            continue
        try:
            inside_a_yaml_folder = any(parent.suffix in YAML_SUFFIXES for parent in path.relative_to(folder).parents)
        except ValueError:
            inside_a_yaml_folder = False
        if not inside_a_yaml_folder:
            found.append(path)
    return sorted(found)


def load_flows(folder: Path) -> dict[str, Flow]:
    """Load every flow in ``folder`` (subflows resolved within it)."""
    return _load_flows(folder, {})


def _load_flows(folder: Path, sources: dict[str, tuple[Path, Lines]]) -> dict[str, Flow]:
    problems: list[Problem] = []
    raw: dict[str, tuple[Path, Flow, Lines]] = {}
    for path in yaml_files(folder):
        try:
            flow, lines = parse_model(path, Flow)
        except ContentError as exc:
            problems += exc.problems
            continue
        if flow.id in raw:
            problems.append(
                Problem(str(path), lines.get(("id",), 1), f"flow id '{flow.id}' is used by {raw[flow.id][0]} too", "id")
            )
        raw[flow.id] = (path, flow, lines)
        sources[f"flow:{flow.id}"] = (path, lines)
    library = {fid: flow for fid, (_, flow, _) in raw.items()}
    for path, flow, lines in raw.values():
        problems += _check_flow(path, flow, library, lines)
    if problems:
        raise ContentError(problems)
    return library


def _check_cross_references(bundle: Bundle) -> list[Problem]:
    """References between files: outcome contacts, case sectors, flows and outcomes."""
    problems: list[Problem] = []
    for flow in bundle.flows.values():
        for index, node in enumerate(flow.nodes):
            for k, cid in enumerate(node.contacts if isinstance(node, OutcomeNode) else []):
                if cid not in bundle.contacts_by_id:
                    path = ("nodes", index, "contacts", k)
                    file, line = bundle.place(f"flow:{flow.id}", *path)
                    message = f"outcome '{node.id}' names contact '{cid}', which is not in contacts.yaml"
                    problems.append(Problem(file, line, message, dotted(path)))
    regions = bundle.regions
    if regions.default_region not in {r.id for r in regions.regions}:
        file, line = bundle.place("regions.yaml", "default_region")
        message = f"default_region '{regions.default_region}' is not a region id"
        problems.append(Problem(file, line, message, "default_region"))
    for case in bundle.cases.values():
        problems += _check_case(case, bundle)
    return problems


def _check_case(case: Case, bundle: Bundle) -> list[Problem]:
    key = f"case:{case.id}"
    problems = []
    if case.sector not in bundle.sector_names:
        file, line = bundle.place(key, "sector")
        problems.append(Problem(file, line, f"sector '{case.sector}' is not in content/sectors.yaml", "sector"))
    flow = bundle.flows.get(case.flow)
    if flow is None:
        file, line = bundle.place(key, "flow")
        problems.append(Problem(file, line, f"flow '{case.flow}' does not exist", "flow"))
    elif case.expected_outcome not in {o.id for o in flow.outcomes()}:
        outs = ", ".join(o.id for o in flow.outcomes())
        file, line = bundle.place(key, "expected_outcome")
        problems.append(
            Problem(
                file,
                line,
                f"expected_outcome '{case.expected_outcome}' is not an outcome of flow '{flow.id}' ({outs})",
                "expected_outcome",
            )
        )
    return problems


# --------------------------------------------------------------------------- ids the code relies on


def _missing_files(files: dict[str, Strict], root: Path) -> list[Problem]:
    return [
        Problem(str(root / "content" / name), 1, "required file is missing; the app needs it")
        for name in ids.REQUIRED_CONTENT
        if name not in files
    ]


def check_required(bundle: Bundle, root: Path) -> list[Problem]:
    """The flows and ids named in ``meldcode.ids``: without them a page of the app fails."""
    problems = [_missing_flow(bundle, root, flow_id) for flow_id in ids.FLOWS if flow_id not in bundle.flows]
    for wanted in (ids.CONTACT_ALARM, ids.CONTACT_VEILIG_THUIS):
        if wanted not in bundle.contacts_by_id:
            file, line = bundle.place("contacts.yaml", "contacts")
            message = f"contact id '{wanted}' is required: the app shows it on every page"
            problems.append(Problem(file, line, message, "contacts"))
    if ids.FLOW_STEPS in bundle.flows:
        problems += _check_steps_flow(bundle)
    return problems


def _missing_flow(bundle: Bundle, root: Path, flow_id: str) -> Problem:
    """A flow is known by its id, not its file name: point at a file named after the id
    (its id line), else at the flows folder."""
    message = f"required flow '{flow_id}' is missing"
    for flow in bundle.flows.values():
        file, line = bundle.place(f"flow:{flow.id}", "id")
        if Path(file).stem == flow_id:
            return Problem(file, line, f"{message} (this file has id '{flow.id}')", "id")
    return Problem(str(root / "flows"), 1, f"{message}: no file in this folder has id '{flow_id}'")


def _check_steps_flow(bundle: Bundle) -> list[Problem]:
    """The stappenplan: steps 1 to 5, an acute exit from each step, a step that may be skipped."""
    flow = bundle.flows[ids.FLOW_STEPS]
    key = f"flow:{flow.id}"
    problems = []
    outcomes = {o.id for o in flow.outcomes()}
    if ids.OUTCOME_ACUTE not in outcomes:
        file, line = bundle.place(key, "nodes")
        message = f"outcome id '{ids.OUTCOME_ACUTE}' is required: the 'Acuut gevaar' button leads there"
        problems.append(Problem(file, line, message, "nodes"))
    steps = [(i, n) for i, n in enumerate(flow.nodes) if isinstance(n, StepNode)]
    numbers = sorted(n.step for _, n in steps)
    if numbers != list(ids.STEP_NUMBERS):
        file, line = bundle.place(key, "nodes")
        found = ", ".join(map(str, numbers)) or "none"
        problems.append(Problem(file, line, f"the stappenplan needs steps 1 to 5, once each (found: {found})", "nodes"))
    comp = compose(flow, bundle.flows) if not problems else None
    for index, node in steps:
        values = [o.value for o in node.options]
        leads = next_id(node, {node.id: ids.OPTION_ACUTE}) if comp is not None else ids.OUTCOME_ACUTE
        if ids.OPTION_ACUTE not in values or leads != ids.OUTCOME_ACUTE:
            file, line = bundle.place(key, "nodes", index, "options")
            message = f"step '{node.id}' needs option '{ids.OPTION_ACUTE}' leading to '{ids.OUTCOME_ACUTE}'"
            problems.append(Problem(file, line, message, f"nodes[{index}].options"))
    if steps and not any(ids.OPTION_SKIPPED in [o.value for o in n.options] for _, n in steps):
        file, line = bundle.place(key, "nodes")
        message = f"no step offers option '{ids.OPTION_SKIPPED}' (stap 3: the conversation may be skipped)"
        problems.append(Problem(file, line, message, "nodes"))
    return problems


def _the(files: dict[str, Strict], model: type[M]) -> M:
    """The file read as ``model`` (each content model has one file name: ``CONTENT_MODELS``)."""
    return next(f for f in files.values() if isinstance(f, model))


def load_bundle(root: Path) -> Bundle:
    """Load and cross-check ``root/flows`` and ``root/content``; raises ContentError."""
    problems: list[Problem] = []
    for folder in (root / "flows", root / "content"):
        if not folder.is_dir():
            problems.append(Problem(str(folder), 1, "folder is missing or not a folder"))
    sources: dict[str, tuple[Path, Lines]] = {}
    flows: dict[str, Flow] = {}
    try:
        flows = _load_flows(root / "flows", sources)
    except ContentError as exc:
        problems += exc.problems
    files: dict[str, Strict] = {}
    cases: dict[str, Case] = {}
    for path in yaml_files(root / "content"):
        try:
            obj, lines = _load_content(path)
        except ContentError as exc:
            problems += exc.problems
            continue
        if isinstance(obj, Case):
            cases[obj.id] = obj
            sources[f"case:{obj.id}"] = (path, lines)
        else:
            files[path.name] = obj
            sources[path.name] = (path, lines)
    if not problems:  # a file that failed to load is reported as such, not as missing
        problems = _missing_files(files, root)
    if problems:
        raise ContentError(problems)
    bundle = Bundle(
        contacts=_the(files, ContactsFile),
        regions=_the(files, RegionsFile),
        sectors=_the(files, SectorsFile),
        glossary=_the(files, GlossaryFile),
        signals=_the(files, SignalsFile),
        topics=next((f for f in files.values() if isinstance(f, TopicsFile)), None),
        flows=flows,
        cases=cases,
        sources=sources,
    )
    problems = _check_cross_references(bundle) + check_required(bundle, root)
    if problems:
        raise ContentError(problems)
    return bundle


def validate_paths(paths: list[Path]) -> tuple[int, list[Problem]]:
    """Validate files or folders; returns (files checked, problems)."""
    problems: list[Problem] = []
    count = 0
    for target in paths:
        files = yaml_files(target) if target.is_dir() else [target]
        if target.is_dir() and not files:
            problems.append(Problem(str(target), 1, "no .yaml files in this folder"))
        if not target.exists():
            problems.append(Problem(str(target), 1, "no such file or folder"))
            continue
        for path in files:
            count += 1
            problems += _validate_one(path)
    return count, problems


def _validate_one(path: Path) -> list[Problem]:
    kind = kind_of(path)
    try:
        if kind == "flow":
            load_flow(path)
        elif kind is not None:
            load_content_file(path)
        else:
            return [
                Problem(
                    str(path),
                    1,
                    "cannot tell what this file is: put flows in a folder named 'flows' "
                    "and content in a folder named 'content'",
                )
            ]
    except ContentError as exc:
        return exc.problems
    return []
