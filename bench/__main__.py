"""``python -m bench [--quick] [--only engine,rerun,click,load,diag,workshop]``

Prints ONE JSON document on stdout (also written to bench/results/latest.json) and a
short table on stderr. Every figure has a median and a spread over repeated runs; every
target says met: true/false. Nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import signal
import subprocess
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SECTIONS = ("engine", "rerun", "click", "load", "diag", "workshop", "serve")


def machine() -> dict:
    import streamlit

    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "git_commit": commit,
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


def _run_section(name: str, quick: bool) -> dict:
    if name == "engine":
        from bench import engine_bench as mod
    elif name == "rerun":
        from bench import rerun_bench as mod
    elif name == "click":
        from bench import click_bench as mod
    elif name == "load":
        from bench import load_bench as mod
    elif name == "workshop":
        from bench import workshop_bench as mod
    elif name == "serve":
        from bench import serve_bench as mod
    else:
        from bench import diag_bench as mod
    return mod.run(ROOT, quick)


NAN = float("nan")


def _ms(f: dict, key: str = "median") -> float:
    return f.get(key, NAN)


def _engine_rows(eng: dict) -> list[tuple]:
    rows = []
    if "load_bundle" in eng:
        f = eng["load_bundle"]
        rows.append(("engine load_bundle", f"{f['median']:.1f} ms (p95 {f['p95']:.1f})", f["target"], f["met"]))
    if "answer" in eng:
        f = eng["answer"]
        rows.append(("engine answer step", f"{f['median']:.1f} us (p95 {f['p95']:.1f})", "-", None))
    return rows


def _vs(f: dict) -> str:
    return f"{f['page_ms']['median']:.1f} vs {f['bare_ms']['median']:.1f} ms = {f['ratio']['median']:.2f}x"


def _rerun_rows(rr: dict) -> list[tuple]:
    rows = []
    for p in rr.get("pages", []):
        if p.get("available"):
            rows.append((f"rerun {p['page']} ({p['elements']} el.)", _vs(p), p["target"], p["met"]))
        else:
            rows.append((f"rerun {p['page']}", "not measured: " + p.get("why", "")[:40], "<= 1.5x", False))
    walk = rr.get("snelle_check_answer", {})
    if walk.get("available"):
        rows.append(("rerun snelle-check answer", _vs(walk), walk["target"], walk["met"]))
    return rows


def _click_rows(ck: dict) -> list[tuple]:
    rows = []
    if "app_ms" in ck:
        a, b = ck["app_ms"], ck["bare_ms"]
        value = f"{a['median']:.0f}/{a['p95']:.0f} ms (bare {b['median']:.0f}/{b['p95']:.0f})"
        rows.append((f"click p50/p95 (n={a['n']})", value, a["target"], a["met"]))
        ratio = f"{ck['ratio']['median']:.2f}x median, {ck['ratio']['p95']:.2f}x p95"
        rows.append(("click app/bare", ratio, ck["ratio_target"], ck["ratio_met"]))
        lm = ck.get("until_last_message_ms", {})
        if lm.get("app", {}).get("n") and lm.get("bare", {}).get("n"):
            value = f"app {lm['app']['median']:.0f} ms, bare {lm['bare']['median']:.0f} ms (median)"
            rows.append(("click: until last ForwardMsg", value, "-", None))
    for key, title in (("diag_postScriptGC_false", "click, postScriptGC=false"),
                       ("diag_postScriptGC_false_nodelay", "click, postScriptGC=false+nodelay")):
        if key in ck:
            a, b = ck[key]["app_ms"], ck[key]["bare_ms"]
            value = (f"{a['median']:.0f}/{a['p95']:.0f} ms (bare {b['median']:.0f}/{b['p95']:.0f}), "
                     f"{ck[key]['ratio']['median']:.2f}x")
            rows.append((title, value, "-", None))
    return rows


def _load_rows(ld: dict) -> list[tuple]:
    rows = []
    levels = ld.get("levels", {})
    for n, lv in levels.items():
        am = lv["answer_ms"]
        mb = lv["mb_per_session"] if lv["mb_per_session"] is not None else NAN
        value = f"p50 {_ms(am):.0f} / p95 {_ms(am, 'p95'):.0f} ms, {mb:.2f} MB/s., {lv['completed']}/{n} done"
        last = n == list(levels)[-1]
        rows.append((f"load {n} sessions", value, ld["target"] if last else "-", ld["met"] if last else None))
    if levels:
        n, lv = list(levels.items())[-1]
        rows.append((f"load {n}: answer p95", f"{_ms(lv['answer_ms'], 'p95'):.0f} ms", "p95 <= 300 ms",
                     ld.get("met_latency")))
        mb = lv["mb_per_session"] if lv["mb_per_session"] is not None else NAN
        rows.append((f"load {n}: server memory", f"{mb:.3f} MB/session (RSS delta / sessions)", "<= 5 MB/session",
                     ld.get("met_memory")))
    if "diag_100_postScriptGC_false" in ld:
        lv = ld["diag_100_postScriptGC_false"]
        am = lv["answer_ms"]
        value = f"p50 {_ms(am):.0f} / p95 {_ms(am, 'p95'):.0f} ms, {lv['completed']}/{lv['sessions']} done"
        rows.append(("load 100, postScriptGC=false", value, "-", None))
    return rows


def _diag_rows(diag: dict) -> list[tuple]:
    rows = []
    for name, row in diag.get("configs", {}).items():
        a, b = row["app"], row["bare"]
        value = (f"app {_ms(a['answer_ms']):.0f} ms ({_ms(a['server_cpu_ms_per_run']):.0f} ms CPU), "
                 f"bare {_ms(b['answer_ms']):.0f} ms ({_ms(b['server_cpu_ms_per_run']):.0f} ms CPU)")
        rows.append((f"diag 1 session {name}", value, "-", None))
    return rows


def _workshop_rows(ws: dict) -> list[tuple]:
    rows = []
    for name, lv in ws.get("databases", {}).items():
        a, v = lv["answer_ms"], lv["vote_visible_s"]
        value = (f"answer p95 {_ms(a, 'p95'):.0f} ms, visible p95 {_ms(v, 'p95'):.2f} s, lost {lv['lost_votes']}, "
                 f"{lv['joined']}/{lv['participants']} joined, CPU {lv['server_cpu_cores_during_voting']} cores")
        rows.append((f"workshop {lv['participants']} phones, {name}", value, ws["target"], lv["met"]))
    return rows


def _serve_rows(sv: dict) -> list[tuple]:
    rows = []
    lat = sv.get("latency", {})
    if lat.get("through_nginx_ms", {}).get("n"):
        a, b = lat["through_nginx_ms"], lat["direct_ms"]
        rows.append(("serve: answer via nginx / direct", f"{a['median']:.0f}/{a['p95']:.0f} ms vs "
                     f"{b['median']:.0f}/{b['p95']:.0f} ms (p50/p95)", "-", None))
    for workers, cap in sv.get("capacity", {}).items():
        rows.append((f"serve: {workers} process(es) behind nginx", f"{cap['max_sessions_p95_ok']} sessions "
                     "with answer p95 <= 300 ms", "-", None))
    if "scale_factor" in sv:
        rows.append(("serve: 2 processes / 1", f"{sv['scale_factor']}x", sv["target"], sv["met"]))
    return rows


def targets(results: dict) -> list[dict]:
    """The one-line view of every target: value, target, met."""
    rows = (
        _engine_rows(results.get("engine", {})) + _rerun_rows(results.get("rerun", {}))
        + _click_rows(results.get("click", {})) + _load_rows(results.get("load", {}))
        + _diag_rows(results.get("diag", {})) + _workshop_rows(results.get("workshop", {}))
        + _serve_rows(results.get("serve", {}))
    )
    return [{"figure": r[0], "value": r[1], "target": r[2], "met": r[3]} for r in rows]


def table(rows: list[dict]) -> str:
    w0 = max((len(r["figure"]) for r in rows), default=10)
    w1 = max((len(r["value"]) for r in rows), default=10)
    lines = []
    for r in rows:
        met = {True: "MET", False: "NOT MET", None: ""}[r["met"]]
        lines.append(f"{r['figure']:<{w0}}  {r['value']:<{w1}}  {met:<7}  {r['target']}")
    return "\n".join(lines)


def _terminate(signum, frame):  # noqa: ARG001
    raise SystemExit(128 + signum)


def _write(out: Path, doc: dict) -> str:
    text = json.dumps(doc, indent=2, ensure_ascii=False)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats, for development")
    parser.add_argument("--only", default=",".join(SECTIONS[:4]),
                        help=f"comma-separated sections of: {', '.join(SECTIONS)} "
                        "(default: engine, rerun, click, load; a full run adds diag, workshop and serve)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "results" / "latest.json"))
    args = parser.parse_args(argv)
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest's "missing ScriptRunContext" noise
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    if args.only == parser.get_default("only") and not args.quick:
        only += ["diag", "workshop", "serve"]
    unknown = set(only) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    signal.signal(signal.SIGTERM, _terminate)  # so servers and browsers are stopped on the way out
    started = time.monotonic()
    command = "python -m bench" + (" --quick" if args.quick else "")
    if args.only != parser.get_default("only"):
        command += f" --only {args.only}"
    doc: dict = {
        "benchmark": "meldcode",
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "command": command,
        "quick": args.quick,
        "machine": machine(),
        "results": {},
        "errors": {},
    }
    for name in only:
        t0 = time.monotonic()
        print(f"[bench] {name} ...", file=sys.stderr, flush=True)
        try:
            doc["results"][name] = _run_section(name, args.quick)
        except Exception as exc:  # noqa: BLE001 - one broken section must not hide the others
            doc["errors"][name] = f"{type(exc).__name__}: {exc}"
            traceback.print_exc(file=sys.stderr)
        print(f"[bench] {name} done in {time.monotonic() - t0:.1f} s", file=sys.stderr, flush=True)
        _write(Path(args.out), doc)  # partial results survive an interrupted run
    rows = targets(doc["results"])
    doc["targets"] = rows
    doc["all_met"] = all(r["met"] is not False for r in rows) and not doc["errors"]
    doc["machine"]["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    doc["seconds"] = round(time.monotonic() - started, 1)
    print(_write(Path(args.out), doc))
    m = doc["machine"]
    print(f"\n{m['cpu_count']} CPUs, {m['platform']}, load {m['loadavg_start']} -> {m['loadavg_end']}, "
          f"{doc['seconds']} s\n" + table(rows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
