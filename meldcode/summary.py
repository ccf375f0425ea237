"""The advice summary as data, then as Markdown or JSON (``pdf.py`` makes the PDF).

Pure: built from the bundle, a dossier and the time. Which walk decides: the
stappenplan when it reached an outcome, else the snelle check. User text (notes, the
gemeente) is escaped in Markdown so it can never become a link or HTML.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from meldcode import engine, ids, texts
from meldcode.dossier import Dossier, checklist_item
from meldcode.engine import Composite, WalkState
from meldcode.models import Bundle, Contact, Decisions, OutcomeNode, QuestionNode, StepNode

TITLE = "Advies meldcode huiselijk geweld en kindermishandeling"
DISCLAIMER = (
    "Deze beslishulp ondersteunt je professionele afweging; hij vervangt die niet, "
    "en ook niet het advies van Veilig Thuis."
)
WALK_NAMES = {"quick": "Snelle check", "steps": "Stappenplan"}
WALK_FROM = {"quick": "uit de snelle check", "steps": "uit het stappenplan"}
VRAAG_5 = "afwegingsvraag 5 (leidt de hulp tot veiligheid?)"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReasonLine(Frozen):
    question: str
    title: str
    text: str
    answer: str
    answer_label: str
    reason: str
    note: str | None = None
    """The professional's note where the answer needs one (why step 3 was skipped)."""


class Decision(Frozen):
    walk: Literal["quick", "steps"]
    walk_name: str
    outcome: str
    title: str
    summary: str
    acute: bool
    melden_question: str
    melden_noodzakelijk: bool
    melden_text: str
    hulp_question: str
    hulp_mogelijk: bool | None
    hulp_text: str
    reasons: list[ReasonLine]
    actions: list[str]
    record: list[str]
    pending: list[str] = []
    evaluation_date: date | None = None
    status: str | None = None
    """Where the case stands while a question is pending: "Hulp loopt, evaluatie op …"."""


class ContactLine(Frozen):
    name: str
    phone: str | None
    description: str
    hours: str | None = None
    anonymous: bool = False
    url: str | None = None


class RegionContact(Frozen):
    region: str
    name: str
    phone: str
    hours: str
    anonymous: bool
    description: str
    partners: list[str]


class Progress(Frozen):
    walk: Literal["quick", "steps"]
    walk_name: str
    answered: int
    current: str | None


class LogEntry(Frozen):
    at: datetime | None
    walk_name: str
    where: str
    kind: Literal["antwoord", "notitie", "afgevinkt"]
    what: str


class Summary(Frozen):
    title: str
    created_at: datetime
    gemeente: str | None
    sector: str | None
    kenmerk: str | None = None
    ingevuld_door: str | None = None
    besproken_met: str | None = None
    decision: Decision | None
    other: Decision | None
    progress: list[Progress]
    region: RegionContact
    emergency: ContactLine
    contacts: list[ContactLine]
    log: list[LogEntry]
    disclaimer: str


# --------------------------------------------------------------------------- building


def _walks(dossier: Dossier) -> dict[Literal["quick", "steps"], tuple[str, WalkState | None]]:
    return {"steps": (ids.FLOW_STEPS, dossier.steps), "quick": (ids.FLOW_QUICK, dossier.quick)}


def reason_lines(comp: Composite, adv: engine.Advice, state: WalkState) -> list[ReasonLine]:
    lines = []
    for reason in adv.reasons:
        node = comp.nodes[reason.question]
        assert isinstance(node, QuestionNode | StepNode)
        option = next((o for o in node.options if o.value == reason.answer), None)
        note = state.notes.get(node.id) if option is not None and option.requires_note else None
        lines.append(
            ReasonLine(
                question=node.id,
                title=node.title,
                text=node.text or "",
                answer=reason.answer,
                answer_label=texts.option_label(node, reason.answer),
                reason=reason.text,
                note=note.text if note else None,
            )
        )
    return lines


