"""The project's seed: pydeephaven publishes a table to a shared ticket and another session fetches it; and how
long such a ticket lives.

A shared ticket ends when the publisher's table ends: by Table.close(), by the Table being garbage collected
(pydeephaven releases it in __del__), or by the publishing session closing. The embedded server answers a fetch of
an ended ticket with NOT_FOUND at once, and the id is free again. The real Deephaven server keeps its entry in a
weak-values map: while the publisher's session lives it holds the released export, so the ticket answers
FAILED_PRECONDITION and its id stays taken (ALREADY_EXISTS); once that session closed, FAILED_PRECONDITION until
its JVM collects garbage, then NOT_FOUND and the id is free. The tests branch on `server_kind` where the answers
differ, so the same file runs against both servers; the README's status table lists each difference.
"""
import gc

import grpc
import pytest
from pydeephaven import DHError
from pydeephaven.ticket import SharedTicket

from support import grpc_status, status_code


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


@pytest.fixture
def released_ticket_code(server_kind):
    """What fetching a ticket answers once its table was released while the publisher's session lives."""
    return grpc.StatusCode.FAILED_PRECONDITION if server_kind == "real" else grpc.StatusCode.NOT_FOUND


@pytest.fixture
def ended_session_codes(server_kind):
    """What fetching a ticket answers once the publisher's session closed, before the server collected garbage."""
    if server_kind == "real":
        return {grpc.StatusCode.FAILED_PRECONDITION, grpc.StatusCode.NOT_FOUND}
    return {grpc.StatusCode.NOT_FOUND}


def published(connect):
    """A publishing session, its table (X = 0..9) and the shared ticket it is published to."""
    publisher = connect()
    table = publisher.empty_table(10).update(["X = i"])
    ticket = SharedTicket.random_ticket()
    publisher.publish_table(ticket, table)
    return publisher, table, ticket


def assert_ticket_ended(fetcher, ticket, codes):
    with pytest.raises(DHError) as failure:
        fetcher.fetch_table(ticket)
    assert grpc_status(failure.value) in codes


def test_ticket_ends_when_the_publisher_closes_the_table(connect, released_ticket_code):
    publisher, table, ticket = published(connect)
    fetcher = connect()
    assert fetcher.fetch_table(ticket).to_arrow().num_rows == 10

    table.close()

    assert_ticket_ended(fetcher, ticket, {released_ticket_code})


def test_ticket_ends_when_the_publishers_table_is_garbage_collected(connect, released_ticket_code):
    publisher, table, ticket = published(connect)
    fetcher = connect()
    assert fetcher.fetch_table(ticket).to_arrow().num_rows == 10

    del table
    gc.collect()  # pydeephaven's Table.__del__ releases the export

    assert_ticket_ended(fetcher, ticket, {released_ticket_code})


def test_ticket_ends_when_the_publishing_session_closes(connect, ended_session_codes, collect_server_garbage):
    publisher, table, ticket = published(connect)
    fetcher = connect()
    assert fetcher.fetch_table(ticket).to_arrow().num_rows == 10

    publisher.close()

    assert_ticket_ended(fetcher, ticket, ended_session_codes)
    collect_server_garbage()
    assert_ticket_ended(fetcher, ticket, {grpc.StatusCode.NOT_FOUND})


def test_fetched_table_dies_with_its_publisher_but_a_table_derived_from_it_survives(connect, ended_session_codes):
    """pydeephaven's fetch_table keeps using the shared ('h') ticket itself rather than making its own export, so
    the fetched Table reads the publisher's table; a table derived from it is the fetcher's own export."""
    publisher, table, ticket = published(connect)
    fetcher = connect()
    fetched = fetcher.fetch_table(ticket)
    assert fetched.ticket.bytes == ticket.bytes
    derived = fetched.update(["Y = X * 2"])

    publisher.close()

    with pytest.raises(DHError) as failure:
        fetched.to_arrow()
    assert status_code(failure.value) in ended_session_codes
    rows = derived.to_arrow()
    assert rows.column("X").to_pylist() == list(range(10))
    assert rows.column("Y").to_pylist() == [2 * x for x in range(10)]


def test_closing_a_fetched_table_is_refused_because_it_would_release_the_shared_ticket(connect):
    """Table.close() on a fetched table sends Release on the 'h' ticket; both servers refuse to release a shared
    ticket (FAILED_PRECONDITION), and the publisher's ticket stays valid."""
    publisher, table, ticket = published(connect)
    fetcher = connect()
    fetched = fetcher.fetch_table(ticket)

    with pytest.raises(DHError) as failure:
        fetched.close()

    assert grpc_status(failure.value) == grpc.StatusCode.FAILED_PRECONDITION
    assert connect().fetch_table(ticket).to_arrow().num_rows == 10


def test_publishing_again_to_the_id_of_a_released_table(connect, server_kind):
    """The embedded server frees the id at once; the real server keeps it taken while the publisher's session
    lives, garbage collection or not."""
    publisher, table, ticket = published(connect)
    table.close()
    replacement = publisher.empty_table(3).update(["X = 100 + i"])

    if server_kind == "real":
        with pytest.raises(DHError) as failure:
            publisher.publish_table(ticket, replacement)
        assert grpc_status(failure.value) == grpc.StatusCode.ALREADY_EXISTS
    else:
        publisher.publish_table(ticket, replacement)
        assert connect().fetch_table(ticket).to_arrow().column("X").to_pylist() == [100, 101, 102]


def test_the_id_is_free_again_once_the_publishing_session_closed(connect, collect_server_garbage):
    publisher, table, ticket = published(connect)
    publisher.close()
    collect_server_garbage()

    successor = connect()
    replacement = successor.empty_table(3).update(["X = 100 + i"])  # held: pydeephaven releases unreferenced tables
    successor.publish_table(ticket, replacement)

    assert connect().fetch_table(ticket).to_arrow().column("X").to_pylist() == [100, 101, 102]
