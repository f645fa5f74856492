from typing import Any

SCHEMA = {"name": str, "age": int, "tags": list}


class SchemaError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def validate(document: dict[str, Any], schema: dict[str, type] = SCHEMA) -> dict[str, Any]:
    errors = [
        f"{key}: expected {kind.__name__}, got {type(document.get(key)).__name__}"
        for key, kind in schema.items()
        if not isinstance(document.get(key), kind)
    ]
    unknown = sorted(set(document) - set(schema))
    errors.extend(f"{key}: unknown field" for key in unknown)
    if errors:
        raise SchemaError(errors)
    return document
