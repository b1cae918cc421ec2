"""The differential suite's scenarios through pydeephaven: each runs against one server and answers an outcome
string; the Java side (integration-tests/differential, DifferentialTest) runs this once per server and compares.

    python pydeephaven_scenarios.py HOST PORT AUTH_TYPE AUTH_TOKEN SCENARIO...

Prints one line "@@OUTCOME <json [scenario, outcome]>" per scenario as it finishes (a crash of the process, e.g.
in a native library, then costs only the scenarios after it). An outcome is "schema=<name:deephaven type,...> rows=<rows>" for a
table, "ok" for a step that returns nothing, or "error=<gRPC status>" (or the pyarrow Flight error class) for a
failure. The scenario names and meanings are the same as DifferentialScenarios.java's.
"""
import gc
import json
import re
import sys
import threading
import time

from pydeephaven import DHError, Session
from pydeephaven.ticket import SharedTicket, Ticket

import grpc


def status(error):
    """The status a failure carries: grpc's code name, or the Flight error class pyarrow raises."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, grpc.RpcError) and hasattr(error, "code"):
            return error.code().name
        # pyarrow's Flight client turns a gRPC status into an Arrow error: "gRPC returned not found error, ...",
        # "Flight returned not found error, ..."
        flight = re.search(r"(?:gRPC|Flight) returned (.+?) error", str(error))
        if flight:
            code = flight.group(1).upper().replace(" ", "_")
            return {"PRECONDITION_FAILED": "FAILED_PRECONDITION"}.get(code, code)
        name = type(error).__name__
        if name.startswith("Flight"):
            return name
        error = error.__cause__ or error.__context__
    return "no status"


def value(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def table_outcome(table):
    data = table.to_arrow()
    schema = ",".join(
        "%s:%s" % (f.name, (f.metadata or {}).get(b"deephaven:type", b"?").decode()) for f in data.schema)
    rows = [[value(v) for v in row.values()] for row in data.to_pylist()]
    return "schema=%s rows=%s" % (schema, json.dumps(rows, separators=(",", ":")))


class RawTicket(Ticket):
    """Any bytes as a ticket: pydeephaven's own SharedTicket refuses what does not start with 'h'."""

    def __init__(self, ticket_bytes):
        super().__init__(ticket_bytes)


