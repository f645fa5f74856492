"""Settings from the environment."""
import os

DB_PASSWORD = os.environ.get("DB_PASSWORD", "")
PASSWORD_FIELD = "password"
TOKEN_URL = "https://auth.example.org/oauth/token"
