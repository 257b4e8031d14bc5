"""Consolidation: refused while suppliers are pending, partial on request, final with sources.

tests/fixtures/valid/directive.yaml: ``finalize-report/so-ldtbxh`` consolidates
``supply-data`` from so-yt and the districts A and B (one integer field, ``children``,
"Số trẻ em", in "trẻ em"). Submissions are made in July 2024, at 03:00 UTC (10:00 in
Vietnam).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from docx.document import Document
from sqlalchemy import Engine, select, update
from store_helpers import operator, submit_as_owner, submit_for

from directive_flow.errors import RefusedError
from directive_flow.report import Missing
from directive_flow.steps.consolidate import Consolidation, consolidate, ready_to_consolidate
from directive_flow.steps.register import register_directive
from directive_flow.steps.review import review
from directive_flow.store.db import session_scope
from directive_flow.store.tables import AuditRow, ReportRow, SubmissionRow, TaskRow

D = "test-1-tb-vp"
LEAD = "finalize-report/so-ldtbxh"
YT, HA, HB = "supply-data/so-yt", "supply-data/ubnd-huyen-a", "supply-data/ubnd-huyen-b"
AT = datetime(2024, 7, 20, 3, tzinfo=UTC)


def at(day: int) -> datetime:
    return datetime(2024, 7, day, 3, tzinfo=UTC)


def send(engine: Engine, home: Path, task: str, children: int, day: int) -> None:
    submit_as_owner(engine, task, data={"children": children}, at=at(day), home=home)


def decide(engine: Engine, task: str, decision: str = "accept") -> None:
    with session_scope(engine) as session:
        reason = "thiếu số liệu" if decision == "return" else None
        review(
            session, directive=D, task=task, decision=decision, actor=operator("vp"), reason=reason
        )  # type: ignore[arg-type]


def run(engine: Engine, home: Path, *, partial: bool = False) -> Consolidation:
    return consolidate(
        engine, directive=D, task=LEAD, home=home, partial=partial, actor=operator("op"), at=AT
    )


def ready(engine: Engine) -> list[tuple[str, str]]:
    with session_scope(engine) as session:
        return ready_to_consolidate(session)


@pytest.fixture
def accepted(registered: Engine, home: Path) -> Engine:
    """Every supplier accepted; district A on its second version (the first was returned)."""
    send(registered, home, YT, 12, 10)
    send(registered, home, HA, 30, 11)
    decide(registered, HA, "return")
    send(registered, home, HA, 31, 12)
    send(registered, home, HB, 5, 14)
    for task in (YT, HA, HB):
        decide(registered, task)
    return registered


STATUS, FIGURES, TOTALS = ("Cơ quan", "Hoàn thành đúng hạn"), ("Cơ quan", "Chỉ tiêu"), ("Chỉ tiêu",)


def cells(document: Document, header: tuple[str, ...]) -> list[list[str]]:
    """The table whose header starts ``STT, *header`` (the heading block is a table too)."""
    for table in document.tables:
        rows = [[cell.text for cell in row.cells] for row in table.rows]
        if tuple(rows[0][: len(header) + 1]) == ("STT", *header):
            return rows
    raise AssertionError(f"no table headed {header!r}")


def test_refused_while_suppliers_are_not_accepted_listing_them(
    registered: Engine, home: Path
) -> None:
    send(registered, home, YT, 12, 10)
    decide(registered, YT)
    send(registered, home, HA, 30, 11)
    decide(registered, HA, "return")
    send(registered, home, HB, 5, 14)
    with pytest.raises(RefusedError) as caught:
        run(registered, home)
    assert str(caught.value).splitlines() == [
        f"task '{LEAD}' cannot be consolidated: 2 of 3 suppliers are not accepted "
        "(build a partial report to go ahead)",
        f"  - {HA}: returned, not submitted again",
        f"  - {HB}: submitted, not yet accepted",
    ]
    assert not (home / "reports").exists()
    with session_scope(registered) as session:
        assert session.scalars(select(ReportRow)).all() == []


def test_only_a_consolidating_task_is_consolidated(registered: Engine, home: Path) -> None:
    with pytest.raises(RefusedError, match=f"task '{YT}' does not consolidate other tasks"):
        consolidate(registered, directive=D, task=YT, home=home, actor=operator("op"))


def test_a_partial_report_lists_what_is_missing(registered: Engine, home: Path) -> None:
    send(registered, home, YT, 12, 10)
    decide(registered, YT)
    send(registered, home, HA, 30, 11)  # submitted, not yet accepted: its latest is used
    built = run(registered, home, partial=True)
    folder = home / "reports" / D
    assert built.markdown_path == folder / "finalize-report__so-ldtbxh-partial-20240720T030000Z.md"
    assert built.docx_path == built.markdown_path.with_suffix(".docx")
    assert built.partial
    assert built.missing == (Missing("UBND huyện B", "chưa nộp số liệu"),)
    assert [(s["task"], s["version"]) for s in built.sources] == [(YT, 1), (HA, 1)]
    markdown = built.markdown_path.read_text(encoding="utf-8")
    assert "> **(bản tổng hợp chưa đầy đủ)**" in markdown
    assert "- UBND huyện B: chưa nộp số liệu" in markdown
    figures = cells(docx.Document(str(built.docx_path)), FIGURES)
    assert [row[1:4] for row in figures[1:]] == [
        ["Sở Y tế", "Số trẻ em", "12"],
        ["UBND huyện A", "Số trẻ em", "30 (chưa chấp nhận)"],
    ]
    assert "chưa được chấp nhận: chỉ để tham khảo, không cộng vào tổng" in markdown
    totals = cells(docx.Document(str(built.docx_path)), TOTALS)
    assert totals[1][3:5] == ["12", "1"]  # only the accepted figure is added up
    with session_scope(registered) as session:
        row = session.scalars(select(ReportRow)).one()
        assert (row.partial, row.created_by, row.docx_path) == (True, "op", str(built.docx_path))
    assert ready(registered) == []


def test_the_final_report_has_every_figure_with_its_source_and_the_totals(
    accepted: Engine, home: Path
) -> None:
    built = run(accepted, home)
    assert not built.partial
    assert built.missing == ()
    document = docx.Document(str(built.docx_path))
    assert cells(document, STATUS)[1:] == [  # the status table, as of 20/07/2024
        ["1", "Sở Lao động - Thương binh và Xã hội", "0", "0", "1", "0", "0", "1"],
        ["2", "Sở Y tế", "1", "0", "0", "0", "1", "2"],
        ["3", "UBND huyện A", "1", "0", "0", "0", "0", "1"],
        ["4", "UBND huyện B", "1", "0", "0", "0", "0", "1"],
        ["", "Tổng cộng", "3", "0", "1", "0", "1", "5"],
    ]
    assert cells(document, FIGURES)[1:] == [
        ["1", "Sở Y tế", "Số trẻ em", "12", "trẻ em", "1", "10/07/2024 10:00"],
        ["2", "UBND huyện A", "Số trẻ em", "31", "trẻ em", "2", "12/07/2024 10:00"],
        ["3", "UBND huyện B", "Số trẻ em", "5", "trẻ em", "1", "14/07/2024 10:00"],
    ]
    assert cells(document, TOTALS) == [
        ["STT", "Chỉ tiêu", "Đơn vị", "Tổng cộng", "Số cơ quan có số liệu"],
        ["1", "Số trẻ em", "trẻ em", "48", "3"],
    ]
    paragraphs = [p.text for p in document.paragraphs]
    assert "Các cơ quan đã gửi đủ số liệu theo yêu cầu." in paragraphs
    assert not any("chưa đầy đủ" in p for p in paragraphs)
    assert document.tables[0].cell(1, 1).text == "Ngày 20 tháng 7 năm 2024"
    with session_scope(accepted) as session:
        row = session.scalars(select(ReportRow)).one()
        audit = session.scalars(select(AuditRow).where(AuditRow.action == "consolidate")).one()
    assert row.sources == [
        {"task": YT, "agency": "so-yt", "version": 1, "submitted_at": "2024-07-10T03:00:00+00:00"},
        {
            "task": HA,
            "agency": "ubnd-huyen-a",
            "version": 2,
            "submitted_at": "2024-07-12T03:00:00+00:00",
        },
        {
            "task": HB,
            "agency": "ubnd-huyen-b",
            "version": 1,
            "submitted_at": "2024-07-14T03:00:00+00:00",
        },
    ]
    assert list(built.sources) == row.sources
    assert (audit.actor, audit.after) == (
        "op",
        {
            "report": row.id,
            "partial": False,
            "markdown": str(built.markdown_path),
            "docx": str(built.docx_path),
            "missing": 0,
        },
    )


def test_a_required_field_absent_from_a_submission_is_listed(accepted: Engine, home: Path) -> None:
    # Only possible when the deliverable gained the field after the agency submitted.
    with session_scope(accepted) as session:
        hb = session.scalars(select(TaskRow.id).where(TaskRow.key == HB)).one()
        session.execute(update(SubmissionRow).where(SubmissionRow.task_id == hb).values(data={}))
    built = run(accepted, home)
    assert built.missing == (Missing("UBND huyện B", "Số trẻ em"),)
    assert "- UBND huyện B: Số trẻ em" in built.markdown_path.read_text(encoding="utf-8")


def test_ready_to_consolidate_finds_exactly_the_ready_tasks(registered: Engine, home: Path) -> None:
    assert ready(registered) == []
    send(registered, home, YT, 12, 10)
    send(registered, home, HA, 31, 12)
    send(registered, home, HB, 5, 14)
    for task in (YT, HA):
        decide(registered, task)
    assert ready(registered) == []  # district B is submitted, not accepted
    decide(registered, HB)
    assert ready(registered) == [(D, LEAD)]
    run(registered, home, partial=True)
    assert ready(registered) == [(D, LEAD)]  # a partial report does not end the wait
    run(registered, home)
    assert ready(registered) == []


def test_a_cancelled_supplier_is_not_waited_for(accepted: Engine, home: Path) -> None:
    with session_scope(accepted) as session:
        session.execute(update(TaskRow).where(TaskRow.key == HB).values(state="submitted"))
    assert ready(accepted) == []
    with session_scope(accepted) as session:
        session.execute(update(TaskRow).where(TaskRow.key == HB).values(cancelled=True))
    assert ready(accepted) == [(D, LEAD)]
    assert [s["task"] for s in run(accepted, home).sources] == [YT, HA]


def test_a_completed_consolidating_task_is_not_ready(accepted: Engine, home: Path) -> None:
    with session_scope(accepted) as session:
        submit_for(
            session, directive=D, task=LEAD, agency="so-ldtbxh", actor=operator("x"), home=home
        )
    assert ready(accepted) == []


def test_two_reports_in_the_same_second_keep_both_files(accepted: Engine, home: Path) -> None:
    first, second = run(accepted, home), run(accepted, home)
    assert second.markdown_path.name == "finalize-report__so-ldtbxh-final-20240720T030000Z-2.md"
    assert first.docx_path.is_file()
    assert second.docx_path.is_file()
    assert sorted(p.name for p in (home / "reports" / D).iterdir()) == sorted(
        p.name
        for p in (first.markdown_path, first.docx_path, second.markdown_path, second.docx_path)
    )


KONTUM = (
    Path(__file__).parents[2] / "definitions" / "directives" / "kontum" / "2014-1234-ubnd-vx.yaml"
)
K = "kontum-2014-1234-ubnd-vx"


def test_consolidator_fields_come_first_then_the_suppliers_others(
    engine: Engine, home: Path
) -> None:
    """1234/UBND-VX: the provincial report names some district fields, not all."""
    with session_scope(engine) as session:
        register_directive(session, path=KONTUM, actor=operator("a"), as_of=date(2014, 7, 28))
        data = {
            "so_tre_em_duoi_16_tuoi": 41000,
            "so_tre_em_hoan_canh_dac_biet": 950,
            "so_tre_em_duoc_tro_giup": 900,
            "so_xa_phu_hop_tre_em": 12,
            "kinh_phi_da_chi": 1250.5,
            "ket_qua_ton_tai": "Cơ bản hoàn thành",
        }
        task = "bao-cao-6-thang-huyen/ubnd-dak-ha/H2-2014"
        submit_for(
            session,
            directive=K,
            task=task,
            agency="ubnd-dak-ha",
            actor=operator("x"),
            home=home,
            data=data,
            at=datetime(2014, 12, 16, 2, tzinfo=UTC),
        )
    built = consolidate(
        engine,
        directive=K,
        task="tong-hop-bao-cao-6-thang/so-ldtbxh/H2-2014",
        home=home,
        partial=True,
        actor=operator("op"),
        at=datetime(2014, 12, 20, 2, tzinfo=UTC),
    )
    document = docx.Document(str(built.docx_path))
    labels = [row[2] for row in cells(document, FIGURES)[1:]]
    assert labels == [
        "Số trẻ em có hoàn cảnh đặc biệt toàn tỉnh",  # the consolidating task's own labels
        "Số trẻ em được trợ giúp (các ngành, các huyện)",
        "Số xã, phường, thị trấn đạt tiêu chuẩn phù hợp với trẻ em toàn tỉnh",
        "Tổng số trẻ em dưới 16 tuổi trên địa bàn",  # then the suppliers' others, in key order
        "Kinh phí đã chi cho công tác bảo vệ, chăm sóc trẻ em trong kỳ",
        "Kết quả chủ yếu, tồn tại, hạn chế",
    ]
    assert {row[1] for row in cells(document, FIGURES)[1:]} == {"Ủy ban nhân dân huyện Đắk Hà"}
    assert len(built.missing) == 12  # 4 goal-leading agencies and 8 other districts
    assert all(m.what == "chưa nộp số liệu" for m in built.missing)
    heading = [p.text for p in document.paragraphs if p.style is not None]
    assert "BÁO CÁO TỔNG HỢP 6 THÁNG CUỐI NĂM 2014" in heading
    assert document.tables[0].cell(1, 1).text == "Kon Tum, ngày 20 tháng 12 năm 2014"
