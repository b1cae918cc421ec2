"""pydeephaven-ticking: a listener on a published live table (a time table with a formula) sees its rows arrive,
through a Barrage subscription (Flight DoExchange) on the shared ticket fetch_table returned."""
import threading

import grpc
from pydeephaven.ticket import SharedTicket
from pydeephaven_ticking.table_listener import listen

from support import status_code

ROWS_TO_SEE = 5


class Ticks:
    """What a listener saw: the Tick values of every added row, the updates that carried them, and any error."""

    def __init__(self):
        self.values = []
        self.updates_with_rows = 0
        self.errors = []
        self._enough = threading.Event()

    def on_update(self, update):
        added = update.added("Tick")  # one name as str: pydeephaven-ticking 0.40.7 mistakes a list for one name
        if added:
            self.values.extend(added["Tick"].to_pylist())
            self.updates_with_rows += 1
        # more than the first snapshot: a real server sends at most one update a second, its snapshot may hold many
        if len(self.values) >= ROWS_TO_SEE and self.updates_with_rows >= 2:
            self._enough.set()

    def on_error(self, error):
        self.errors.append(error)
        self._enough.set()

    def wait(self, timeout):
        return self._enough.wait(timeout)


def test_listener_sees_rows_of_a_published_time_table_arrive(connect):
    publisher = connect()
    live = publisher.time_table(50_000_000).update(["Tick = ii"])  # a row every 50 ms
    ticket = SharedTicket.random_ticket()
    publisher.publish_table(ticket, live)
    fetched = connect().fetch_table(ticket)
    assert fetched.is_refreshing

    ticks = Ticks()
    handle = listen(fetched, ticks.on_update, ticks.on_error)
    handle.start()
    try:
        assert ticks.wait(timeout=60), f"saw only {ticks.values} in 60 s"
    finally:
        handle.stop()

    assert ticks.errors == []
    # every row once, in order
    assert ticks.values == list(range(len(ticks.values)))


def test_what_a_listener_sees_after_the_publisher_closes_the_live_table(connect, server_kind):
    """Listening on the 'h' ticket reads the publisher's table. When the publisher closes it, the embedded server
    ends the subscription with NOT_FOUND; the real server's subscription holds the table itself and goes on
    ticking (README: differs from the real server)."""
    publisher = connect()
    live = publisher.time_table(50_000_000).update(["Tick = ii"])
    ticket = SharedTicket.random_ticket()
    publisher.publish_table(ticket, live)
    fetched = connect().fetch_table(ticket)

    updates = threading.Semaphore(0)
    errors = []
    ended = threading.Event()

    def on_update(update):
        if update.added("Tick"):
            updates.release()

    def on_error(error):
        errors.append(error)
        ended.set()

    handle = listen(fetched, on_update, on_error)
    handle.start()
    try:
        assert updates.acquire(timeout=60), "no update arrived"
        live.close()
        if server_kind == "real":
            while updates.acquire(blocking=False):  # forget the updates that came before the close
                pass
            for _ in range(2):  # two more: at most one was already on its way, so one came after the close
                assert updates.acquire(timeout=60), f"the subscription stopped ticking: {errors}"
            assert errors == []
        else:
            assert ended.wait(60), "the subscription did not end after the publisher closed its table"
            assert len(errors) == 1
            assert status_code(errors[0]) == grpc.StatusCode.NOT_FOUND, errors[0]
    finally:
        handle.stop()
