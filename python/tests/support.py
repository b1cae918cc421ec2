"""Helpers the pydeephaven tests share."""
import time

import grpc


def grpc_status(error):
    """The gRPC status code a DHError carries: pydeephaven wraps the grpc.RpcError as its __cause__ (or context)."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, grpc.RpcError) and hasattr(error, "code"):
            return error.code()
        # pyarrow.flight errors carry the status in their class
        name = type(error).__name__
        if name.startswith("Flight"):
            return name
        error = error.__cause__ or error.__context__
    return None


# What Arrow Flight's client writes for a gRPC status: "Flight returned <words> error, with message: ..." for the
# codes Flight has a status of its own for, "gRPC returned <words> error, ..." for the others (libarrow_flight).
_ARROW_PREFIXES = ("Flight returned ", "gRPC returned ")
_ARROW_WORDS = {
    "not found": grpc.StatusCode.NOT_FOUND,
    "already exists": grpc.StatusCode.ALREADY_EXISTS,
    "invalid argument": grpc.StatusCode.INVALID_ARGUMENT,
    "precondition failed": grpc.StatusCode.FAILED_PRECONDITION,
    "resource exhausted": grpc.StatusCode.RESOURCE_EXHAUSTED,
    "out-of-range": grpc.StatusCode.OUT_OF_RANGE,
    "aborted": grpc.StatusCode.ABORTED,
    "data loss": grpc.StatusCode.DATA_LOSS,
    "unauthenticated": grpc.StatusCode.UNAUTHENTICATED,
    "unauthorized": grpc.StatusCode.PERMISSION_DENIED,
    "unimplemented": grpc.StatusCode.UNIMPLEMENTED,
    "unavailable": grpc.StatusCode.UNAVAILABLE,
    "timeout": grpc.StatusCode.DEADLINE_EXCEEDED,
    "internal": grpc.StatusCode.INTERNAL,
}


def status_code(error):
    """The grpc.StatusCode behind a DHError (or a listener's error), whichever way the call went: unary RPCs carry
    it on the grpc.RpcError in the cause chain; Arrow Flight calls (to_arrow's DoGet, pydeephaven-ticking's
    DoExchange) only in Arrow's message, read with _ARROW_WORDS (an unknown wording comes back as the words).
    None when no RPC failed, e.g. when pydeephaven refused the call itself."""
    seen = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, grpc.RpcError) and hasattr(error, "code"):
            return error.code()
        message = str(error)
        for prefix in _ARROW_PREFIXES:
            if message.startswith(prefix):
                words = message[len(prefix):].split(" error", 1)[0]
                return _ARROW_WORDS.get(words, words)
        error = error.__cause__ or error.__context__
    return None


def close_on_server(session):
    """Ends the session on the server only: sends the CloseSession that pydeephaven's Session.close() sends, but
    keeps the client's channel open, so the session's next call reaches the server with its now invalid token.
    Undo on the client side with discard()."""
    session.session_service.close()


def discard(session):
    """Frees the client side of a session the server no longer knows (after close_on_server) without sending
    CloseSession again, so neither the test fixture nor Session.__del__ calls the server with a dead token."""
    session.is_connected = False
    session.grpc_channel.close()
    session._flight_client.close()


def eventually(check, timeout=30.0, interval=0.1):
    """Calls check() until it returns a truthy value or the timeout ends; answers the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