def evaluation_status(evaluation_date: date | None, today: date) -> str:
    """Where a case with help running stands, in one honest line (never "afgesloten")."""
    if evaluation_date is None:
        return f"Hulp loopt. Er is nog geen evaluatiedatum gekozen: kies er een; dan beantwoord je {VRAAG_5}."
    when = texts.format_date(evaluation_date)
    if evaluation_date <= today:
        return f"Hulp loopt. De evaluatie staat op {when}: beantwoord nu {VRAAG_5}."
    return f"Hulp loopt, evaluatie op {when}. Dan beantwoord je {VRAAG_5}."


def decision_for(
    comp: Composite,
    state: WalkState,
    walk: Literal["quick", "steps"],
    wording: Decisions,
    today: date | None = None,
) -> Decision | None:
    """The decision of one walk, or None while it has not reached an outcome; ``wording`` is
    the afwegingskader's ``decisions:`` block (``Bundle.decisions``)."""
    adv = engine.advice(comp, state)
    if adv is None:
        return None
    status = evaluation_status(state.evaluation_date, today or date.today()) if adv.interim else None
    return Decision(
        walk=walk,
        walk_name=WALK_NAMES[walk],
        outcome=adv.outcome,
        title=adv.title,
        summary=adv.summary,
        acute=adv.acute,
        melden_question=wording.melden.question,
        melden_noodzakelijk=adv.melden_noodzakelijk,
        melden_text=texts.melden(wording, adv.melden_noodzakelijk, adv.interim).full,
        hulp_question=wording.hulp.question,
        hulp_mogelijk=adv.hulp_mogelijk,
        hulp_text=texts.hulp(wording, adv.hulp_mogelijk, adv.interim).full,
        reasons=reason_lines(comp, adv, state),
        actions=adv.actions,
        record=adv.record,
        pending=adv.pending,
        evaluation_date=state.evaluation_date if adv.interim else None,
        status=status,
    )


def _contact_line(contact: Contact) -> ContactLine:
    return ContactLine(
        name=contact.name,
        phone=contact.phone,
        description=contact.description,
        hours=contact.hours,
        anonymous=bool(contact.anonymous),
        url=contact.url,
    )


def region_contact(bundle: Bundle, gemeente: str | None) -> RegionContact:
    """Veilig Thuis for the gemeente's region (the national route when unknown)."""
    region = bundle.region_for(gemeente)
    national = bundle.contact(ids.CONTACT_VEILIG_THUIS)
    return RegionContact(
        region=region.name,
        name=region.veilig_thuis,
        phone=region.phone,
        hours=national.hours or "Elke dag, 24 uur per dag",
        anonymous=bool(national.anonymous),
        description=region.veilig_thuis_description,
        partners=[p.name for p in region.partners],
    )


def _node_title(comp: Composite, node_id: str) -> str:
    node = comp.nodes.get(node_id)
    return node.title if node is not None else node_id


def _walk_log(comp: Composite, state: WalkState, walk_name: str) -> list[LogEntry]:
    entries = []
    for record in state.answers:
        node = comp.nodes[record.node]
        label = texts.option_label(node, record.value) if isinstance(node, QuestionNode | StepNode) else "Gelezen"
        entries.append(LogEntry(at=record.at, walk_name=walk_name, where=node.title, kind="antwoord", what=label))
    for node_id, note in state.notes.items():
        if note.text.strip():
            where = _node_title(comp, node_id)
            entries.append(LogEntry(at=note.at, walk_name=walk_name, where=where, kind="notitie", what=note.text))
    for key, at in state.ticks.items():
        found = checklist_item(comp, key)
        where, what = (found[0].title, found[1].label) if found else ("", key)
        entries.append(LogEntry(at=at, walk_name=walk_name, where=where, kind="afgevinkt", what=what))
    return entries


def _sort_key(entry: LogEntry) -> tuple[bool, float]:
    """Oldest first; entries without a time last (naive times count as local time)."""
    return (entry.at is None, entry.at.timestamp() if entry.at else 0.0)


