"""The clock and sleep of the commands' clients and progress line.

Every user reads them here when it needs them (``_time.clock()``, ``clock=_time.clock``), never
binding them at import (``from ._time import clock``): tests replace them, so that a retry's
back-off or a pacing wait passes without real time passing.
"""

from __future__ import annotations

import time
from collections.abc import Callable

clock: Callable[[], float] = time.monotonic
sleep: Callable[[float], None] = time.sleep
