"""The generation date printed on documents and stored in their metadata.

Precedence: an explicit `--date YYYY-MM-DD`, else SOURCE_DATE_EPOCH (the
reproducible-builds convention, read as a UTC date), else today. Only the
day is used, so two renders of the same inputs on the same day are
byte-identical, and on any day with a fixed date.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import UTC, date, datetime

from ..errors import UsageError
from ..messages import _


def generation_date(explicit: str | None = None, environ: Mapping[str, str] | None = None) -> date:
    if explicit:
        try:
            return date.fromisoformat(explicit)
        except ValueError:
            raise UsageError(
                _("{option} {value!r}: expected YYYY-MM-DD").format(option="--date", value=explicit)
            ) from None
    env = os.environ if environ is None else environ
    epoch = env.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.fromtimestamp(int(epoch), tz=UTC).date()
        except (ValueError, OverflowError, OSError):
            raise UsageError(
                _("SOURCE_DATE_EPOCH={value!r}: expected seconds since 1970 (a Unix time)").format(
                    value=epoch
                )
            ) from None
    return date.today()
