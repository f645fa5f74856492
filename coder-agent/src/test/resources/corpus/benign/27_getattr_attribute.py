"""Looks up settings by name."""
import os


def setting(name: str) -> str:
    env = getattr(os, "environ")
    return env.get(name, "")
