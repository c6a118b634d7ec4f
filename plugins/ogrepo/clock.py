"""The build's "now": SOURCE_DATE_EPOCH when set (reproducible builds, tests), else the clock.

Read once at the edge and passed down; nothing deeper asks the clock.
"""

from __future__ import annotations

import os
import re
from datetime import datetime, timezone

LATEST = 253402300799  # 9999-12-31T23:59:59Z: the last moment a date can hold


class ClockError(ValueError):
    """SOURCE_DATE_EPOCH is set to something that is not a moment."""


def build_time(environ=os.environ) -> datetime:
    epoch = environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return datetime.now(timezone.utc).replace(microsecond=0)
    if not re.fullmatch(r"\s*\d{1,12}\s*", epoch) or int(epoch) > LATEST:
        raise ClockError(f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 (for example "
                         f"the last commit's: `git log -1 --format=%ct`), not {epoch!r}; unset it to build at the "
                         "current time")
    return datetime.fromtimestamp(int(epoch), timezone.utc)
