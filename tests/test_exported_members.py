"""The public surface is deliberate: each package's face says what it offers, and means it.

As httpx does: every name in ``__all__`` exists, and every public name the face defines
or imports is in ``__all__``. Packages whose face is their modules (``steps``) list
modules, each importable. The exception tree drawn in the root docstring names every
exception class of the library.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import types

import pytest

import directive_flow

PACKAGES = [
    "directive_flow",
    *sorted(
        name
        for _, name, is_package in pkgutil.walk_packages(directive_flow.__path__, "directive_flow.")
        if is_package and ".migrations" not in name
    ),
]


def _modules() -> list[str]:
    """Every module of the library but the migrations and ``__main__`` (it would run)."""
    return [
        info.name
        for info in pkgutil.walk_packages(directive_flow.__path__, "directive_flow.")
        if ".migrations" not in info.name and not info.name.endswith("__main__")
    ]


@pytest.mark.parametrize("name", PACKAGES)
def test_every_package_face_lists_what_it_offers(name: str) -> None:
    package = importlib.import_module(name)
    assert isinstance(getattr(package, "__all__", None), list), f"{name} has no __all__"
    for member in package.__all__:
        if not hasattr(package, member):
            importlib.import_module(f"{name}.{member}")  # a face that lists its modules
    public = {
        member
        for member, value in vars(package).items()
        if not member.startswith("_")
        and not isinstance(value, types.ModuleType)
        and member != "annotations"
    }
    assert public <= set(package.__all__), (
        f"{name}: public but not in __all__: {public - set(package.__all__)}"
    )


def _library_exceptions() -> set[type[BaseException]]:
    found: set[type[BaseException]] = set()
    for name in _modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__.startswith("directive_flow"):
                found.add(value)
    return found


def test_the_exception_tree_names_every_exception() -> None:
    tree = directive_flow.__doc__ or ""
    missing = sorted(
        c.__name__
        for c in _library_exceptions()
        if not c.__name__.startswith("_") and c.__name__ not in tree
    )
    assert missing == []


def test_user_errors_share_one_root() -> None:
    internal = {"DeadlineError", "CycleFound"}
    for cls in _library_exceptions():
        if cls.__name__.startswith("_") or cls.__name__ in internal:
            continue
        assert issubclass(cls, directive_flow.DirectiveFlowError), cls


def test_the_steps_face_lists_every_step() -> None:
    import directive_flow.steps as steps

    modules = {info.name for info in pkgutil.iter_modules(steps.__path__)}
    assert set(steps.__all__) == modules
