"""Runs the real Deephaven server (the deephaven-server wheel: the Java server in this process through jpy) for the
tests, until stdin closes or the process is killed.

    real-deephaven-server.py --port P --work-dir DIR [--psk KEY] [--heap 1g] [--update-cycle-ms 100]

Prints "@@READY <port>" once the server listens (the launcher's own lines start with "@@"; the rest of stdout is
the server's log). Commands on stdin, one a line, each answered on stdout:
    gc      runs System.gc() in the server's JVM; answers "@@GC <heap bytes used>". The real server keeps shared
            tickets in a weak-values map, so a released one answers FAILED_PRECONDITION until a GC clears it.
    rss     answers "@@RSS <resident bytes of this process>" (the JVM lives in this process)
End of input stops the server (the process exits at once: deephaven_server.Server cannot be stopped otherwise).
JAVA_HOME must name a JDK 17 or newer.
"""
import argparse
import os
import sys

from deephaven_server import Server

ANONYMOUS = "io.deephaven.auth.AnonymousAuthenticationHandler"
PSK = "io.deephaven.authentication.psk.PskAuthenticationHandler"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--work-dir", required=True)
    parser.add_argument("--psk")
    parser.add_argument("--heap", default="1g")
    # the real server's defaults are a 1000 ms update cycle and Barrage subscription messages at most once a
    # second (barrage.minUpdateInterval); the tests run both servers at 100 ms
    parser.add_argument("--update-cycle-ms", type=int, default=100)
    args = parser.parse_args()

    work = os.path.abspath(args.work_dir)
    jvm_args = [
        "-Xmx" + args.heap,
        "-DPeriodicUpdateGraph.targetCycleDurationMillis=%d" % args.update_cycle_ms,
        "-Dbarrage.minUpdateInterval=%d" % args.update_cycle_ms,
        # keep the server's cache, configuration and data out of the user's home and apart per instance
        "-Ddeephaven.cacheDir=" + os.path.join(work, "cache"),
        "-Ddeephaven.configDir=" + os.path.join(work, "config"),
        "-Ddeephaven.dataDir=" + os.path.join(work, "data"),
    ]
    if args.psk:
        jvm_args += ["-DAuthHandlers=" + PSK, "-Dauthentication.psk=" + args.psk]
    else:
        jvm_args += ["-DAuthHandlers=" + ANONYMOUS]

    Server(host="127.0.0.1", port=args.port, jvm_args=jvm_args).start()
    print("@@READY", args.port, flush=True)

    import jpy
    system = jpy.get_type("java.lang.System")
    runtime = jpy.get_type("java.lang.Runtime").getRuntime()
    for line in sys.stdin:
        command = line.strip()
        if command == "gc":
            system.gc()
            print("@@GC", runtime.totalMemory() - runtime.freeMemory(), flush=True)
        elif command == "rss":
            print("@@RSS", resident_bytes(), flush=True)
        elif command:
            print("@@UNKNOWN", command, flush=True)
    os._exit(0)


def resident_bytes():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return -1


if __name__ == "__main__":
    main()
