"""Synthetic definitions at scale: a registry and directives of N assignments each."""

from __future__ import annotations

import random
from pathlib import Path

AGENCIES = 60
REGISTRY = "registry.yaml"


def registry_text() -> str:
    """A registry of 60 agencies and two groups."""
    lines = ["kind: agency-registry", "id: bench", "name: Tỉnh Đo Hiệu Năng", "agencies:"]
    for i in range(AGENCIES):
        lines += [
            f"  - code: co-quan-{i}",
            f"    name: Sở Thử Nghiệm Số {i}",
            f"    short_names: [Sở TN{i}]",
            "    kind: department",
            f"    contacts: [{{name: Cán bộ {i}, email: cb{i}@example.vn}}]",
        ]
    lines += ["groups:", "  - code: nhom-a", "    name: Nhóm A", "    members:"]
    lines += [f"      - co-quan-{i}" for i in range(10)]
    lines += [
        "  - code: nhom-b",
        "    name: Nhóm B",
        "    members: [nhom-a, co-quan-10, co-quan-11]",
    ]
    return "\n".join(lines) + "\n"


def directive_text(index: int, assignments: int, rng: random.Random) -> str:
    """A directive with a mix of deadline forms, group leads and dependency chains."""
    lines = [
        "kind: directive",
        f"id: bench-{index}",
        f"registry: {REGISTRY}",
        "header:",
        f"  number: {index}/TB-VP",
        "  type: thong-bao",
        "  issuer: co-quan-0",
        "  issued: 2024-01-15",
        f"  title: Thông báo kết luận số {index} về việc thực hiện nhiệm vụ",
        "assignments:",
    ]
    for a in range(assignments):
        lines += _assignment(a, rng)
    return "\n".join(lines) + "\n"


def _assignment(a: int, rng: random.Random) -> list[str]:
    lead = rng.choice(["nhom-a", "nhom-b", *(f"co-quan-{i}" for i in range(AGENCIES))])
    lines = [
        f"  - id: a{a}",
        f'    section: "{a // 5 + 1}"',
        f"    lines: [{a * 3 + 10}, {a * 3 + 12}]",
        f"    title: Rà soát, đánh giá và báo cáo kết quả thực hiện nhiệm vụ số {a}",
        f"    lead: {lead}",
        "    deliverable:",
        "      type: data",
        "      fields:",
        "        - {name: so_luong, label: Số lượng, type: integer, unit: người}",
        "        - {name: kinh_phi, label: Kinh phí, type: number, unit: triệu đồng, required: false}",
    ]
    if a and a % 3:
        lines.append(f"    depends_on: [a{a - 1}]")
        lines.append(
            f"    due: {{working_days: {rng.randint(1, 5)}, after_completion_of: a{a - 1}}}"
        )
    else:
        lines.append(
            f"    due: {rng.choice(['2024-06-28', '{month: 2024-09}', '{quarter: 2024-Q4}'])}"
        )
    return lines


def write_corpus(folder: Path, files: int, assignments: int, seed: int = 7) -> list[Path]:
    """Write a registry and ``files`` directives into ``folder``; return the directive paths."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / REGISTRY).write_text(registry_text(), encoding="utf-8")
    rng = random.Random(seed)
    paths = []
    for i in range(files):
        path = folder / f"directive-{i:04d}.yaml"
        path.write_text(directive_text(i, assignments, rng), encoding="utf-8")
        paths.append(path)
    return paths
