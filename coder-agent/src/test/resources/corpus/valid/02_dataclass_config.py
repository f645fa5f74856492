"""Application settings loaded from environment variables."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class Settings:
    database_url: str
    debug: bool = False
    allowed_hosts: tuple[str, ...] = ()
    extra: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        try:
            url = env["DATABASE_URL"]
        except KeyError:
            raise RuntimeError("DATABASE_URL must be set") from None
        hosts = tuple(h.strip() for h in env.get("ALLOWED_HOSTS", "").split(",") if h.strip())
        return cls(
            database_url=url,
            debug=env.get("DEBUG", "false").lower() in {"1", "true", "yes"},
            allowed_hosts=hosts,
        )