class Scenarios:
    def __init__(self, host, port, auth_type, auth_token):
        self.settings = dict(host=host, port=port, auth_type=auth_type, auth_token=auth_token)
        self.opened = []

    def connect(self):
        session = Session(**self.settings)
        self.opened.append(session)
        return session

    def close_all(self):
        for session in self.opened:
            if session.is_connected:
                session.close()
        self.opened.clear()

    # table operations
    def empty_table_update(self):
        return table_outcome(self.connect().empty_table(5).update(["X = i", "Y = 2 * i"]))

    def column_types(self):
        return table_outcome(self.connect().empty_table(3).update(
            ["I = i", "L = (long) i * 10000000000L", "D = i * 1.5", "S = `s` + i", "B = i % 2 == 0",
             "N = i == 1 ? null : `n`"]))

    def where_filter(self):
        return table_outcome(self.connect().empty_table(10).update(["X = i"]).where(["X % 3 == 0"]))

    def sort_descending(self):
        return table_outcome(self.connect().empty_table(5).update(["X = i % 3", "Y = i"]).sort_descending(["X", "Y"]))

    def head_tail(self):
        table = self.connect().empty_table(10).update(["X = i"])
        return table_outcome(table.head(3)) + " | " + table_outcome(table.tail(2))

    def view_drop(self):
        table = self.connect().empty_table(3).update(["A = i", "B = A + 1", "C = B * 2"])
        return table_outcome(table.view(["A", "C"])) + " | " + table_outcome(table.drop_columns(["B"]))

    def natural_join(self):
        session = self.connect()
        left = session.empty_table(4).update(["K = i % 2", "L = i"])
        right = session.empty_table(2).update(["K = i", "R = i * 100"])
        return table_outcome(left.natural_join(right, on=["K"], joins=["R"]))

    def count_by(self):
        table = self.connect().empty_table(6).update(["K = i % 3"])
        return self._error_of(lambda: table_outcome(table.count_by("N", by=["K"])))

    def merge_tables(self):
        session = self.connect()
        a = session.empty_table(2).update(["X = i"])
        b = session.empty_table(1).update(["X = 10"])
        return table_outcome(session.merge_tables([a, b]))

    # publish / fetch / release orders
    # A published pydeephaven Table must stay referenced: when Python collects it, pydeephaven releases it and
    # the ticket ends. So every scenario keeps the published table in a local until it is done.
    def publish_then_fetch(self):
        publisher, fetcher = self.connect(), self.connect()
        ticket = SharedTicket.random_ticket()
        table = publisher.empty_table(3).update(["X = i"])
        publisher.publish_table(ticket, table)
        return table_outcome(fetcher.fetch_table(ticket))

    def fetch_unknown_ticket(self):
        return self._error_of(lambda: self.connect().fetch_table(SharedTicket.random_ticket()))

    def duplicate_publish(self):
        publisher = self.connect()
        ticket = SharedTicket.random_ticket()
        first = publisher.empty_table(1)
        publisher.publish_table(ticket, first)
        second = publisher.empty_table(2)
        return self._error_of(lambda: publisher.publish_table(ticket, second))

    def fetch_after_publisher_releases(self):
        publisher, fetcher = self.connect(), self.connect()
        ticket = SharedTicket.random_ticket()
        table = publisher.empty_table(3)
        publisher.publish_table(ticket, table)
        table.close()
        return self._error_of(lambda: fetcher.fetch_table(ticket))

    def fetch_after_publisher_session_closes(self):
        publisher, fetcher = self.connect(), self.connect()
        ticket = SharedTicket.random_ticket()
        table = publisher.empty_table(3)
        publisher.publish_table(ticket, table)
        publisher.close()
        return self._error_of(lambda: fetcher.fetch_table(ticket))

    def republish_after_release(self):
        publisher = self.connect()
        ticket = SharedTicket.random_ticket()
        first = publisher.empty_table(1)
        publisher.publish_table(ticket, first)
        first.close()
        second = publisher.empty_table(2)
        return self._error_of(lambda: publisher.publish_table(ticket, second))

    def fetched_table_after_publisher_closes(self):
        """pydeephaven's fetch_table keeps using the 'h' ticket (no copy of its own)."""
        publisher, fetcher = self.connect(), self.connect()
        ticket = SharedTicket.random_ticket()
        table = publisher.empty_table(2).update(["X = i"])
        publisher.publish_table(ticket, table)
        fetched = fetcher.fetch_table(ticket)
        publisher.close()
        return self._error_of(lambda: table_outcome(fetched))

    def derived_from_fetched_survives_publisher(self):
        publisher, fetcher = self.connect(), self.connect()
        ticket = SharedTicket.random_ticket()
        table = publisher.empty_table(2).update(["X = i"])
        publisher.publish_table(ticket, table)
        derived = fetcher.fetch_table(ticket).update(["Y = X + 1"])
        publisher.close()
        return table_outcome(derived)

    def generic_publish_fetch(self):
        publisher, fetcher = self.connect(), self.connect()
        ticket = SharedTicket.random_ticket()
        table = publisher.empty_table(2).update(["X = i * 7"])
        publisher.publish(table.ticket, ticket)
        export = fetcher.fetch(ticket)
        return "ok " + ("e" if export.bytes.startswith(b"e") else "other")

    # bad input
    def malformed_ticket(self):
        return self._error_of(lambda: self.connect().fetch_table(RawTicket(b"x\x01\x02")))

    def empty_shared_id(self):
        return self._error_of(lambda: self.connect().fetch_table(RawTicket(b"h")))

    def bad_formula(self):
        return self._error_of(lambda: self.connect().empty_table(3).update(["X = nosuchfunction(i)"]))

    def java_method_in_formula(self):
        table = self.connect().empty_table(2)
        return self._error_of(lambda: table_outcome(table.update(["X = Math.abs(-i)"])))

    def unknown_column(self):
        return self._error_of(lambda: self.connect().empty_table(3).update(["X = i"]).where(["Nope > 1"]))

    def released_table_used(self):
        return self._error_of(self._use_released)

    def _use_released(self):
        session = self.connect()
        table = session.empty_table(3)
        ticket = table.ticket
        table.close()
        table.ticket = ticket  # pydeephaven forgets the ticket on close; send it anyway, as a stale holder would
        return table_outcome(table)

    def closed_session_used(self):
        """The server's answer to a closed session's token. (pydeephaven itself crashes the process with a
        segmentation fault when a closed Session makes a call, so the stale token goes on a channel of its own.)"""
        from deephaven_core.proto import config_pb2, config_pb2_grpc
        session = self.connect()
        metadata = list(session.grpc_metadata)
        session.close()
        with grpc.insecure_channel("%s:%d" % (self.settings["host"], self.settings["port"])) as channel:
            stub = config_pb2_grpc.ConfigServiceStub(channel)
            return self._error_of(lambda: stub.GetConfigurationConstants(
                config_pb2.ConfigurationConstantsRequest(), metadata=metadata, timeout=30))

    def wrong_credentials(self):
        return self._error_of(lambda: Session(host=self.settings["host"], port=self.settings["port"],
                                              auth_type="io.deephaven.authentication.psk.PskAuthenticationHandler",
                                              auth_token="wrong-key"))

    # live
    def ticking_subscription(self):
        from pydeephaven_ticking.table_listener import listen
        session = self.connect()
        table = session.time_table(100_000_000).update(["X = ii"])
        updates = []
        arrived = threading.Event()

        def on_update(update):
            updates.append(len(update.added().get("X", [])))
            if len(updates) >= 3:
                arrived.set()

        handle = listen(table, on_update)
        handle.start()
        try:
            arrived.wait(30)
        finally:
            handle.stop()
        schema = ",".join("%s:%s" % (f.name, (f.metadata or {}).get(b"deephaven:type", b"?").decode())
                          for f in table.schema)
        return "schema=%s updates>=3:%s" % (schema, "true" if len(updates) >= 3 else "false")

    @staticmethod
    def _error_of(action):
        try:
            result = action()
            return result if isinstance(result, str) else "ok"
        except Exception as e:  # DHError, or pyarrow's Flight errors
            code = status(e)
            if code != "no status":
                return "error=" + code
            innermost = e
            while innermost.__cause__ or innermost.__context__:
                innermost = innermost.__cause__ or innermost.__context__
            return "error=no status (%s: %s)" % (type(innermost).__name__, str(innermost)[:100])


def main():
    host, port, auth_type, auth_token = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    scenarios = Scenarios(host, port, auth_type, auth_token)
    for name in sys.argv[5:]:
        method = getattr(scenarios, name, None)
        try:
            outcome = method() if method else "not implemented in pydeephaven_scenarios.py"
        except Exception as e:
            outcome = "unexpected %s: %s (status %s)" % (type(e).__name__, e, status(e))
        finally:
            scenarios.close_all()
            gc.collect()
        print("@@OUTCOME " + json.dumps([name, outcome]), flush=True)


if __name__ == "__main__":
    main()
