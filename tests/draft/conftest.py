"""Fixtures of the drafter's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from directive_flow.draft.owners import Owners
from directive_flow.draft.resolve import Resolver
from directive_flow.loader import load_registry
from directive_flow.model import Registry

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def kontum() -> Registry:
    """The Kon Tum 2014 registry (the fixture copy: stable whatever definitions/ becomes)."""
    return load_registry(ROOT / "tests/fixtures/notices/registry.yaml").registry


@pytest.fixture(scope="session")
def small() -> Registry:
    """The small test registry of tests/fixtures/valid."""
    return load_registry(ROOT / "tests/fixtures/valid/agencies.yaml").registry


@pytest.fixture(scope="session")
def owners(kontum: Registry) -> Owners:
    """Owner reading against the Kon Tum registry."""
    return Owners(Resolver(kontum))