def _progress(comp: Composite, state: WalkState, walk: Literal["quick", "steps"]) -> Progress:
    pos = engine.position(comp, state)
    current = None if pos.outcome else _node_title(comp, pos.current)
    return Progress(walk=walk, walk_name=WALK_NAMES[walk], answered=len(state.answers), current=current)


def _sector_name(bundle: Bundle, sector: str | None) -> str | None:
    return bundle.sector_names.get(sector or "", sector)


def build(bundle: Bundle, dossier: Dossier, now: datetime) -> Summary:
    """Everything the advice page, the Markdown and the PDF show."""
    decisions: dict[str, Decision | None] = {}
    progress: list[Progress] = []
    log: list[LogEntry] = []
    for walk, (flow_id, state) in _walks(dossier).items():
        if state is None:
            continue
        comp = engine.compose(bundle.flows[flow_id], bundle.flows)
        decisions[walk] = decision_for(comp, state, walk, bundle.decisions, texts.local_day(now))
        progress.append(_progress(comp, state, walk))
        log += _walk_log(comp, state, WALK_NAMES[walk])
    decision = decisions.get("steps") or decisions.get("quick")
    other = decisions.get("quick") if decision is decisions.get("steps") else None
    return Summary(
        title=TITLE,
        created_at=now,
        gemeente=dossier.gemeente,
        sector=_sector_name(bundle, dossier.sector),
        kenmerk=dossier.kenmerk,
        ingevuld_door=dossier.ingevuld_door,
        besproken_met=dossier.besproken_met,
        decision=decision,
        other=other,
        progress=progress,
        region=region_contact(bundle, dossier.gemeente),
        emergency=_contact_line(bundle.contact(ids.CONTACT_ALARM)),
        contacts=[_contact_line(bundle.contact(c)) for c in _outcome_contacts(bundle, decision)],
        log=sorted(log, key=_sort_key),
        disclaimer=DISCLAIMER,
    )


def _outcome_contacts(bundle: Bundle, decision: Decision | None) -> list[str]:
    """Contacts the outcome names beyond 112 and Veilig Thuis (shown apart)."""
    if decision is None:
        return []
    flow_id = ids.FLOW_STEPS if decision.walk == "steps" else ids.FLOW_QUICK
    comp = engine.compose(bundle.flows[flow_id], bundle.flows)
    node = comp.nodes[decision.outcome]
    shown_apart = {ids.CONTACT_ALARM, ids.CONTACT_VEILIG_THUIS}
    contacts = node.contacts if isinstance(node, OutcomeNode) else []
    return [c for c in contacts if c in bundle.contacts_by_id and c not in shown_apart]


def to_json(item: Summary | Dossier) -> str:
    return item.model_dump_json(indent=2) + "\n"


# --------------------------------------------------------------------------- Markdown

_MD_INLINE = re.compile(r"([\\`*_\[\]|~:$])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+=-])", re.MULTILINE)
_MD_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
_MD_WWW = re.compile(r"\b(www)\.", re.IGNORECASE)


