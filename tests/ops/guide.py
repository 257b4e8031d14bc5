"""docs/operations.md and deploy/systemd/ read as a test follows them: blocks, files, units.

The "Several machines" section marks each fenced block with ``<!-- ops-test: run -->`` (the
test runs it), ``<!-- ops-test: env-file -->`` (the environment file, written as it stands)
or ``<!-- ops-test: skip: REASON -->``. Hosts and paths are replaced by local ones through
:class:`Substitutions`, each of which must occur in the guide or the units: a guide that
changes its example names fails the test instead of silently running something else.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parents[2]
GUIDE = ROOT / "docs" / "operations.md"
UNITS = ROOT / "deploy" / "systemd"
SECTION = "## Several machines"
_BLOCK = re.compile(
    r"<!-- ops-test: (?P<mark>[^>]*?) -->\s*\n\s*```(?P<lang>\w+)\n(?P<body>.*?)\n\s*```", re.S
)
_FENCE = re.compile(r"^\s*```\w+\s*$", re.M)


@dataclass(frozen=True)
class Block:
    """One fenced block of the section and what the test does with it."""

    mark: str  # "run", "env-file" or "skip: why"
    lang: str
    text: str


def section() -> str:
    """The "Several machines" section of the guide, up to the next section."""
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.index("\n## ", start + len(SECTION))
    return text[start:end]


def blocks() -> list[Block]:
    """Every fenced block of the section, in order, each with its mark (all must have one)."""
    text = section()
    found = [
        Block(m["mark"], m["lang"], _dedent(m["body"], m.group(0))) for m in _BLOCK.finditer(text)
    ]
    assert len(found) == len(_FENCE.findall(text)), "a block without <!-- ops-test: ... -->"
    return found


def _dedent(body: str, whole: str) -> str:
    """A block inside a numbered list is indented like its fence: remove that indent."""
    fence = next(line for line in whole.splitlines() if line.lstrip().startswith("```"))
    indent = len(fence) - len(fence.lstrip())
    return "\n".join(line[indent:] for line in body.splitlines())


@dataclass
class Substitutions:
    """Literal replacements, in order; each must be found where it is applied."""

    pairs: list[tuple[str, str]] = field(default_factory=list)

    def add(self, old: str, new: str) -> None:
        self.pairs.append((old, new))

    def apply(self, text: str) -> str:
        """``text`` with every replacement made in one pass (a replacement is not replaced
        again; where two could start at one place, the one added first wins)."""
        if not self.pairs:
            return text
        olds = dict(self.pairs)
        pattern = "|".join(re.escape(old) for old, _ in self.pairs)
        return re.sub(pattern, lambda m: olds[m.group(0)], text)

    def unused(self, texts: list[str]) -> list[str]:
        """The replacements that occur in none of ``texts``."""
        return [old for old, _ in self.pairs if not any(old in t for t in texts)]


def environment_file(text: str) -> dict[str, str]:
    """``NAME=value`` lines as systemd's ``EnvironmentFile=`` reads them (quotes removed)."""
    values = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name.strip()] = value
    return values


@dataclass(frozen=True)
class Unit:
    """What a systemd unit would start: the command, its environment and folder."""

    path: Path
    service: dict[str, list[str]]

    def one(self, key: str) -> str:
        [value] = self.service[key]
        return value

    def argv(self, subs: Substitutions, instance: str = "") -> list[str]:
        return shlex.split(self._expand(self.one("ExecStart"), subs, instance))

    def environment(self, subs: Substitutions, instance: str = "") -> dict[str, str]:
        """``Environment=`` then ``EnvironmentFile=`` (systemd: the file's values win)."""
        env: dict[str, str] = {}
        for item in self.service.get("Environment", []):
            name, _, value = self._expand(item, subs, instance).partition("=")
            env[name] = value
        for item in self.service.get("EnvironmentFile", []):
            text = Path(self._expand(item, subs, instance)).read_text(encoding="utf-8")
            env |= environment_file(text)
        return env

    def folder(self, subs: Substitutions, instance: str = "") -> Path | None:
        found = self.service.get("WorkingDirectory")
        return Path(self._expand(found[0], subs, instance)) if found else None

    @staticmethod
    def _expand(value: str, subs: Substitutions, instance: str) -> str:
        return subs.apply(value).replace("%i", instance).replace("%H", "test-host")


def unit(name: str) -> Unit:
    """A unit file of deploy/systemd/, its ``[Service]`` keys (repeatable) parsed."""
    path = UNITS / name
    service: dict[str, list[str]] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = line.strip("[]")
            continue
        if current == "Service":
            key, _, value = line.partition("=")
            service.setdefault(key.strip(), []).append(value.strip())
    return Unit(path, service)
