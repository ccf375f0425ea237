"""The organisation profile: one YAML file named by ``MELDCODE_ORGANISATIE``.

Every organisation must have its own meldcode (Wet verplichte meldcode): its
aandachtsfunctionaris(sen) and its own agreements per step. The profile holds those, the
organisation's name and its sector (an id from content/sectors.yaml); the app shows them
in step 2 (overleg) and each step's agreements in the stappenplan, on Advies and in the
PDF. Without the variable the app is as it is without a profile.

``python -m meldcode validate`` checks the file the variable names, and
``python -m meldcode validate PATH`` recognises a profile by its name:
``organisatie.yaml`` or ``<anything>.organisatie.yaml`` (``.yml`` too).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Protocol

from pydantic import Field

from meldcode.errors import ContentError, Problem
from meldcode.loading import parse_model
from meldcode.models import Id, SectorsFile, Strict, Text

ENV = "MELDCODE_ORGANISATIE"
PHONE = r"^[0-9][0-9 -]{2,15}$"  # as for contacts: digits, spaces and dashes
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
EXAMPLE_NOTE = "Dit is een voorbeeldprofiel: de organisatie, de namen en de gegevens zijn verzonnen."


class Aandachtsfunctionaris(Strict):
    name: Text
    role: str | None = None  # e.g. "aandachtsfunctionaris", "plaatsvervanger"
    phone: Annotated[str, Field(pattern=PHONE)]
    email: Annotated[str, Field(pattern=EMAIL)]
    hours: str | None = None  # when they can be reached, in the organisation's words


class Agreement(Strict):
    """One of the organisation's own agreements, for one step of the meldcode."""

    step: int = Field(ge=1, le=5)
    text: Text


class Organisatie(Strict):
    name: Text
    example: bool = False  # true for a made-up profile: the app then says it is an example
    sector: Id
    aandachtsfunctionarissen: list[Aandachtsfunctionaris] = Field(min_length=1)
    agreements: list[Agreement] = Field(default_factory=list)

    def agreements_for(self, step: int) -> list[str]:
        return [a.text for a in self.agreements if a.step == step]


def is_profile(path: Path) -> bool:
    """A file whose name marks it as an organisation profile."""
    stem, suffix = path.stem, path.suffix
    return suffix in {".yaml", ".yml"} and (stem == "organisatie" or stem.endswith(".organisatie"))


def load(path: Path, sectors: SectorsFile | None = None) -> Organisatie:
    """Read and check a profile; its sector must be in ``sectors`` (when given). Raises ContentError."""
    if not path.is_file():
        raise ContentError([Problem(str(path), 1, f"no such file (named by {ENV})")])
    profile, lines = parse_model(path, Organisatie)
    known = sectors.names() if sectors else {}
    if sectors and profile.sector not in known:
        line = lines.get(("sector",), 1)
        raise ContentError([
            Problem(str(path), line, f"sector '{profile.sector}' is not in content/sectors.yaml "
                    f"(one of: {', '.join(sorted(known))})", "sector")
        ])
    return profile


def configured_path(environ: dict[str, str] | None = None) -> Path | None:
    value = (os.environ if environ is None else environ).get(ENV, "").strip()
    return Path(value) if value else None


class Document(Protocol):
    """What :func:`pdf_section` needs of meldcode.pdf's document."""

    def heading(self, text: str, size: float = ...) -> None: ...
    def para(self, text: str, size: float = ..., bold: bool = ..., color: tuple[int, int, int] = ...) -> None: ...
    def bullet(self, text: str, lead: str = "") -> None: ...


def contact_line(person: Aandachtsfunctionaris) -> str:
    parts = [f"tel. {person.phone}", person.email] + ([person.hours] if person.hours else [])
    return " · ".join(parts)


def pdf_section(doc: Document, org: Organisatie) -> None:
    """The organisation's part of the PDF: whom to consult, and its agreements per step."""
    doc.heading(f"Binnen je organisatie: {org.name}")
    for person in org.aandachtsfunctionarissen:
        role = f" ({person.role})" if person.role else ""
        doc.bullet(contact_line(person), lead=person.name + role)
    if org.agreements:
        doc.para("Afspraken van je organisatie", bold=True)
        for agreement in sorted(org.agreements, key=lambda a: a.step):
            doc.bullet(agreement.text, lead=f"Stap {agreement.step}")
    if org.example:
        doc.para(EXAMPLE_NOTE, size=9.5)
