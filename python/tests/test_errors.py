"""Bad calls answer DHError carrying the gRPC status the real Deephaven server uses, on both servers."""
import grpc
import pytest
from pydeephaven import DHError
from pydeephaven.ticket import SharedTicket

from support import close_on_server, discard, grpc_status, status_code


def test_fetching_a_ticket_nobody_published_is_not_found(connect):
    with pytest.raises(DHError) as failure:
        connect().fetch_table(SharedTicket.random_ticket())
    assert grpc_status(failure.value) == grpc.StatusCode.NOT_FOUND


def test_publishing_twice_to_one_ticket_is_already_exists_and_keeps_the_first(connect):
    publisher = connect()
    first = publisher.empty_table(2).update(["X = i"])
    second = publisher.empty_table(7).update(["X = i"])
    ticket = SharedTicket.random_ticket()
    publisher.publish_table(ticket, first)

    with pytest.raises(DHError) as failure:
        publisher.publish_table(ticket, second)

    assert grpc_status(failure.value) == grpc.StatusCode.ALREADY_EXISTS
    assert connect().fetch_table(ticket).to_arrow().num_rows == 2


def test_another_session_cannot_take_a_published_ticket(connect):
    ticket = SharedTicket.random_ticket()
    owner = connect()
    owners_table = owner.empty_table(2)
    owner.publish_table(ticket, owners_table)
    intruder = connect()
    intruders_table = intruder.empty_table(9)

    with pytest.raises(DHError) as failure:
        intruder.publish_table(ticket, intruders_table)

    assert grpc_status(failure.value) == grpc.StatusCode.ALREADY_EXISTS
    assert connect().fetch_table(ticket).to_arrow().num_rows == 2


def test_a_closed_session_refuses_calls_without_reaching_the_server(connect):
    """pydeephaven's own close() closes the channel: later calls fail in the client, with no gRPC status."""
    session = connect()
    table = session.empty_table(3)
    session.close()

    for call in (lambda: session.empty_table(1), lambda: table.update(["X = i"]), table.to_arrow,
                 lambda: session.publish_table(SharedTicket.random_ticket(), table)):
        with pytest.raises(DHError) as failure:
            call()
        assert status_code(failure.value) is None


def test_a_session_closed_on_the_server_is_unauthenticated(connect):
    session = connect()
    table = session.empty_table(3)
    close_on_server(session)
    try:
        for call in (lambda: session.empty_table(1), lambda: table.update(["X = i"]), table.to_arrow,
                     lambda: session.fetch_table(SharedTicket.random_ticket())):
            with pytest.raises(DHError) as failure:
                call()
            assert status_code(failure.value) == grpc.StatusCode.UNAUTHENTICATED, call
    finally:
        discard(session)


def test_a_formula_that_does_not_compile_is_invalid_argument(connect):
    with pytest.raises(DHError) as failure:
        connect().empty_table(3).update(["X = not_a_function(i)"])
    assert grpc_status(failure.value) == grpc.StatusCode.INVALID_ARGUMENT


def test_connecting_with_a_wrong_pre_shared_key_is_unauthenticated(connect):
    with pytest.raises(DHError) as failure:
        connect(auth_type="io.deephaven.authentication.psk.PskAuthenticationHandler", auth_token="not-the-key")
    assert status_code(failure.value) == grpc.StatusCode.UNAUTHENTICATED
