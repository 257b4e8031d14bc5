"""Report inputs for the tests: a small consolidation of district figures (Kon Tum, 2014)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from typing import Any

from directive_flow.report import (
    ConsolidatingTask,
    DirectiveRef,
    FieldSpec,
    Figure,
    Missing,
    ReportInput,
    ReportPeriod,
    Signature,
    StatusRow,
    UrgingLetterInput,
)

DAK_GLEI, NGOC_HOI, KON_TUM = "UBND huyện Đắk Glei", "UBND huyện Ngọc Hồi", "UBND thành phố Kon Tum"
HOUSEHOLDS = FieldSpec("so_ho_ngheo", "Số hộ nghèo", "integer", "hộ")
FUNDS = FieldSpec("kinh_phi", "Kinh phí đã giải ngân", "number", "triệu đồng")
RATE = FieldSpec("ty_le", "Tỷ lệ hộ nghèo", "percent", "%")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    """A moment of July 2014 in UTC (reports show it in Asia/Ho_Chi_Minh, UTC+7)."""
    return datetime(2014, 7, day, hour, minute, tzinfo=UTC)


def figure(spec: FieldSpec, value: Any, agency: str, version: int, when: datetime) -> Figure:
    return Figure(spec.name, spec.label, spec.unit, value, agency, version, when)


def small_report(**changes: Any) -> ReportInput:
    """Three districts, one late and one without figures; partial."""
    report = ReportInput(
        directive=DirectiveRef(
            "975/TB-VP", "Kết luận của Phó Chủ tịch UBND tỉnh", "Văn phòng UBND tỉnh Kon Tum"
        ),
        task=ConsolidatingTask(
            "Hoàn chỉnh báo cáo sơ kết 6 tháng đầu năm", "Sở Lao động - Thương binh và Xã hội"
        ),
        period=ReportPeriod("H1-2014", "6 tháng đầu năm 2014"),
        generated_at=at(20, 2, 30),
        partial=True,
        place="Kon Tum",
        statuses=[
            StatusRow(DAK_GLEI, on_time=1),
            StatusRow(NGOC_HOI, overdue=1),
            StatusRow(KON_TUM, late=1, no_deadline=1),
        ],
        fields=[HOUSEHOLDS, FUNDS, RATE],
        figures=[
            figure(HOUSEHOLDS, 1234, DAK_GLEI, 2, at(10, 3)),
            figure(FUNDS, 1500.5, DAK_GLEI, 2, at(10, 3)),
            figure(RATE, 12.5, DAK_GLEI, 2, at(10, 3)),
            figure(HOUSEHOLDS, 20456, KON_TUM, 1, at(12, 8, 15)),
            figure(FUNDS, 250.25, KON_TUM, 1, at(12, 8, 15)),
        ],
        missing=[Missing(NGOC_HOI, "chưa nộp số liệu"), Missing(KON_TUM, "Tỷ lệ hộ nghèo")],
    )
    return dataclasses.replace(report, **changes)


def letter(**changes: Any) -> UrgingLetterInput:
    """An urging letter from the provincial office to the Department of Health."""
    base = UrgingLetterInput(
        issuer="Văn phòng UBND tỉnh",
        issuer_parent="UBND tỉnh Kon Tum",
        issuer_heading="Văn phòng",
        place="Kon Tum",
        day=date(2014, 8, 5),
        agency_name="Sở Y tế",
        addressee="Giám đốc Sở Y tế",
        directive_kind="thông báo",
        directive_number="975/TB-VP",
        directive_issued=date(2014, 7, 10),
        directive_title="Kết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp Ban chỉ đạo",
        assignment_title="Cung cấp thông tin, số liệu để Sở LĐTBXH hoàn thiện báo cáo",
        period_vietnamese="6 tháng đầu năm 2014",
        original_due=date(2014, 7, 15),
        days_overdue=15,
        new_due=date(2014, 8, 12),
        signature=Signature(
            "Phó Chánh Văn phòng", formula="KT. Chánh Văn phòng", name="Nguyễn Văn A"
        ),
    )
    return dataclasses.replace(base, **changes)
