"""The steps' refusals in Vietnamese, for the people who read them (forms, Prefect runs).

The steps word their refusals exactly, in English, naming ids and values; here the common
ones get a Vietnamese sentence, the exact words kept after it in brackets. A refusal with
no Vietnamese sentence yet is shown as it is, after a Vietnamese lead-in.
"""

from __future__ import annotations

import re

from directive_flow.texts.patterns import vn_thousands

__all__ = ["in_vietnamese", "one_line_reason", "refusal_lines"]

_SAID: tuple[tuple[str, str], ...] = (  # fullmatch pattern -> Vietnamese, \1.. from the match
    (r"submission for task '(.*)' refused", r"Báo cáo, số liệu của nhiệm vụ \1 bị từ chối"),
    (r"missing required field \((.*)\)", r"Chưa nhập: \1 là bắt buộc."),
    (r"expected a whole number, got (.*?)( \(write numbers.*\))?", r"Cần một số nguyên, đã nhập \1."),
    (r"expected a number, got (.*?)( \(write numbers.*\))?", r"Cần một số, đã nhập \1."),
    (r"expected a percentage between 0 and 100, got (.*)", r"Cần tỉ lệ từ 0 đến 100, đã nhập \1."),
    (r"expected true or false.*", "Chọn có hoặc không."),
    (r"expected a date.*?, got (.*)", r"Cần một ngày (31/07/2024), đã nhập \1."),
    (r"unknown field(.*)", r"Biểu mẫu không có trường này\1."),
    (r"(.*) is out of range \(at most ±(.*)\)", r"Số \1 vượt quá giới hạn (tối đa ±\2)."),
    (r"not valid Unicode text .*", "Có ký tự không đọc được (không phải chữ Unicode); gõ lại phần này."),
    (r"contains control characters .*", "Có ký tự điều khiển không hiển thị được; xóa chúng đi."),
    (r"contains bidirectional control characters .*",
     "Có ký tự ẩn đảo chiều chữ (chữ hiện ra khác với nội dung thật); xóa chúng đi."),
    (r"date (.*) is outside the years (\d+)-(\d+)", r"Ngày \1 nằm ngoài khoảng năm \2-\3."),
    (r"review of task '(.*)' refused", r"Ý kiến duyệt nhiệm vụ \1 bị từ chối"),
    (r"extension request for task '(.*)' refused", r"Đề nghị gia hạn nhiệm vụ \1 bị từ chối"),
    (r"task '(.*)' is already accepted; it can no longer change", r"Nhiệm vụ \1 đã được chấp nhận, không nộp lại được."),
    (r"task '(.*)' belongs to '(.*)'; '(.*)' may not submit it", r"Nhiệm vụ \1 là của \2; \3 không được nộp thay."),
    (r"task '(.*)' is cancelled .*", r"Nhiệm vụ \1 đã bị hủy."),
    (r"task '(.*)' has nothing to review \(it is (.*)\)", r"Nhiệm vụ \1 chưa có báo cáo chờ duyệt."),
    (r"returning task '(.*)' needs a reason", r"Trả lại nhiệm vụ \1 cần ghi rõ lý do."),
    (r"task '(.*)' has version (\d+) now, not the (\d+) reviewed: .*",
     r"Nhiệm vụ \1 vừa có phiên bản \2 mới hơn phiên bản \3 bạn đã xem: hãy xem lại trước khi quyết định."),
    (r"task '(.*)' has another extension request now \(until (.*)\): .*",
     r"Nhiệm vụ \1 vừa có đề nghị gia hạn khác (đến \2): hãy xem lại trước khi quyết định."),
    (r"the page is out of date; open it again", "Trang đã cũ: hãy mở lại trang rồi quyết định."),
    (r"task '(.*)' has no pending extension request", r"Nhiệm vụ \1 không có đề nghị gia hạn đang chờ."),
    (r"task '(.*)' already has a pending extension request", r"Nhiệm vụ \1 đã có đề nghị gia hạn đang chờ."),
    (r"task '(.*)' was due (.*?); an extension must be asked for on or before the deadline.*",
     r"Nhiệm vụ \1 đã quá hạn (\2): chỉ đề nghị gia hạn được trước hoặc trong ngày đến hạn."),
    (r"task '(.*)' cannot be consolidated: (\d+) of (\d+) suppliers are not accepted.*",
     r"Chưa tổng hợp được \1: \2/\3 cơ quan chưa được chấp nhận số liệu."),
    (r"unknown directive '(.*?)'(.*)", r"Không có văn bản \1\2."),
    (r"directive '(.*)' has no task '(.*?)'(.*)", r"Văn bản \1 không có nhiệm vụ \2\3."),
    (r"unknown agency '(.*?)'(.*)", r"Không có cơ quan \1\2."),
    (r"only an operator may record a received time earlier than now",
     "Chỉ cán bộ vận hành được ghi ngày nhận sớm hơn hôm nay."),
    (r"(\d+) of (\d+) files refused: (.*)", r"\1/\2 tệp định nghĩa bị từ chối: \3 (lỗi từng dòng trong nhật ký)."),
    (r"(\d+) directives? could not be opened: (.*)", r"\1 văn bản không mở được kỳ báo cáo: \2."),
    (r"an extension request needs a day and a reason", "Đề nghị gia hạn cần ghi ngày gia hạn đến và lý do."),
    (r"an extension request needs a reason", "Đề nghị gia hạn cần nêu lý do."),
    (r"the day asked for, (\d+)-(\d+)-(\d+), is not after the deadline (\d+)-(\d+)-(\d+)",
     r"Ngày xin gia hạn đến (\3/\2/\1) phải sau thời hạn hiện tại (\6/\5/\4)."),
    (r"an earlier received time needs a reason.*", "Ghi ngày nhận sớm hơn hôm nay cần nêu lý do."),
    (r".* may not .* \(task '(.*)'\)", r"Không có quyền với nhiệm vụ \1."),
    (r".* may not see task '(.*)' of '(.*)'", r"Không có quyền xem nhiệm vụ \1 của \2."),
    (r"operators only", "Chỉ cán bộ vận hành được dùng trang này."),
    (r"Not Found", "Không tìm thấy trang này."),
    (r"Method Not Allowed", "Địa chỉ này không nhận thao tác đó."),
    (r"the request is not valid", "Yêu cầu không hợp lệ."),
    (r"this sign-in link is unknown, already used or expired",
     "Liên kết đăng nhập này không đúng, đã dùng hoặc đã hết hạn: hãy xin liên kết mới."),
    (r"this link expired on (.*)", r"Liên kết này đã hết hạn ngày \1: hãy đăng nhập bằng thư điện tử."),
    (r"a reminder's link opens its task to read; .*",
     "Liên kết trong thư nhắc việc chỉ để xem: hãy đăng nhập bằng thư điện tử để nộp hoặc đề nghị gia hạn (mỗi lần nộp ghi tên người nộp)."),
    (r"this session opens one task only; .*", "Phiên này chỉ mở một nhiệm vụ: hãy đăng nhập bằng thư điện tử."),
    (r"this link opens task '(.*)' of '(.*)' only; .*", r"Liên kết này chỉ mở nhiệm vụ \1 của văn bản \2: hãy đăng nhập bằng thư điện tử."),
    (r"this link is not one the portal made", "Liên kết này không phải do cổng tạo ra."),
    (r"the task of this link no longer exists", "Nhiệm vụ của liên kết này không còn."),
    (r"the task of this link is no longer this agency's", "Nhiệm vụ của liên kết này không còn là của cơ quan này."),
    (r"String should match pattern .*", "Địa chỉ có ký tự không hợp lệ."),
    (r"(?:Part|Field) exceeded maximum size of (\d+)KB\.",
     r"Một ô nhập quá dài (tối đa \1 KB): bấm Quay lại trên trình duyệt, rút gọn rồi nộp lại."),
    (r"Too many files\. Maximum number of files is (\d+)\.", r"Quá nhiều tệp: tối đa \1 tệp một lần nộp."),
    (r"Too many fields\. Maximum number of fields is (\d+)\.", r"Biểu mẫu có quá nhiều ô (tối đa \1)."),
    (r"Invalid multipart data\.", "Biểu mẫu gửi lên bị hỏng: hãy mở lại trang và nộp lại."),
    (r"([\d,]+) characters; at most ([\d,]+)", r"Dài \1 ký tự; tối đa \2 ký tự."),
    (r"the file is empty \(0 bytes\).*", "Tệp rỗng (0 byte): hãy đính kèm tệp có nội dung."),
    (r".* speaks for '(.*)' and may not .* own task '(.*)'", r"\1 không được tự quyết định nhiệm vụ \2 của mình."),
    (r".* is after today .*: a later day is only looked at with --dry-run, never sent",
     "Ngày sau hôm nay chỉ được xem thử (dry run), không gửi."),
)  # fmt: skip
_LEAD_IN = "Không thực hiện được"


