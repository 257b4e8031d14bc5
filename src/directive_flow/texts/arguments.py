"""The command line's own words in Vietnamese: argparse's usage errors and headings.

argparse words its errors in English through ``gettext``; directive-flow's parser (and only
it: nothing global is changed, Prefect and the other libraries keep their words) passes
each error through :func:`argparse_message`. A message is ``argument X: what is wrong``
or what is wrong alone; what is wrong is matched against :data:`ARGPARSE` (fullmatch
pattern -> Vietnamese, ``\\1``.. from the match), the part of the CLI's own argument types
(``iso_date``, ``late_spec``) included. A message no row covers is kept as it is.
"""

from __future__ import annotations

import re

from directive_flow.texts.patterns import vn_thousands

__all__ = ["ARGPARSE", "COMMANDS", "HEADINGS", "USAGE", "argparse_message"]

USAGE = "cách dùng: "
"""argparse's ``usage: `` prefix."""

HEADINGS = {
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện phần trợ giúp này rồi thoát",
    "language of the output: results, errors, the problems found in definition files "
    "(default: $DIRECTIVE_FLOW_LANG, else vi)": "ngôn ngữ hiển thị: kết quả, lỗi, lỗi trong "
    "tệp định nghĩa (mặc định: $DIRECTIVE_FLOW_LANG, không có thì vi)",
}
"""The sections of ``--help``, the help of ``-h`` as argparse words it, and of ``--lang``."""

COMMANDS = {
    "validate": "kiểm tra các tệp định nghĩa (tìm cả trong các thư mục con)",
    "plan": "liệt kê các nhiệm vụ một văn bản tạo ra, kèm thời hạn và lịch nhắc việc",
    "graph": "vẽ sơ đồ phụ thuộc giữa các nhiệm vụ (Mermaid hoặc Graphviz DOT)",
    "show": "tóm tắt một văn bản: phần đầu, các mục, cơ quan chủ trì, thời hạn",
    "schema": "ghi JSON Schema của tệp danh mục cơ quan và tệp văn bản",
    "draft": "soạn thảo tệp định nghĩa từ nội dung một thông báo",
    "register": "lưu văn bản và các nhiệm vụ; tệp đã sửa thì áp dụng phần thay đổi",
    "submit": "nộp số liệu và tệp của một nhiệm vụ (nộp lại là một phiên bản mới)",
    "review": "chấp nhận báo cáo đã nộp, hoặc trả lại kèm lý do (nhiệm vụ mở lại)",
    "extend": "đề nghị gia hạn (trước thời hạn), hoặc chấp thuận / từ chối đề nghị",
    "history": "in nhật ký thao tác của một nhiệm vụ",
    "status": "số nhiệm vụ theo bốn tình trạng, theo cơ quan và văn bản, kèm số ngày quá hạn",
    "collect": "nhận các thư mục đã nộp xong trong hộp thư đến, mỗi thư mục một lần",
    "remind": "xếp các thư nhắc việc đến hạn hôm nay và gửi thư đi",
    "consolidate": "lập báo cáo tổng hợp (Markdown và Word)",
    "open-period": "mở các nhiệm vụ định kỳ của một kỳ báo cáo",
    "dashboard": "in bảng theo dõi mà luồng dashboard đăng lên Prefect",
    "db": "nâng cấp lược đồ cơ sở dữ liệu, hoặc xem phiên bản của nó",
    "doctor": "kiểm tra cơ sở dữ liệu, thư mục dùng chung, SMTP, máy chủ Prefect, worker và lịch chạy",
    "up": "chạy máy chủ Prefect cục bộ, các deployment và cổng thông tin; đăng ký định nghĩa",
    "portal": "chạy cổng thông tin cho các cơ quan (đăng nhập qua liên kết thư điện tử)",
    "demo": "chạy thử nửa năm mô phỏng của thông báo mẫu qua Prefect",
}
"""Each command's one-line help in ``directive-flow --help``."""

ARGPARSE: tuple[tuple[str, str], ...] = (
    (r"the following arguments are required: (.*)", r"thiếu đối số bắt buộc: \1"),
    (r"one of the arguments (.*) is required", r"cần một trong các đối số \1"),
    (r"unrecognized arguments: (.*)", r"đối số không hợp lệ: \1"),
    (r"invalid choice: (.*) \(choose from (.*)\)", r"lựa chọn không hợp lệ: \1 (chọn một trong: \2)"),
    (r"invalid int value: (.*)", r"\1 không phải số nguyên"),
    (r"invalid float value: (.*)", r"\1 không phải số"),
    (r"invalid (.*) value: (.*)", r"giá trị \2 không hợp lệ"),
    (r"expected one argument", "cần một giá trị"),
    (r"expected at most one argument", "chỉ nhận tối đa một giá trị"),
    (r"expected at least one argument", "cần ít nhất một giá trị"),
    (r"not allowed with argument (.*)", r"không dùng cùng được với đối số \1"),
    (r"ignored explicit argument (.*)", r"không nhận giá trị \1"),
    (r"ambiguous option: (.*) could match (.*)", r"tùy chọn mơ hồ: \1 có thể là \2"),
    # the CLI's own argument types (cli/common.py)
    (r"'(.*)' is not a date \(YYYY-MM-DD\)", r"'\1' không phải một ngày (YYYY-MM-DD)"),
    (r"'(.*)' is not CODE=DAYS \(e\.g\. so-yt=5\)", r"'\1' không phải dạng MÃ=SỐ_NGÀY (ví dụ so-yt=5)"),
    (r"'(.*)': at most (\d+) working days late \(ten years\)",
     r"'\1': chậm tối đa \2 ngày làm việc (mười năm)"),
)  # fmt: skip
"""What is wrong: fullmatch pattern -> Vietnamese, the first that fits."""

_ARGUMENT = re.compile(r"argument (?P<name>\S+): (?P<rest>.+)", re.S)


def argparse_message(message: str) -> str:
    """One of argparse's error messages in Vietnamese (as it is when no row fits)."""
    if match := _ARGUMENT.fullmatch(message):
        return f"đối số {match['name']}: {_said(match['rest'])}"
    return _said(message)


def _said(text: str) -> str:
    for pattern, said in ARGPARSE:
        if match := re.fullmatch(pattern, text, re.S):
            return vn_thousands(match.expand(said))
    return text
