"""Pydantic models for flows and content, and the ``Bundle`` that holds them all.

Every model forbids unknown keys (a typo in YAML is an error, never silently ignored).
Identifiers are lowercase snake_case so that they read the same in YAML, JSON and URLs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from meldcode import ids
from meldcode.locations import Lines, line_of

Id = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
Text = Annotated[str, Field(min_length=1)]

# A source is shown to users ("Bron: ..."): it must name a public document, never one of the
# project's own notes (the shared domain notes, the numbered seed files) that a reader cannot look up.
_INTERNAL_SOURCE = re.compile(
    r"(?:\bdomain/|\bshared/|\bseeds?/|\bseeds?\s*0\d\d\b|\b[a-z-]+\.md\b|\binterne? notitie)", re.IGNORECASE
)


def _public_source(value: str) -> str:
    found = _INTERNAL_SOURCE.search(value)
    if found:
        raise ValueError(
            f"source points at an internal note ('{found.group(0)}'); name the public document instead "
            "(title, publisher, year, section, and its URL where one exists)"
        )
    return value


Source = Annotated[str, Field(min_length=1), AfterValidator(_public_source)]


class Strict(BaseModel):
    """Base for every model: unknown keys are errors, values are not coerced silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- flows


class Condition(Strict):
    """A declarative test over answers; exactly one of the four keys is set.

    - ``equals``: every listed question has exactly that answer;
    - ``one_of``: every listed question has one of the listed answers;
    - ``all`` / ``any``: a list of nested conditions.
    """

    equals: dict[Id, str] | None = None
    one_of: dict[Id, list[str]] | None = None
    all: list[Condition] | None = None
    any: list[Condition] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        set_keys = [k for k in ("equals", "one_of", "all", "any") if getattr(self, k) is not None]
        if len(set_keys) != 1:
            raise ValueError(
                f"a condition needs exactly one of: equals, one_of, all, any (found: {', '.join(set_keys) or 'none'})"
            )
        return self

    def question_ids(self) -> set[str]:
        """All question ids this condition reads."""
        ids: set[str] = set(self.equals or {}) | set(self.one_of or {})
        for sub in (self.all or []) + (self.any or []):
            ids |= sub.question_ids()
        return ids


class Transition(Strict):
    """Go to ``goto`` when ``when`` holds (no ``when``: always)."""

    goto: Id
    when: Condition | None = None


class Option(Strict):
    """One answer to a question or step; ``reason`` says in the afwegingskader's words
    what this answer means for the outcome (shown in the advice as the *why*)."""

    value: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    label: Text
    reason: str | None = None
    requires_note: bool = False
    """This answer is only accepted with a note at the same step (e.g. why step 3 was
    skipped); the note is shown beside the answer in the advice and the exports."""


class Guidance(Strict):
    """The per-step guidance of the meldcode (Regiovisie IJsselland 2026–2030, Bijlage 2)."""

    doel: Text
    wat_je_doet: list[Text] = Field(min_length=1)
    vragen: list[Text] = Field(default_factory=list)
    let_op: list[Text] = Field(default_factory=list)
    waarom: str | None = None
    source: Source


class CheckItem(Strict):
    """Something to tick (with a date) in a step, e.g. overleg met aandachtsfunctionaris."""

    id: Id
    label: Text


class NodeBase(Strict):
    id: Id
    title: Text


class QuestionNode(NodeBase):
    type: Literal["question"]
    text: Text
    help: str | None = None
    definitions: list[Text] = Field(default_factory=list)
    options: list[Option] = Field(min_length=2)
    next: list[Transition] = Field(min_length=1)


class StepNode(NodeBase):
    """A meldcode step: guidance, a notes field, ticks, and a choice that moves on."""

    type: Literal["step"]
    step: int = Field(ge=1, le=5)
    text: str | None = None
    guidance: Guidance
    notes_label: Text = "Feiten en waarnemingen (geen interpretaties)"
    checklist: list[CheckItem] = Field(default_factory=list)
    options: list[Option] = Field(min_length=1)
    next: list[Transition] = Field(min_length=1)


class InfoNode(NodeBase):
    """Text to read; the only answer is ``verder``."""

    type: Literal["info"]
    text: Text
    next: list[Transition] = Field(min_length=1, max_length=1)


class SubflowNode(NodeBase):
    """Continues in another flow (by id); that flow's outcomes end this walk."""

    type: Literal["subflow"]
    flow: Id
    text: str | None = None


class OutcomeNode(NodeBase):
    type: Literal["outcome"]
    summary: Text
    melden_noodzakelijk: bool
    hulp_mogelijk: bool | None = None
    acute: bool = False
    actions: list[Text] = Field(min_length=1)
    record: list[Text] = Field(min_length=1)
    contacts: list[Id] = Field(default_factory=list)
    evaluate: Id | None = None
    """A question of this flow answered later, at an evaluation (afwegingsvraag 5 after the
    help has run). Until then this outcome holds with that question pending; once it is
    answered, the walk goes on from it."""


