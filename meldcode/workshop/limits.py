"""A small in-memory sliding-window limit on join attempts (per Streamlit session)."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable


class AttemptLimiter:
    """At most ``attempts`` per ``window`` seconds per key."""

    def __init__(self, attempts: int = 10, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.attempts = attempts
        self.window = window
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        """Count one attempt for ``key``; False when the key has used up its window."""
        now = self.clock()
        with self._lock:
            if len(self._seen) > 10_000:  # forget idle keys so the map stays small
                self._seen = {k: v for k, v in self._seen.items() if v and v[-1] > now - self.window}
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.attempts:
                return False
            seen.append(now)
            return True
