"""The OpenAPI description (web/openapi.yaml) matches the app: same paths, same methods."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from flask import Flask

import spacegraph.web

SPEC_PATH = Path(spacegraph.web.__file__).parent / "openapi.yaml"
#: Methods Flask answers on its own for every GET route (HEAD) and every route (OPTIONS).
IMPLICIT = {"HEAD", "OPTIONS"}
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@pytest.fixture(scope="module")
def spec() -> dict:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def flask_to_openapi(rule: str) -> str:
    """``/id/<path:rest>`` → ``/id/{rest}``."""
    return re.sub(r"<(?:[a-z]+:)?([A-Za-z_]\w*)>", r"{\1}", rule)


def routes(app: Flask) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for rule in app.url_map.iter_rules():
        found.setdefault(flask_to_openapi(rule.rule), set()).update(
            method.upper() for method in rule.methods or () if method not in IMPLICIT
        )
    return found


def described(spec: dict) -> dict[str, set[str]]:
    return {
        path: {method.upper() for method in item if method in HTTP_METHODS}
        for path, item in spec["paths"].items()
    }


def test_flask_rules_become_openapi_paths() -> None:
    assert flask_to_openapi("/id/<path:rest>") == "/id/{rest}"
    assert flask_to_openapi("/queries/<slug>") == "/queries/{slug}"


def test_every_route_is_described_with_its_methods(app: Flask, spec: dict) -> None:
    served, documented = routes(app), described(spec)
    missing = {path: methods for path, methods in served.items() if path not in documented}
    assert not missing, f"routes missing from openapi.yaml: {missing}"
    for path, methods in served.items():
        assert documented[path] == methods, path


def test_every_described_path_is_a_route(app: Flask, spec: dict) -> None:
    extra = set(described(spec)) - set(routes(app))
    assert not extra, f"openapi.yaml describes paths the app does not have: {extra}"


def test_path_parameters_match_the_rules(spec: dict) -> None:
    for path, item in spec["paths"].items():
        names = set(re.findall(r"{(\w+)}", path))
        for method, operation in item.items():
            if method not in HTTP_METHODS:
                continue
            declared = {p["name"] for p in operation.get("parameters", []) if p.get("in") == "path"}
            assert declared == names, f"{method.upper()} {path}"


def test_every_operation_describes_errors_in_the_one_shape(spec: dict) -> None:
    error = spec["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"error", "message", "status"}
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                ref = operation["responses"]["default"]["$ref"]
                assert ref == "#/components/responses/Error", f"{method.upper()} {path}"


def test_the_spec_is_valid_openapi_3_1(spec: dict) -> None:
    validator = pytest.importorskip("openapi_spec_validator")
    assert spec["openapi"].startswith("3.1")
    validator.validate(spec)
