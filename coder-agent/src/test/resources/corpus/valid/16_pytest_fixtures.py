import json

import pytest


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "config.json"
    path.write_text(json.dumps({"name": "demo", "retries": 3}))
    return path


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", 1),
        (" 42 ", 42),
        pytest.param("x", None, marks=pytest.mark.xfail(raises=ValueError, strict=True)),
    ],
)
def test_int_parsing(raw, expected):
    assert int(raw.strip()) == expected


def test_config_roundtrip(config_file):
    data = json.loads(config_file.read_text())
    assert data["retries"] == 3
