"""The build's "now": SOURCE_DATE_EPOCH when set (reproducible builds, tests), else the clock.

Read once at the edge and passed down; nothing deeper asks the clock.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone


def build_time(environ=os.environ) -> datetime:
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)
