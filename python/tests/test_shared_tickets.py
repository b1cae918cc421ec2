"""The project's seed: pydeephaven publishes a table to a shared ticket and another session fetches it."""
import gc

import pytest
from pydeephaven import DHError
from pydeephaven.ticket import SharedTicket

from support import eventually, grpc_status


def test_seed_example(connect):
    publisher = connect()
    table = publisher.empty_table(1000).update(["X = i", "Y = 2*i"])
    ticket = SharedTicket.random_ticket()
    publisher.publish_table(ticket, table)

    fetcher = connect()
    fetched = fetcher.fetch_table(ticket)
    rows = fetched.to_arrow()
    assert rows.num_rows == 1000
    assert rows.column_names == ["X", "Y"]
    assert rows.column("X").to_pylist() == list(range(1000))
    assert rows.column("Y").to_pylist() == [2 * i for i in range(1000)]
