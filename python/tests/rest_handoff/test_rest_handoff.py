"""A ticket the example application handed out over HTTP (GET /deephaven/tickets/prices), fetched with pydeephaven.

Run by examples/quarkus-app's RestHandoffPydeephavenIT with the packaged application running; skipped unless
DH_TICKET_HEX is set. It sets, besides the server variables conftest.py reads (taken from the endpoint's "server"):

DH_TICKET_HEX     the endpoint's ticket.hex: the whole ticket bytes, pydeephaven's SharedTicket form
DH_TICKET_EXPECT  "rows" (default): the ticket reads as the example's prices table;
                  "gone": the application has stopped, so the ticket is NOT_FOUND
"""
import os

import grpc
import pytest
from pydeephaven import DHError
from pydeephaven.ticket import SharedTicket

from support import grpc_status

TICKET_HEX = os.environ.get("DH_TICKET_HEX")
EXPECT = os.environ.get("DH_TICKET_EXPECT", "rows")

pytestmark = pytest.mark.skipif(not TICKET_HEX, reason="run by RestHandoffPydeephavenIT (DH_TICKET_HEX not set)")

INSTRUMENTS = 500  # MarketTables.INSTRUMENTS in the example


def expected_prices():
    """The example's prices table (MarketTables.pricesTable), computed here rather than asked of the server."""
    price = [100.0 + (i % 37) * 1.25 for i in range(INSTRUMENTS)]
    volume = [1_000 + (i * 17) % 5_000 for i in range(INSTRUMENTS)]
    return {
        "Symbol": [f"SYM{i}" for i in range(INSTRUMENTS)],
        "Price": price,
        "Volume": volume,
        "Notional": [p * v for p, v in zip(price, volume)],
    }


@pytest.fixture
def ticket():
    return SharedTicket(bytes.fromhex(TICKET_HEX))


@pytest.mark.skipif(EXPECT != "rows", reason="the application has stopped")
def test_the_ticket_reads_as_the_prices_table(connect, ticket):
    prices = connect().fetch_table(ticket)

    rows = prices.to_arrow()

    assert rows.column_names == ["Symbol", "Price", "Volume", "Notional"]
    assert rows.to_pydict() == expected_prices()


@pytest.mark.skipif(EXPECT != "gone", reason="the application is running")
def test_the_ticket_is_gone_once_the_application_stopped(connect, ticket):
    with pytest.raises(DHError) as failure:
        connect().fetch_table(ticket)
    assert grpc_status(failure.value) == grpc.StatusCode.NOT_FOUND
