"""models.Bundle: the typed content and the one set of lookups every page and export uses."""

from __future__ import annotations

from pathlib import Path

import pytest

from meldcode import ids
from meldcode.models import Bundle


def test_contacts_by_id(content: Bundle) -> None:
    assert content.contact(ids.CONTACT_VEILIG_THUIS).phone == "0800-2000"
    assert set(content.contacts_by_id) == {c.id for c in content.contacts.contacts}
    with pytest.raises(KeyError):
        content.contact("bestaat_niet")


def test_sectors_by_id_in_file_order(content: Bundle) -> None:
    assert list(content.sector_names) == [s.id for s in content.sectors.sectors]
    first = content.sectors.sectors[0]
    assert content.sector(first.id) == first
    assert content.sector(None) is None
    assert content.sector("bestaat_niet") is None


def test_region_of_a_gemeente_ignores_case_and_falls_back_to_the_default(content: Bundle) -> None:
    gemeente = content.gemeenten()[0]
    region = content.region_for(gemeente.upper())
    assert gemeente in region.gemeenten
    assert content.region_for("Atlantis").id == content.regions.default_region
    assert content.region_for(None).id == content.regions.default_region


def test_gemeenten_are_sorted_for_a_select_box(content: Bundle) -> None:
    assert content.gemeenten() == sorted(content.gemeenten(), key=str.casefold)
    assert len(content.gemeenten()) == len(set(content.gemeenten()))


def test_place_names_the_real_file_and_line(content: Bundle) -> None:
    file, line = content.place(f"flow:{ids.FLOW_STEPS}", "nodes", 0, "id")
    assert Path(file).name == "meldcode.yaml"
    assert line > 1
    with pytest.raises(KeyError):
        content.place("flow:bestaat_niet")  # never a guessed path


def test_content_files_are_the_content_models(content: Bundle) -> None:
    assert set(ids.REQUIRED_CONTENT) <= set(content.content_files())
    assert not any(":" in name for name in content.content_files())