def escape_markdown(text: str) -> str:
    """User text as literal Markdown: no links, emphasis, headings, lists, HTML, maths or icons.

    ``<``, ``>`` and ``&`` become entities; ``:`` is escaped so that neither
    ``javascript:``/``https://`` autolinks nor Streamlit's ``:icon:`` codes can form.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MD_INLINE.sub(r"\\\1", text)
    text = _MD_LINE_START.sub(r"\1\\\2", text)
    text = _MD_NUMBERED.sub(r"\1\\\2", text)
    return _MD_WWW.sub(r"\1\\.", text)


def _bullets(items: list[str]) -> list[str]:
    return [f"- {item}" for item in items]


def _decision_md(decision: Decision, other: Decision | None) -> list[str]:
    lines = [f"**{decision.title}** ({WALK_FROM[decision.walk]})", "", decision.summary, ""]
    if decision.status:
        lines += [f"**Stand van zaken: {decision.status}**", ""]
    if other is not None:
        lines += [other_line(other), ""]
    lines += [
        f"### {decision.melden_question}",
        "",
        decision.melden_text,
        "",
        f"### {decision.hulp_question}",
        "",
        decision.hulp_text,
        "",
        "### Waarom",
        "",
    ]
    lines += [
        f"- {r.title}: *{r.answer_label}*. {r.reason}" + (f" Reden: {escape_markdown(r.note)}" if r.note else "")
        for r in decision.reasons
    ] or ["- (geen redenen)"]
    lines += ["", "### Wat je nu doet", "", *_bullets(decision.actions), ""]
    lines += ["### Vastleggen in het dossier", "", *_bullets(decision.record), ""]
    return lines


def _contact_md(summary: Summary) -> list[str]:
    region, alarm = summary.region, summary.emergency
    anonymous = "; advies vragen mag anoniem" if region.anonymous else ""
    lines = [
        "## Contact",
        "",
        f"- **Direct gevaar: bel {alarm.phone}.**",
        f"- **{region.name}: {region.phone}** (gratis, dag en nacht bereikbaar{anonymous})",
    ]
    lines += [f"- {c.name}" + (f": {c.phone}" if c.phone else "") for c in summary.contacts]
    if region.partners:
        lines.append(f"- Partners in de regio {region.region}: {', '.join(region.partners)}")
    return [*lines, ""]


def _log_md(summary: Summary) -> list[str]:
    lines = ["## Dossierlog", ""]
    if not summary.log:
        return [*lines, "Nog niets vastgelegd.", ""]
    for entry in summary.log:
        what = "  \n  ".join(escape_markdown(line) for line in entry.what.splitlines() or [""])
        where = f"{entry.walk_name} — {entry.where}" if entry.where else entry.walk_name
        lines.append(f"- {texts.format_time(entry.at)} · {where} · {entry.kind}: {what}")
    return [*lines, ""]


def _profile_md(summary: Summary) -> list[str]:
    gemeente = escape_markdown(summary.gemeente) if summary.gemeente else "niet gekozen"
    sector = escape_markdown(summary.sector) if summary.sector else "niet gekozen"
    lines = [f"Gemaakt op {texts.format_time(summary.created_at)} · gemeente: {gemeente} · sector: {sector}", ""]
    record = [f"{label}: {escape_markdown(value)}" for label, value in record_lines(summary)]
    return lines + ([" · ".join(record), ""] if record else [])


def record_lines(summary: Summary) -> list[tuple[str, str]]:
    """The optional kenmerk, ingevuld door and besproken met, as (label, value)."""
    fields = (
        ("Kenmerk", summary.kenmerk),
        ("Ingevuld door", summary.ingevuld_door),
        ("Besproken met", summary.besproken_met),
    )
    return [(label, value) for label, value in fields if value]


def _progress_md(summary: Summary) -> list[str]:
    lines = []
    for item in summary.progress:
        if item.current is not None and item.answered:
            status = f"{item.answered} antwoord(en); nu bij: {item.current}"
            lines.append(f"- {item.walk_name}: nog niet afgerond ({status})")
    return [*lines, ""] if lines else []


def other_line(other: Decision) -> str:
    """The walk that does not decide, in one line (so a difference is visible)."""
    return f"Ook {WALK_FROM[other.walk]}: {other.title}. {other.melden_text} {other.hulp_text.rstrip('.')}."


def to_markdown(summary: Summary) -> str:
    lines = [f"# {summary.title}", "", *_profile_md(summary), f"*{summary.disclaimer}*", "", "## Advies", ""]
    if summary.decision is None:
        lines += ["Nog geen advies: rond de snelle check of het stappenplan af.", ""]
    else:
        lines += _decision_md(summary.decision, summary.other)
    lines += _progress_md(summary)
    lines += _contact_md(summary)
    lines += _log_md(summary)
    return "\n".join(lines)
