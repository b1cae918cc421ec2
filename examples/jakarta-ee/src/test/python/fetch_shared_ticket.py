"""Fetches a shared ticket with pydeephaven and prints its row count, as a Python user of the WAR would.

Usage: python fetch_shared_ticket.py HOST PORT AUTH_TYPE AUTH_TOKEN TICKET_HEX
"""
import sys

from pydeephaven import Session
from pydeephaven.ticket import SharedTicket

host, port, auth_type, auth_token, ticket_hex = sys.argv[1:6]
session = Session(host=host, port=int(port), auth_type=auth_type, auth_token=auth_token)
try:
    table = session.fetch_table(SharedTicket(bytes.fromhex(ticket_hex)))
    print(f"rows={table.to_arrow().num_rows}")
finally:
    session.close()
