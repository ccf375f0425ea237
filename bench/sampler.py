"""An all-threads stack sampler for a ``streamlit run`` server (pyinstrument samples one
thread only; a Streamlit rerun spans the event loop thread and the ScriptRunner thread).

    python -m bench.sampler OUT.txt -- streamlit run app.py --server.port 8630 ...

runs Streamlit in this process and, on exit (SIGTERM/SIGINT), writes the hottest
functions (self and total samples) of every thread to OUT.txt.
"""

from __future__ import annotations

import collections
import os
import signal
import sys
import threading
import time

INTERVAL = 0.002


class Sampler:
    def __init__(self) -> None:
        self.total: collections.Counter = collections.Counter()
        self.self_: collections.Counter = collections.Counter()
        self.samples = 0
        self.busy = 0
        self._stop = threading.Event()
        self._me = None
        self.only = ""  # thread-name prefix to sample (e.g. "ScriptRunner")

    def run(self) -> None:
        self._me = threading.get_ident()
        while not self._stop.wait(INTERVAL):
            names_of = {t.ident: t.name for t in threading.enumerate()}
            for tid, frame in sys._current_frames().items():
                if tid == self._me or not names_of.get(tid, "").startswith(self.only):
                    continue
                names = []
                f = frame
                while f is not None:
                    code = f.f_code
                    where = code.co_filename.split("site-packages/")[-1]
                    names.append(f"{code.co_name} ({where}:{code.co_firstlineno})")
                    f = f.f_back
                top = names[0] if names else "?"
                if any(w in top for w in ("wait (", "select (", "_worker (", "acquire", "sleep", "poll (")):
                    continue
                self.samples += 1
                self.self_[top] += 1
                for n in set(names):
                    self.total[n] += 1

    def report(self, path: str) -> None:
        with open(path, "w") as fh:
            fh.write(f"busy samples (all threads, idle waits dropped): {self.samples}, interval {INTERVAL}s\n\n")
            fh.write("SELF\n")
            for name, c in self.self_.most_common(40):
                fh.write(f"{c:7d} {100 * c / max(self.samples, 1):5.1f}%  {name}\n")
            fh.write("\nTOTAL (inclusive)\n")
            for name, c in self.total.most_common(80):
                fh.write(f"{c:7d} {100 * c / max(self.samples, 1):5.1f}%  {name}\n")


def main() -> None:
    out = sys.argv[1]
    argv = sys.argv[sys.argv.index("--") + 1:]
    sampler = Sampler()
    sampler.only = os.environ.get("BENCH_SAMPLE_THREADS", "")
    threading.Thread(target=sampler.run, daemon=True).start()

    def finish(*_):
        sampler._stop.set()
        sampler.report(out)
        sys.exit(0)

    signal.signal(signal.SIGTERM, finish)
    from streamlit.web import cli

    sys.argv = argv
    try:
        cli.main(prog_name="streamlit")
    finally:
        sampler._stop.set()
        sampler.report(out)
        time.sleep(0.1)


if __name__ == "__main__":
    main()
