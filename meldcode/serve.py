"""``make serve``: nginx in front of N app processes, in the foreground.

``python -m meldcode.serve [--port 8080] [--workers N] [--mode uvicorn|streamlit]``

The supervisor renders ``deploy/nginx.conf.template`` into a private temporary folder,
starts N app processes on free 127.0.0.1 ports, waits until each answers
``/_stcore/health``, then starts nginx (``daemon off``) in front of them. It restarts an
app process that exits or stops answering its health check, and on SIGTERM or Ctrl-C
(SIGINT) stops nginx and every app process, then removes the folder. Every child is
started in its own session (so a Ctrl-C reaches only the supervisor, which stops them in
order) and with a parent-death signal (so none outlives a supervisor that is killed).

No Streamlit import here: the app processes are separate programs.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import ctypes
import hashlib
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "deploy" / "nginx.conf.template"
MODES = ("uvicorn", "streamlit")
DEFAULT_MODE = "uvicorn"  # measured: faster per click than `streamlit run` (README "Serving")
START_TIMEOUT_S = 90.0
HEALTH_EVERY_S = 2.0
HEALTH_FAILS_BEFORE_RESTART = 3  # an app process that stops answering for ~6 s is restarted
FAIL_TIMEOUT_S = 5  # nginx: a failed process gets no new requests for this long
STOP_GRACE_S = 10.0
MULTIPART_ROOM_KB = 64
PR_SET_PDEATHSIG = 1

# The content security policy Streamlit 1.67 works under (checked in Chromium: no
# violation is reported on any page, tests/e2e/test_serve.py). Streamlit's index.html
# has one inline script; it is allowed by its hash, computed from the installed package.
# `blob:` because Streamlit loads a v2 component's inline JS (the case store,
# meldcode/ui/persist.py) as a module from a blob URL that its own script creates.
CSP = (
    "default-src 'self'; script-src 'self' {script_hash} blob: 'wasm-unsafe-eval'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; media-src 'self' blob: data:; worker-src 'self' blob:; frame-src 'self' blob: data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"
)


def log(message: str) -> None:
    print(f"[serve] {message}", file=sys.stderr, flush=True)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def healthy(port: int, timeout: float = 2.0, base: str = "http://127.0.0.1", server: str | None = None) -> bool:
    """``/_stcore/health`` answers 200 (and, when ``server`` is given, with that Server header:
    so that another program on the port is not mistaken for our nginx)."""
    context = ssl._create_unverified_context() if base.startswith("https") else None  # our own self-check
    try:
        with urllib.request.urlopen(f"{base}:{port}/_stcore/health", timeout=timeout, context=context) as resp:
            return resp.status == 200 and (server is None or resp.headers.get("Server") == server)
    except (urllib.error.URLError, OSError):
        return False


def _die_with_parent() -> None:
    """preexec_fn: the child gets SIGTERM when the supervisor dies, however it dies."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def spawn(cmd: Sequence[str], env: dict[str, str] | None = None, quiet: bool = False) -> subprocess.Popen[bytes]:
    """Start ``cmd`` in its own session; ``quiet`` drops its stdout (Streamlit's banner), never stderr."""
    return subprocess.Popen(
        list(cmd), cwd=ROOT, env=env, stdin=subprocess.DEVNULL, start_new_session=True,
        stdout=subprocess.DEVNULL if quiet else None,
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - only prctl, no locks taken
    )


def stop_process(proc: subprocess.Popen[bytes], sig: int = signal.SIGTERM, grace: float = STOP_GRACE_S) -> None:
    """Signal the process group of ``proc`` and wait; SIGKILL after ``grace`` seconds."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, sig)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=grace)


# --------------------------------------------------------------------------- config


def max_upload_mb(root: Path = ROOT) -> int:
    """Streamlit's server.maxUploadSize from .streamlit/config.toml (Streamlit's default 200)."""
    path = root / ".streamlit" / "config.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return int(data.get("server", {}).get("maxUploadSize", 200))


def script_hash() -> str:
    """The CSP hash of the inline script in the installed Streamlit's index.html."""
    import importlib.util

    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        return ""
    index = Path(spec.origin).parent / "static" / "index.html"
    scripts = re.findall(r"<script>(.*?)</script>", index.read_text(encoding="utf-8"), re.S)
    hashes = [base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts]
    return " ".join(f"'sha256-{h}'" for h in hashes)


@dataclass(frozen=True)
class Tls:
    cert: Path
    key: Path


def render(template: str, values: dict[str, str]) -> str:
    """Fill ``{{name}}`` placeholders; an unknown or missing name is an error."""
    names = set(re.findall(r"\{\{(\w+)\}\}", template))
    missing = names - set(values)
    if missing:
        raise KeyError(f"no value for {', '.join(sorted(missing))}")
    return re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], template)