Node = Annotated[
    QuestionNode | StepNode | InfoNode | SubflowNode | OutcomeNode,
    Field(discriminator="type"),
]

INFO_VALUE = "verder"


def options_of(node: Node | None) -> list[Option]:
    """A node's answer options: a question's or a step's; the other kinds have none."""
    return node.options if isinstance(node, QuestionNode | StepNode) else []


class Wording(Strict):
    """One decision in words: ``short`` beside its question on a page, ``full`` as a sentence
    in the advice, the Markdown and the PDF."""

    short: Text
    full: Text


class MeldenWording(Strict):
    """Decision 1, "Is melden noodzakelijk?"; ``nu_niet`` while the help runs."""

    question: Text
    ja: Wording
    nee: Wording
    nu_niet: Wording


class HulpWording(Strict):
    """Decision 2, "Is hulp verlenen of organiseren (ook) mogelijk?": ``samen_afwegen`` when
    melden is noodzakelijk (no answer of its own), ``hulp_loopt`` while the help runs."""

    question: Text
    ja: Wording
    nee: Wording
    samen_afwegen: Wording
    hulp_loopt: Wording


class Decisions(Strict):
    """The wording of the two decisions of the afwegingskader (its flow's ``decisions:``)."""

    source: Source
    melden: MeldenWording
    hulp: HulpWording


class Flow(Strict):
    id: Id
    title: Text
    description: Text
    source: Source
    decisions: Decisions | None = None
    """The afwegingskader's two decisions in words (required there, ``loading.check_required``)."""
    start: Id
    nodes: list[Node] = Field(min_length=1)

    def node(self, node_id: str) -> Node:
        for node in self.nodes:
            if node.id == node_id:
                return node
        raise KeyError(node_id)

    def node_map(self) -> dict[str, Node]:
        return {n.id: n for n in self.nodes}

    def outcomes(self) -> list[OutcomeNode]:
        return [n for n in self.nodes if isinstance(n, OutcomeNode)]


# --------------------------------------------------------------------------- content


class Contact(Strict):
    id: Id
    name: Text
    description: Text
    phone: str | None = Field(default=None, pattern=r"^[0-9][0-9 -]{2,15}$")
    url: str | None = None
    hours: str | None = None
    anonymous: bool | None = None  # None: no source says whether it is anonymous
    acute: bool = False
    source: Source


class ContactsFile(Strict):
    contacts: list[Contact] = Field(min_length=1)

    def by_id(self) -> dict[str, Contact]:
        return {c.id: c for c in self.contacts}


class Partner(Strict):
    name: Text
    description: Text
    url: str | None = None
    source: Source


class Region(Strict):
    id: Id
    name: Text
    veilig_thuis: Text
    veilig_thuis_description: Text
    phone: str = Field(pattern=r"^[0-9][0-9 -]{2,15}$")
    centrumgemeente: str | None = None
    gemeenten: list[Text] = Field(default_factory=list)
    partners: list[Partner] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)
    source: Source


class RegionsFile(Strict):
    default_region: Id
    regions: list[Region] = Field(min_length=1)

    def gemeenten(self) -> list[str]:
        """Every gemeente named in the file, sorted for a select box."""
        return sorted({g for r in self.regions for g in r.gemeenten}, key=str.casefold)

    def region_for(self, gemeente: str | None) -> Region:
        """The region whose gemeenten include ``gemeente``; otherwise the default region."""
        wanted = (gemeente or "").strip().casefold()
        for region in self.regions:
            if wanted and wanted in (g.casefold() for g in region.gemeenten):
                return region
        return next(r for r in self.regions if r.id == self.default_region)


class GlossaryTerm(Strict):
    id: Id
    term: Text
    definition: Text
    see_also: list[Id] = Field(default_factory=list)
    source: Source


class GlossaryFile(Strict):
    terms: list[GlossaryTerm] = Field(min_length=1)


class SignalGroup(Strict):
    id: Id
    title: Text
    description: str | None = None
    signals: list[Text] = Field(min_length=1)
    source: Source


class SignalsFile(Strict):
    groups: list[SignalGroup] = Field(min_length=1)


class SectorNote(Strict):
    step: int = Field(ge=1, le=5)
    text: Text
    source: Source


class Sector(Strict):
    id: Id
    name: Text
    description: Text
    medewerker_route: bool = False
    notes: list[SectorNote] = Field(default_factory=list)
    source: Source


class SectorsFile(Strict):
    sectors: list[Sector] = Field(min_length=1)

    def names(self) -> dict[str, str]:
        """Sector id -> name, in the order of the file."""
        return {s.id: s.name for s in self.sectors}


