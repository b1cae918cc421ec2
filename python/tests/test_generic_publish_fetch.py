"""Session.publish / Session.fetch: pydeephaven's generic forms (any server object, by ticket). Unlike fetch_table,
fetch makes the fetcher its own export ('e' ticket), a copy that outlives the publisher's table on both servers."""
import grpc
import pytest
from pydeephaven import DHError, Table
from pydeephaven.ticket import ExportTicket, SharedTicket

from support import grpc_status


def test_generic_publish_and_fetch_hand_over_a_table(connect):
    publisher = connect()
    table = publisher.empty_table(5).update(["X = i * 10"])
    ticket = SharedTicket.random_ticket()
    publisher.publish(table.ticket, ticket)

    fetcher = connect()
    export = fetcher.fetch(ticket)

    assert isinstance(export, ExportTicket)
    assert export.bytes[:1] == b"e"
    # Table(session, ticket) is how pydeephaven itself wraps a ticket it holds
    assert Table(fetcher, ticket=export).to_arrow().column("X").to_pylist() == [0, 10, 20, 30, 40]


def test_a_generically_fetched_copy_outlives_the_publishers_table(connect):
    publisher = connect()
    table = publisher.empty_table(5).update(["X = i"])
    ticket = SharedTicket.random_ticket()
    publisher.publish(table.ticket, ticket)
    fetcher = connect()
    export = fetcher.fetch(ticket)

    publisher.close()

    assert Table(fetcher, ticket=export).to_arrow().column("X").to_pylist() == [0, 1, 2, 3, 4]
    fetcher.release(export)


def test_a_fetched_copy_can_be_published_on(connect):
    """The fetcher's copy is a session export like any other, so it can be published to a second ticket."""
    publisher = connect()
    table = publisher.empty_table(3).update(["X = i + 1"])
    first, second = SharedTicket.random_ticket(), SharedTicket.random_ticket()
    publisher.publish_table(first, table)
    relay = connect()
    copy = relay.fetch(first)

    relay.publish(copy, second)
    publisher.close()

    assert connect().fetch_table(second).to_arrow().column("X").to_pylist() == [1, 2, 3]


def test_generic_fetch_of_an_unknown_ticket_is_not_found(connect):
    with pytest.raises(DHError) as failure:
        connect().fetch(SharedTicket.random_ticket())
    assert grpc_status(failure.value) == grpc.StatusCode.NOT_FOUND
