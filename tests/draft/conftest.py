"""Fixtures of the drafter's tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from directive_flow.definition.loader import load_registry
from directive_flow.definition.model import AgencyRegistry
from directive_flow.draft.owners import Owners
from directive_flow.draft.resolve import Resolver

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def kontum() -> AgencyRegistry:
    """The Kon Tum 2014 registry (the fixture copy: stable whatever definitions/ becomes)."""
    return load_registry(ROOT / "tests/fixtures/notices/registry.yaml").registry


@pytest.fixture(scope="session")
def small() -> AgencyRegistry:
    """The small test registry of tests/fixtures/valid."""
    return load_registry(ROOT / "tests/fixtures/valid/agencies.yaml").registry


@pytest.fixture(scope="session")
def owners(kontum: AgencyRegistry) -> Owners:
    """Owner reading against the Kon Tum registry."""
    return Owners(Resolver(kontum))
