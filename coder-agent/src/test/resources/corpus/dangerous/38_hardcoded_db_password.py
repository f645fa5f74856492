# expected-rule: security.hardcoded-password
"""Database settings."""
DB_HOST = "db.internal"
DB_USER = "orders"
DB_PASSWORD = "Tr0ub4dor&3"
