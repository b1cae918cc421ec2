"""Where the server under test is, from the environment the Java runner (or a developer) sets:

DH_HOST, DH_PORT            the Deephaven server (embedded or real)
DH_AUTH_TYPE, DH_AUTH_TOKEN pydeephaven's auth_type / auth_token (default: Anonymous)
DH_SERVER_KIND              "embedded" or "real": lets a test state where the two servers differ

Run by hand: DH_PORT=10000 DH_AUTH_TYPE=... DH_AUTH_TOKEN=... target/python/deephaven-0.40.7/bin/python -m pytest python/tests
"""
import os

import pytest
from pydeephaven import Session


def _settings():
    return dict(
        host=os.environ.get("DH_HOST", "127.0.0.1"),
        port=int(os.environ.get("DH_PORT", "10000")),
        auth_type=os.environ.get("DH_AUTH_TYPE", "Anonymous"),
        auth_token=os.environ.get("DH_AUTH_TOKEN", ""),
    )


@pytest.fixture(scope="session")
def server_kind():
    return os.environ.get("DH_SERVER_KIND", "embedded")


@pytest.fixture
def connect():
    """Opens sessions to the server under test; every one still open is closed after the test."""
    opened = []

    def open_session(**overrides):
        settings = _settings()
        settings.update(overrides)
        session = Session(**settings)
        opened.append(session)
        return session

    yield open_session
    for session in opened:
        if session.is_connected:
            session.close()
