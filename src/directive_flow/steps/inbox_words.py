"""What the inbox says to people, in Vietnamese: the note left beside a refused folder
(``LY-DO-TU-CHOI.txt``, read by the agency's clerk) and the words of the run's table
(the ``thu-nhan-ho-so`` artifact, read by the operators).

The collector words its problems exactly, in English: the command line's JSON and the
log keep them so. For people each problem goes through the refusals table
(:func:`~directive_flow.texts.refusals.in_vietnamese`): a Vietnamese sentence with the
exact English kept in brackets, also after a file or field name (``children: ...``); a
problem the table has no sentence for yet is shown as it is.

The note is UTF-8 *with a byte-order mark* and Windows line ends: clerks open it from
the share in Notepad, which before Windows 10 1903 reads UTF-8 without a BOM as the ANSI
code page (cp1258: every diacritic garbled) and before 1809 shows LF-only text on one
line; Word, LibreOffice and current Notepad take the BOM as a UTF-8 mark, and a script
reads the note with ``encoding="utf-8-sig"`` (as the collector reads ``note.txt``). Its
last line is the check time in UTC, as the note always carried it, for scripts.

These sentences belong in a template under ``texts/templates/`` (sentences are edited
there, not in code); they are here while that package is being reworked, and
``inbox-refusal.txt.j2`` is unused meanwhile.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, tzinfo

from directive_flow.texts.refusals import in_vietnamese

__all__ = ["LAYOUT_LINES", "OUTCOME_WORDS", "misplaced", "refusal_note", "said"]

OUTCOME_WORDS: Mapping[str, str] = {
    "ingested": "Đã nhận",
    "already_ingested": "Đã nhận trước đó",
    "rejected": "Bị từ chối",
    "waiting": "Đang chờ",
    "failed": "Chưa xử lý được, sẽ thử lại",
    "misplaced": "Đặt sai chỗ",
}
"""Each outcome as the table shows it."""

_TASK_FOLDER = "inbox/<mã cơ quan>/<mã văn bản>/<mã nhiệm vụ>/"
LAYOUT_LINES: tuple[str, ...] = (
    "Cách đặt hồ sơ đúng:",
    f"- Mỗi hồ sơ là một thư mục: {_TASK_FOLDER}",
    '- Tên thư mục nhiệm vụ là mã nhiệm vụ, dấu "/" viết thành "__" (ví dụ: nhiệm vụ'
    " bao-cao/so-yt/2024-07 đặt trong thư mục bao-cao__so-yt__2024-07); nhiệm vụ không"
    " chia kỳ báo cáo có thể chỉ ghi phần đầu của mã (bao-cao).",
    "- Đặt các tệp ngay trong thư mục nhiệm vụ, không tạo thư mục con:",
    "  + data.yaml hoặc data.json: số liệu báo cáo (không cần nếu nhiệm vụ không yêu cầu số"
    " liệu), chỉ một trong hai tệp;",
    "  + note.txt: ghi chú kèm theo (nếu có), lưu dạng UTF-8;",
    "  + các tệp khác: tài liệu đính kèm, chỉ nhận tài liệu (PDF, Word, Excel, PowerPoint,"
    " văn bản, ảnh quét, tệp nén), không nhận chương trình, không dùng lối tắt, liên kết.",
    "- Tệp có tên bắt đầu bằng dấu chấm (.) không được tính.",
)
"""The folder layout (``steps.collect.LAYOUT``) explained for a clerk."""

_VIETNAM = {"Asia/Ho_Chi_Minh", "Asia/Saigon"}


def said(problem: str) -> str:
    """``problem`` in Vietnamese as far as the refusals table goes, the English kept after
    it in brackets; ``name: message`` keeps the name (a file, a field) as it is."""
    whole = in_vietnamese(problem)
    if whole != problem:
        return whole
    name, sep, message = problem.partition(": ")
    part = in_vietnamese(message) if sep else message
    return f"{name}: {part}" if part != message else problem


def misplaced(name: str) -> str:
    """A file (or link) above the task folders, as the table says it."""
    return (
        f"{name}: nằm ngoài thư mục nhiệm vụ nên không được tiếp nhận (để nguyên tại chỗ);"
        f" hồ sơ phải đặt trong {_TASK_FOLDER}"
    )


def refusal_note(name: str, problems: Iterable[str], *, at: datetime, zone: tzinfo) -> str:
    """The note beside a refused folder (lines end with ``\\n``; written as CRLF)."""
    lines = [
        "THÔNG BÁO TỪ CHỐI HỒ SƠ NỘP QUA HỘP THƯ",
        "",
        "Hồ sơ trong thư mục dưới đây chưa được tiếp nhận. Đề nghị sửa các lỗi nêu dưới đây"
        " rồi đặt lại hồ sơ vào đúng thư mục nhiệm vụ để nộp lại; hệ thống tự tiếp nhận ở"
        " lần kiểm tra kế tiếp.",
        "",
        f"Thư mục: {name}",
        f"Thời điểm kiểm tra: {at.astimezone(zone):%d/%m/%Y %H:%M} ({_zone_name(zone)})",
        "",
        "Lý do (mỗi dòng một lỗi):",
        *(f"- {said(p)}" for p in problems),
        "",
        *LAYOUT_LINES,
        "",
        f"Thời điểm kiểm tra (UTC): {at.astimezone(UTC):%Y-%m-%d %H:%M:%S}",
    ]
    return "\n".join(lines) + "\n"


def _zone_name(zone: tzinfo) -> str:
    """``giờ Việt Nam``, or the zone's name for an installation set to another one."""
    key = str(getattr(zone, "key", zone))
    return "giờ Việt Nam" if key in _VIETNAM else f"giờ {key}"
