"""Duty verbs and reports: which prose sentences give their subject a task by their verb.

A sentence whose subject is an agency and whose verb is a duty verb ("chủ động",
"khẩn trương", "tập trung", "chịu trách nhiệm" ...) is a task without "Giao" or "Đề nghị",
even when the subject is a leader that usually gives tasks ("Ủy ban nhân dân tỉnh Sóc
Trăng chủ động sử dụng ngân sách địa phương ..." in a letter of the Government Office),
as long as it is not the issuer itself. What an agency did ("Sở Y tế đã chủ động bố trí
...") is a report, not a task.
"""

from __future__ import annotations

import re

from directive_flow.draft.document import Name

_DUTY = re.compile(
    r"^(?:(?:cần|phải|cần phải)\s+)?(?:chủ động|khẩn trương|tập trung|khẩn cấp|kịp thời"
    r"|chịu trách nhiệm(?!\s+trước)|có trách nhiệm)\b",
    re.I,
)
"""A duty verb at the start of what follows the subject ('chịu trách nhiệm trước ...' is
the closing formula of accountability, not a task)."""
ANOTHER = re.compile(
    r"^(?:đồng thời|ngoài ra|bên cạnh đó|(?:(?:cần|phải)\s+)?chịu trách nhiệm(?!\s+trước)"
    r"|định kỳ\s+(?:hằng|hàng)\s+(?:năm|quý|tháng|6 tháng|sáu tháng),?\s+tổng hợp)\b",
    re.I,
)
"""A piece that gives its owner another task ('...; đồng thời xây dựng phương án ...',
'...; chịu trách nhiệm bố trí vốn đối ứng ...', '...; định kỳ hằng năm tổng hợp, báo cáo
UBND tỉnh': a consolidation that recurs, while '...; định kỳ hằng quý báo cáo kết quả' is
the same task's reporting)."""
_PAST = re.compile(
    r"^(?:(?:cũng|đều)\s+)?(?:đã|vừa|đang|từng)\b"
    r"|^có\s+(?:văn bản|tờ trình|công văn|đơn)\s+(?:số\s+\S+\s+)?(?:ngày\s+\S+\s+)?"
    r"(?:về việc|đề nghị|xin|kiến nghị)\b(?![^.;]*\b(?:trước|chậm nhất)\s+(?:ngày\s+)?\d)",
    re.I,
)
"""What the owner did: 'đã chủ động ...', and a request it sent ('Công ty TNHH X có tờ trình
về việc xin ...', 'có văn bản đề nghị gia hạn ...', the subject a portal's answer replies
to), unless it is asked to send one by a date."""
_SPEAKS_FOR = {"vp-ubnd": "ubnd-tinh"}
"""The province's office writes for its UBND: 'UBND tỉnh ...' in its notice is the issuer."""


def reported(rest: str) -> bool:
    """Does the wording after the owners tell what they did ('đã chủ động bố trí ...')?"""
    return bool(_PAST.match(rest))


def bound(leaders: list[Name], rest: str, issuer: str | None) -> bool:
    """Are these leaders, not the issuer, given a duty by the verb that follows them?"""
    issuers = {issuer, _SPEAKS_FOR.get(issuer or "")} - {None}
    return (
        bool(issuers)
        and bool(_DUTY.match(rest.strip()))
        and all(n.code is not None and n.code not in issuers for n in leaders)
    )
