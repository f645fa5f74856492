# expected-rule: security.hardcoded-password
"""Connects to the database."""
import psycopg2


def connect() -> object:
    return psycopg2.connect(host="db", user="app", password="pa55w0rd!")