def in_vietnamese(message: str) -> str:
    """``message`` in Vietnamese when it is a common one, the exact words kept after it."""
    for pattern, said in _SAID:
        if match := re.fullmatch(pattern, message):
            return f"{vn_thousands(match.expand(said))} ({message})"
    return message


def one_line_reason(summary: str, problems: tuple[str, ...] = ()) -> str:
    """A refusal on one line, in Vietnamese as far as it goes: the run's state message."""
    head = summary.rstrip(": ")
    said = in_vietnamese(head)
    lead = said if said != head else f"{_LEAD_IN}: {head}"
    details = [_problem(p) for p in problems]
    return " ".join(f"{lead}{': ' if details else ''}{'; '.join(details)}".split())


def refusal_lines(summary: str, problems: tuple[str, ...] | list[str] = ()) -> list[str]:
    """A refusal as the lines a page shows: the summary, then each problem, each in
    Vietnamese as far as it goes."""
    head = summary.rstrip(": ")
    return [in_vietnamese(head), *(_problem(p) for p in problems)]


def _problem(problem: str) -> str:
    """``field: message`` with the message in Vietnamese when it is a common one."""
    field, sep, message = problem.partition(": ")
    return f"{field}: {in_vietnamese(message)}" if sep else in_vietnamese(problem)
