"""The generation date printed on documents and stored in their metadata.

Precedence: an explicit `--date YYYY-MM-DD`, else SOURCE_DATE_EPOCH (the
reproducible-builds convention), else today. Only the day is used, so two
renders of the same inputs on the same day are byte-identical, and any day
with a fixed date.
"""

from __future__ import annotations

import os
from datetime import date, datetime, timezone

from ..errors import ParitranaError


def generation_date(explicit: str | None = None) -> date:
    if explicit:
        try:
            return date.fromisoformat(explicit)
        except ValueError:
            raise ParitranaError(f"--date {explicit!r}: expected YYYY-MM-DD") from None
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
        except (ValueError, OverflowError, OSError):
            raise ParitranaError(
                f"SOURCE_DATE_EPOCH={epoch!r}: expected seconds since 1970"
            ) from None
    return date.today()
