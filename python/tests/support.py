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


def eventually(check, timeout=30.0, interval=0.1):
    """Calls check() until it returns a truthy value or the timeout ends; answers the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)
