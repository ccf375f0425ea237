"""Which Veilig Thuis region serves a gemeente (content decides; no region in code)."""

from __future__ import annotations

from meldcode.models import Region, RegionsFile


def all_gemeenten(regions: RegionsFile) -> list[str]:
    """Every gemeente named in the content, sorted for a select box."""
    return sorted({g for r in regions.regions for g in r.gemeenten}, key=str.casefold)


def region_for(regions: RegionsFile, gemeente: str | None) -> Region:
    """The region whose gemeenten include ``gemeente``; otherwise the default region."""
    wanted = (gemeente or "").strip().casefold()
    for region in regions.regions:
        if wanted and wanted in (g.casefold() for g in region.gemeenten):
            return region
    return next(r for r in regions.regions if r.id == regions.default_region)