class TopicPoint(Strict):
    """One point of a topic, with its own public source."""

    text: Text
    source: Source


class Topic(Strict):
    """Text for a situation beside the five steps (after a melding, geweld in de zorgrelatie, ...).

    ``sectors`` lists the sectors it is shown for in the stappenplan (empty: shown in Naslag only).
    """

    id: Id
    title: Text
    intro: str | None = None
    points: list[TopicPoint] = Field(min_length=1)
    sectors: list[Id] = Field(default_factory=list)


class TopicsFile(Strict):
    topics: list[Topic] = Field(min_length=1)


class ModelAnswer(Strict):
    answer: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    reasoning: Text


class CaseStep(Strict):
    step: int = Field(ge=1, le=4)
    facts: list[Text] = Field(min_length=1)


class CaseEvaluation(Strict):
    """What the professional finds when the help has run (the time jump before vraag 5)."""

    after: Text = Field(description='How much later, e.g. "Zes weken later"')
    facts: list[Text] = Field(min_length=1)


class CaseTags(Strict):
    vorm: list[Text] = Field(min_length=1)
    leeftijd: list[Text] = Field(min_length=1)


class Case(Strict):
    """A training case; ``model_answers`` are walked through ``flow`` by ``cases --check``."""

    id: Id
    title: Text
    sector: Id
    source: Source
    fictional: bool
    flow: Id = ids.FLOW_QUICK
    vignette: Text
    steps: list[CaseStep] = Field(min_length=1)
    kindcheck: ModelAnswer | None = None
    acute_exit_step: int | None = Field(default=None, ge=1, le=5)
    evaluation: CaseEvaluation | None = None
    model_answers: dict[Id, ModelAnswer] = Field(min_length=1)
    expected_outcome: Id
    discussion: list[Text] = Field(min_length=1)
    tags: CaseTags

    @model_validator(mode="after")
    def _steps_in_order(self) -> Case:
        numbers = [s.step for s in self.steps]
        if numbers != sorted(set(numbers)):
            raise ValueError("steps must be listed once each, in order (1, 2, 3, 4)")
        return self


CONTENT_MODELS: dict[str, type[Strict]] = {
    "contacts.yaml": ContactsFile,
    "regions.yaml": RegionsFile,
    "glossary.yaml": GlossaryFile,
    "signals.yaml": SignalsFile,
    "sectors.yaml": SectorsFile,
    "topics.yaml": TopicsFile,
}


# --------------------------------------------------------------------------- everything together


@dataclass(frozen=True, eq=False)
class Bundle:
    """Every flow, content file and case, validated together (``loading.load_bundle``).

    The lookups the app needs (a contact by id, a sector's name, the region of a gemeente)
    are methods here, so that no page builds its own map.
    """

    contacts: ContactsFile
    regions: RegionsFile
    sectors: SectorsFile
    glossary: GlossaryFile
    signals: SignalsFile
    topics: TopicsFile | None = None
    flows: dict[str, Flow] = field(default_factory=dict)
    cases: dict[str, Case] = field(default_factory=dict)
    sources: dict[str, tuple[Path, Lines]] = field(default_factory=dict)
    """Where each flow (``flow:<id>``), content file (``<name>.yaml``) and case (``case:<id>``)
    came from, with its lines: a problem between files names the real file and line."""

    def place(self, key: str, *path: str | int) -> tuple[str, int]:
        """The file and line of ``path`` inside the source ``key`` (its nearest known parent)."""
        file, lines = self.sources[key]
        return str(file), line_of(lines, path)

    def content_files(self) -> list[str]:
        """The names of the content files read (``contacts.yaml``, ...)."""
        return [key for key in self.sources if ":" not in key]

    @cached_property
    def contacts_by_id(self) -> dict[str, Contact]:
        return self.contacts.by_id()

    def contact(self, contact_id: str) -> Contact:
        """A contact by id; ``validate`` checks every id that flows and ``ids`` name."""
        return self.contacts_by_id[contact_id]

    @cached_property
    def sector_names(self) -> dict[str, str]:
        """Sector id -> name, in the order of sectors.yaml."""
        return self.sectors.names()

    def sector(self, sector_id: str | None) -> Sector | None:
        return next((s for s in self.sectors.sectors if s.id == sector_id), None)

    def gemeenten(self) -> list[str]:
        """Every gemeente in regions.yaml, sorted for a select box."""
        return self.regions.gemeenten()

    def region_for(self, gemeente: str | None) -> Region:
        """The Veilig Thuis region of ``gemeente``; the default region when it is not known."""
        return self.regions.region_for(gemeente)

    @property
    def decisions(self) -> Decisions:
        """The wording of the two decisions, from the afwegingskader flow (``validate`` checks it is there)."""
        found = self.flows[ids.FLOW_QUICK].decisions
        assert found is not None, "validate requires the afwegingskader's decisions block"
        return found