def nginx_config(workdir: Path, listen_host: str, port: int, app_ports: Sequence[int],
                 tls: Tls | None = None, root: Path = ROOT) -> str:
    def server(p: int, extra: str = "") -> str:
        return f"        server 127.0.0.1:{p} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s{extra};"

    route_map, served_by, per_worker = [], [], []
    for i, p in enumerate(app_ports):
        route_map.append(f"        w{i} meldcode_w{i};")
        served_by.append(f'        "~(^|, )127\\.0\\.0\\.1:{p}$" w{i};')
        backups = [server(q, " backup") for q in app_ports if q != p]
        per_worker.append(
            f"\n    upstream meldcode_w{i} {{\n        zone meldcode_w{i} 64k;\n"
            + "\n".join([server(p), *backups]) + "\n    }"
        )
    if tls is None:
        listen = f"        listen {listen_host}:{port};"
        hsts = ""
    else:
        listen = (f"        listen {listen_host}:{port} ssl;\n"
                  f"        ssl_certificate {tls.cert};\n        ssl_certificate_key {tls.key};")
        hsts = '        add_header Strict-Transport-Security "max-age=31536000" always;'
    values = {
        "workdir": str(workdir),
        "nginx_workers": "1",
        "mime_types": "/etc/nginx/mime.types",
        "max_body": f"{max_upload_mb(root) * 1024 + MULTIPART_ROOM_KB}k",
        "route_map": "\n".join(route_map),
        "served_by_map": "\n".join(served_by),
        "servers": "\n".join(server(p) for p in app_ports),
        "worker_upstreams": "\n".join(per_worker),
        "listen": listen,
        "csp": CSP.format(script_hash=script_hash()),
        "hsts": hsts,
        "cookie_secure": "; Secure" if tls else "",
        "tries": str(len(app_ports)),
    }
    return render(TEMPLATE.read_text(encoding="utf-8"), values)


def find_nginx() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise SystemExit("nginx is not installed: run `make nginx` (apt-get install nginx); `make serve` does this.")
    return found


# --------------------------------------------------------------------------- app processes


def app_command(mode: str, port: int) -> list[str]:
    """One app process on 127.0.0.1:``port``: `st.App` under uvicorn, or `streamlit run` (README: which and why)."""
    if mode == "uvicorn":
        return [
            sys.executable, "-m", "uvicorn", "asgi:app", "--host", "127.0.0.1", "--port", str(port),
            "--ws", "websockets-sansio", "--no-access-log", "--ws-per-message-deflate", "false",
            "--log-level", "warning", "--timeout-graceful-shutdown", "5",
        ]
    return [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]


@dataclass
class AppProcess:
    index: int
    port: int
    mode: str
    env: dict[str, str]
    proc: subprocess.Popen[bytes] | None = None
    started: float = 0.0
    health_fails: int = 0
    restarts: int = 0
    ready: bool = False

    def start(self) -> None:
        self.proc = spawn(app_command(self.mode, self.port), self.env, quiet=True)
        log(f"app process {self.index}: port {self.port}, pid {self.proc.pid}")
        self.started = time.monotonic()
        self.health_fails = 0
        self.ready = False

    def exited(self) -> int | None:
        return None if self.proc is None else self.proc.poll()


