"""Fetches a shared ticket with pydeephaven, as another team's Python service would after the REST hand-off.

    fetch-shared-table.py HOST PORT AUTH_TYPE AUTH_TOKEN TICKET_HEX COLUMN

TICKET_HEX is the "hex" form the ticket endpoint returns (whole ticket bytes, 'h' first). Prints
"@@ROWS <count> SUM <sum of COLUMN>"; a failure exits 1 with pydeephaven's error.
"""
import sys

from pydeephaven import Session
from pydeephaven.ticket import SharedTicket


def main():
    host, port, auth_type, auth_token, ticket_hex, column = sys.argv[1:7]
    session = Session(host=host, port=int(port), auth_type=auth_type, auth_token=auth_token)
    try:
        table = session.fetch_table(SharedTicket(bytes.fromhex(ticket_hex))).to_arrow()
        print("@@ROWS %d SUM %r" % (table.num_rows, sum(table.column(column).to_pylist())), flush=True)
    finally:
        session.close()


if __name__ == "__main__":
    main()
