"""Shared test set-up.

The suite asserts the English messages (the msgids), so every test runs in
English: PARITRANA_LANG=en in the environment (subprocesses and `main`,
which chooses the language from it) and in the messages module. A test
about the language choice itself opts out with `@pytest.mark.own_language`
and sets the environment it needs.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from paritrana.scoring import messages


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "own_language: the test chooses the messages' language itself"
    )


@pytest.fixture(autouse=True)
def english_messages(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    if request.node.get_closest_marker("own_language") is None:
        monkeypatch.setenv("PARITRANA_LANG", "en")
        messages.set_language("en")
    yield
    messages.set_language("en")