@dataclass
class Supervisor:
    port: int
    workers: int
    mode: str = DEFAULT_MODE
    host: str = "0.0.0.0"  # noqa: S104 - nginx is the public side; app processes bind 127.0.0.1
    tls: Tls | None = None
    env: dict[str, str] = field(default_factory=lambda: dict(os.environ))
    apps: list[AppProcess] = field(default_factory=list)
    nginx: subprocess.Popen[bytes] | None = None
    workdir: Path | None = None
    stopping: bool = False
    on_ready: Callable[[], None] | None = None

    def run(self) -> int:
        """Start everything, supervise until a signal; returns the exit code."""
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(sig, self._on_signal)
        try:
            self._start()
            if self.stopping:
                return 0
            log(f"meldcode serves on {self._self_url()}:{self.port}/ ({self.workers} app process(es), "
                f"{self.mode}); Ctrl-C stops it")
            if self.on_ready:
                self.on_ready()
            return self._supervise()
        finally:
            self._stop_all()

    def _on_signal(self, signum: int, frame: object) -> None:  # noqa: ARG002
        if not self.stopping:
            log(f"{signal.Signals(signum).name}: stopping nginx and the app processes")
        self.stopping = True

    def _start(self) -> None:
        nginx = find_nginx()
        self.workdir = Path(tempfile.mkdtemp(prefix="meldcode-serve-"))
        self.workdir.chmod(0o711)  # nginx's workers (user nobody) create their temp paths in here
        env = {**self.env, "PYTHONUNBUFFERED": "1", "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
        ports = [free_port() for _ in range(self.workers)]
        self.apps = [AppProcess(i, p, self.mode, env) for i, p in enumerate(ports)]
        for app in self.apps:
            app.start()
        self._wait_ready()
        conf = self.workdir / "nginx.conf"
        conf.write_text(nginx_config(self.workdir, self.host, self.port, ports, self.tls), encoding="utf-8")
        check = subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(self.workdir)],
                               capture_output=True, text=True, check=False)
        if check.returncode != 0:
            raise SystemExit(f"nginx refused the rendered config {conf}:\n{check.stderr}")
        self.nginx = spawn([nginx, "-c", str(conf), "-p", str(self.workdir), "-g", "daemon off;"])
        deadline = time.monotonic() + 20
        while not self.stopping and not healthy(self.port, base=self._self_url(), server="nginx"):
            if self.nginx.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"nginx did not start on port {self.port} (is the port in use?)")
            time.sleep(0.2)
        if self.nginx.poll() is not None:  # another server answered on our port
            raise SystemExit(f"nginx did not start on port {self.port} (is the port in use?)")

    def _self_url(self) -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "", "*") else self.host  # noqa: S104
        return f"{'https' if self.tls else 'http'}://{host}"

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self.stopping and not all(a.ready for a in self.apps):
            for app in self.apps:
                code = app.exited()
                if code is not None:
                    raise SystemExit(f"app process {app.index} (port {app.port}) exited with {code} at start")
                app.ready = app.ready or healthy(app.port, timeout=1)
            if time.monotonic() > deadline:
                raise SystemExit(f"the app processes did not answer /_stcore/health within {START_TIMEOUT_S:.0f} s")
            time.sleep(0.2)

    def _supervise(self) -> int:
        next_health = time.monotonic() + HEALTH_EVERY_S
        while not self.stopping:
            if self.nginx is not None and self.nginx.poll() is not None:
                log(f"nginx exited with {self.nginx.returncode}; stopping")
                return 1
            for app in self.apps:
                self._watch(app, check_health=time.monotonic() >= next_health)
            if time.monotonic() >= next_health:
                next_health = time.monotonic() + HEALTH_EVERY_S
            time.sleep(0.2)
        return 0

    def _watch(self, app: AppProcess, check_health: bool) -> None:
        code = app.exited()
        if code is not None:
            log(f"app process {app.index} (port {app.port}) exited with {code}; restarting it")
            self._restart(app)
            return
        if not check_health:
            return
        if healthy(app.port):
            app.ready, app.health_fails = True, 0
            return
        if not app.ready and time.monotonic() - app.started < START_TIMEOUT_S:
            return  # still starting
        app.health_fails += 1
        if app.health_fails >= HEALTH_FAILS_BEFORE_RESTART:
            log(f"app process {app.index} (port {app.port}) stopped answering its health check; restarting it")
            assert app.proc is not None
            stop_process(app.proc, signal.SIGKILL, grace=5)
            self._restart(app)

    def _restart(self, app: AppProcess) -> None:
        # A process that dies right after starting is not restarted in a tight loop.
        if time.monotonic() - app.started < 5:
            time.sleep(min(10.0, 1.0 + app.restarts))
        if self.stopping:
            return
        app.restarts += 1
        app.start()

    def _stop_all(self) -> None:
        self.stopping = True
        if self.nginx is not None:
            stop_process(self.nginx, signal.SIGTERM)  # nginx: fast shutdown of master and workers
        running = [a.proc for a in self.apps if a.proc is not None and a.proc.poll() is None]
        for proc in running:  # all at once, then wait for each
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in running:
            stop_process(proc, signal.SIGTERM)
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m meldcode.serve", description=__doc__.splitlines()[0])
    p.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8080))
    p.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS") or len(os.sched_getaffinity(0))))
    p.add_argument("--host", default=os.environ.get("ADDRESS") or "0.0.0.0")  # noqa: S104
    p.add_argument("--mode", choices=MODES, default=os.environ.get("MELDCODE_SERVE_MODE") or DEFAULT_MODE)
    p.add_argument("--tls-cert", type=Path, default=os.environ.get("TLS_CERT") or None)
    p.add_argument("--tls-key", type=Path, default=os.environ.get("TLS_KEY") or None)
    return p


def _migrate_once() -> None:
    """The workshop database's schema, brought up to date once before any app process starts
    (each process would also do it under a lock; this makes a failure show before serving)."""
    from meldcode.workshop import db

    engine = db.make_engine(db.database_url())
    try:
        db.upgrade(engine)
    finally:
        engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.workers < 1:
        raise SystemExit("WORKERS must be at least 1")
    if bool(args.tls_cert) != bool(args.tls_key):
        raise SystemExit("TLS needs both TLS_CERT and TLS_KEY")
    tls = Tls(args.tls_cert.resolve(), args.tls_key.resolve()) if args.tls_cert else None
    # Flows, content and the organisation profile (MELDCODE_ORGANISATIE) are checked once,
    # before anything starts: a broken file stops `make serve` with FILE:LINE messages.
    from meldcode import cli

    os.chdir(ROOT)
    if cli.main(["validate"]) != cli.EXIT_OK:
        return 1
    _migrate_once()
    return Supervisor(port=args.port, workers=args.workers, mode=args.mode, host=args.host, tls=tls).run()


if __name__ == "__main__":
    sys.exit(main())
