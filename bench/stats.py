"""Small statistics helpers: every figure is a median with its spread, never one sample."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of a non-empty sequence."""
    data = sorted(values)
    if not data:
        return math.nan
    k = (len(data) - 1) * q / 100
    lo, hi = math.floor(k), math.ceil(k)
    if lo == hi:
        return data[lo]
    return data[lo] + (data[hi] - data[lo]) * (k - lo)


def summary(values: Sequence[float], digits: int = 3) -> dict:
    """n, median, p5, p95, IQR (p25, p75), min and max, rounded to ``digits``."""
    if not values:
        return {"n": 0}

    def r(x: float) -> float:
        return round(x, digits)

    return {
        "n": len(values),
        "median": r(percentile(values, 50)),
        "p5": r(percentile(values, 5)),
        "p95": r(percentile(values, 95)),
        "iqr": [r(percentile(values, 25)), r(percentile(values, 75))],
        "min": r(min(values)),
        "max": r(max(values)),
    }


def figure(name: str, unit: str, values: Sequence[float], target: str | None, met: bool | None, **extra) -> dict:
    """One reported figure: its summary, the target in words and whether it is met."""
    out = {"name": name, "unit": unit, **summary(values)}
    if target is not None:
        out["target"] = target
        out["met"] = met
    out.update(extra)
    return out


def ratio_spread(a: Sequence[float], b: Sequence[float]) -> dict:
    """Ratio of medians of ``a`` over ``b``, with a spread from the p25/p75 of each."""
    ma, mb = percentile(a, 50), percentile(b, 50)
    lo = percentile(a, 25) / percentile(b, 75)
    hi = percentile(a, 75) / percentile(b, 25)
    return {"median": round(ma / mb, 3), "iqr_bound": [round(lo, 3), round(hi, 3)]}
