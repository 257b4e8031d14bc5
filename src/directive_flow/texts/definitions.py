"""The problems of definition files in Vietnamese, for the civil servants who edit them.

The library words each problem exactly, in English (``Problem.message``: the API, the
store and the tests rely on it); ``validate``, ``register``, ``plan`` and the flows show it
through here. A message is ``<item>: <field path>: <what is wrong>``:

- the item is translated (``assignment 'x'`` -> ``nhiệm vụ 'x'``, ``agency`` -> ``cơ quan``,
  ``group`` -> ``nhóm``);
- the field path is kept as it is written (``depends_on[0]``, ``header: issuer``): it is
  what the person types, and finds in the file;
- what is wrong is matched against :data:`SENTENCES` (fullmatch patterns -> Vietnamese
  templates, ``\\g<name>`` from the match). A group whose name starts with a key of
  :data:`NESTED` is translated by that table (a date's reason, a pattern's meaning, a YAML
  parser's words, a ``(did you mean 'x'?)`` hint); ``n...`` groups get Vietnamese
  thousands separators, ``choices`` a Vietnamese "or"; any other group is kept verbatim, so
  quoted values stay as the person wrote them.

A message no pattern covers is shown in English after a Vietnamese lead-in; the tests
load every bad definition they build and require a pattern for each.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass

from directive_flow.errors import Problem
from directive_flow.texts.patterns import vn_thousands

__all__ = [
    "LANGUAGES",
    "NESTED",
    "SENTENCES",
    "Translation",
    "problem_line",
    "problem_message",
    "translate",
]

LANGUAGES = ("vi", "en")
"""The languages problems are shown in: Vietnamese (the default) or the exact English."""

Rows = tuple[tuple[str, str], ...]

_Q = r"'.*'"  # a quoted value: the text, id, key or file name as written
_HINT = r"(?P<hint> \(did you mean '.*'\?\))?"
_YEARS = r"(?P<years>\d+-\d+)"
_LEAD_IN = "Lỗi (nguyên văn tiếng Anh)"

SENTENCES: Rows = (
    # the schema (definition/diagnostics.py)
    (rf"unknown key (?P<key>{_Q}){_HINT}", r"khóa \g<key> không hợp lệ\g<hint>"),
    (rf"missing required key (?P<key>{_Q}) \(agency-registry or directive\)",
     r"thiếu khóa bắt buộc \g<key> (agency-registry hoặc directive)"),
    (rf"missing required key (?P<key>{_Q})", r"thiếu khóa bắt buộc \g<key>"),
    (r"(?P<shown>.+) is not true or false", r"\g<shown> không phải true hoặc false"),
    (r"(?P<shown>.+) is not a whole number", r"\g<shown> không phải số nguyên"),
    (r"expected text \(got (?P<shown>.+)\)", r"cần một đoạn chữ (đã ghi \g<shown>)"),
    (r"must not be empty", "không được để trống"),
    (r"is longer than (?P<n>[\d,]+) characters", r"dài quá \g<n> ký tự"),
    (r"needs at least (?P<n>[\d,]+) item\(s\)", r"phải có ít nhất \g<n> mục"),
    (r"has more than (?P<n>[\d,]+) item\(s\)", r"có quá \g<n> mục"),
    (r"(?P<shown>.+) is below the minimum (?P<n>-?[\d,.]+)", r"\g<shown> nhỏ hơn mức tối thiểu \g<n>"),
    (r"(?P<shown>.+) is above the maximum (?P<n>-?[\d,.]+)", r"\g<shown> lớn hơn mức tối đa \g<n>"),
    (r"a deadline is a date, or a mapping with one of: (?P<keys>.+)",
     r"thời hạn phải là một ngày, hoặc các khóa con với một trong: \g<keys>"),
    (r"expected a mapping(?P<example> such as .+)? \(got (?P<shown>.+)\)",
     r"cần các khóa con\g<example> (đã ghi \g<shown>)"),
    (r"expected a list(?P<example> such as .+)? \(got (?P<shown>.+)\)",
     r"cần một danh sách\g<example> (đã ghi \g<shown>)"),
    (r"(?P<shown>.+) is not one of: (?P<choices>.+?)" + _HINT,
     r"\g<shown> không phải một trong các giá trị: \g<choices>\g<hint>"),
    (r"invalid date (?P<shown>.+): (?P<reason>.+)", r"ngày không hợp lệ \g<shown>: \g<reason>"),
    # the models' own rules (definition/model/)
    (rf"(?P<day>\d{{4}}-\d{{2}}-\d{{2}}) is outside the years {_YEARS}",
     r"\g<day> nằm ngoài khoảng năm \g<years>"),
    (r"a line range is \[first, last\] with 1 <= first <= last, not (?P<shown>.+)",
     r"khoảng dòng phải là [đầu, cuối] với 1 <= đầu <= cuối, không phải \g<shown>"),
    (r"a 'data' deliverable declares at least one field",
     "sản phẩm loại 'data' phải khai báo ít nhất một trường (fields)"),
    (r"no deadline given: write one, or \{standing: thường xuyên\}",
     "chưa ghi thời hạn: hãy ghi thời hạn, hoặc {standing: thường xuyên}"),
    (rf"give exactly one of (?P<first>{_Q}) and (?P<second>{_Q})",
     r"phải ghi đúng một trong hai khóa \g<first> và \g<second>"),
    (r"'consolidates: true' needs suppliers in 'depends_on'",
     "'consolidates: true' cần ghi các nhiệm vụ cung cấp số liệu trong 'depends_on'"),
    # the file's kind and registry (definition/loader.py)
    (r"expected (?P<kind>'directive')", r"phải là \g<kind>"),
    (r"expected a mapping with a 'kind' key at the top", "đầu tệp phải là các khóa, trong đó có khóa 'kind'"),
    (rf"no such file (?P<file>{_Q})", r"không có tệp \g<file>"),
    (rf"(?P<file>{_Q}) is invalid", r"tệp \g<file> có lỗi"),
    (rf"(?P<file>{_Q}) is not a definition file \(\*\.yaml, \*\.yml\)",
     r"\g<file> không phải tệp định nghĩa (*.yaml, *.yml)"),
    (r"not an agency registry \(its top holds no 'kind: agency-registry'\)",
     "không phải danh mục cơ quan (đầu tệp không có 'kind: agency-registry')"),
    (rf"cannot be read as UTF-8 text (?P<file>{_Q})", r"không đọc được tệp \g<file> dưới dạng văn bản UTF-8"),
    # cross-references (definition/references.py)
    (rf"(?P<code>{_Q}) is a name, not a code \(did you mean (?P<named>{_Q})\?\)",
     r"\g<code> là tên, không phải mã (có phải \g<named>?)"),
    (rf"unknown agency or group (?P<code>{_Q}){_HINT}", r"không có cơ quan hoặc nhóm \g<code>\g<hint>"),
    (rf"group (?P<code>{_Q}) expands to no agency", r"nhóm \g<code> không có cơ quan nào"),
    (rf"unknown agency (?P<code>{_Q}){_HINT}", r"không có cơ quan \g<code>\g<hint>"),
    (r"escalates to the leader, but header: leader is not given "
     r"\(add header\.leader with a name and e-mail, or escalate to: head\)",
     "chuyển lên lãnh đạo, nhưng chưa ghi header: leader (thêm header.leader có tên và thư "
     "điện tử, hoặc đổi thành to: head)"),
    (rf"duplicate id (?P<id>{_Q}) \(first at line (?P<line>\d+)\)", r"trùng mã \g<id> (đã có ở dòng \g<line>)"),
    (rf"duplicate field (?P<name>{_Q}) \(first at line (?P<line>\d+)\)",
     r"trùng tên trường \g<name> (đã có ở dòng \g<line>)"),
    (rf"depends twice on (?P<id>{_Q}) \(first at line (?P<line>\d+)\)",
     r"phụ thuộc hai lần vào \g<id> (đã có ở dòng \g<line>)"),
    (rf"(?P<code>{_Q}) is not a member of (?P<lead>{_Q}){_HINT}",
     r"\g<code> không phải thành viên của \g<lead>\g<hint>"),
    (r"excludes every member: no task is left", "loại trừ mọi thành viên: không còn nhiệm vụ nào"),
    (rf"assignment (?P<id>{_Q}) cannot wait on itself", r"nhiệm vụ \g<id> không thể chờ chính nó"),
    (rf"unknown assignment (?P<id>{_Q}){_HINT}", r"không có nhiệm vụ \g<id>\g<hint>"),
    # registries and directives (definition/checks.py)
    (rf"duplicate code (?P<code>{_Q}) \(first at line (?P<line>\d+)\)", r"trùng mã \g<code> (đã có ở dòng \g<line>)"),
    (rf"(?P<code>{_Q}) is also an agency code", r"\g<code> cũng là mã của một cơ quan"),
    (r"group contains itself: (?P<cycle>.+)", r"nhóm chứa chính nó: \g<cycle>"),
    (r"group expands to no agency", "nhóm không có cơ quan nào"),
    (rf"name (?P<name>{_Q}) is also used by (?P<codes>.+); names must be unique",
     r"tên \g<name> cũng là tên của \g<codes>; mỗi tên chỉ được dùng cho một cơ quan"),
    (rf"gives neither (?P<email>{_Q}) nor (?P<notify>{_Q}): nobody can be reached through this contact",
     r"không ghi \g<email> cũng không ghi \g<notify>: không liên lạc được với người này"),
    (r"an agency cannot be its own parent", "cơ quan không thể là cơ quan cấp trên của chính nó"),
    (r"parents form a loop: (?P<cycle>.+)", r"các cơ quan cấp trên tạo thành vòng: \g<cycle>"),
    (r"a second head contact \(the first is (?P<first>\S+)\); an agency has one head",
     r"người đứng đầu thứ hai (người thứ nhất là \g<first>); mỗi cơ quan chỉ có một người đứng đầu"),
    (rf"(?P<code>{_Q}) is a group, not an agency \(a parent is one agency\)",
     r"\g<code> là nhóm, không phải cơ quan (cơ quan cấp trên phải là một cơ quan)"),
    # data fields and deliverables (definition/model/directive.py)
    (r"a '(?P<type>\w+)' field takes no unit \(units belong to integer, number and percent fields\)",
     r"trường kiểu '\g<type>' không có đơn vị (đơn vị chỉ dùng cho trường integer, number và percent)"),
    (r"a '(?P<type>\w+)' field takes no bounds \('min' and 'max' belong to integer, number and "
     r"percent fields\)",
     r"trường kiểu '\g<type>' không có giới hạn ('min' và 'max' chỉ dùng cho trường integer, number "
     r"và percent)"),
    (r"an integer field's bounds are whole numbers \(got (?P<shown>.+)\)",
     r"giới hạn của trường số nguyên phải là số nguyên (đã ghi \g<shown>)"),
    (r"a percent field's unit is '%' \(got (?P<shown>.+)\); a count is an integer field",
     r"đơn vị của trường tỉ lệ (percent) là '%' (đã ghi \g<shown>); số đếm dùng trường integer"),
    (r"a percentage's bounds lie within 0-100 \(got (?P<shown>.+)\)",
     r"giới hạn của tỉ lệ phải trong khoảng 0-100 (đã ghi \g<shown>)"),
    (r"max (?P<high>\S+) is below min (?P<low>\S+)", r"max \g<high> nhỏ hơn min \g<low>"),
    (r"max (?P<high>\S+) is below 0, where an integer field starts unless 'min' is set",
     r"max \g<high> nhỏ hơn 0, mức tối thiểu của trường số nguyên khi không ghi 'min'"),
    (r"(?P<shown>.+) is not a finite number", r"\g<shown> không phải một số hữu hạn"),
    (r"(?P<shown>.+) is not a number", r"\g<shown> không phải một số"),
    (r"an 'action' deliverable hands nothing in, so it takes no fields \(collect figures with a "
     r"'data', 'report', 'plan' or 'event' deliverable\)",
     "sản phẩm loại 'action' không nộp gì nên không khai báo trường (fields); để thu số liệu, "
     "dùng sản phẩm loại 'data', 'report', 'plan' hoặc 'event'"),
    (r"'consolidates: true' builds a report from its suppliers' data; an 'action' deliverable "
     r"hands nothing in",
     "'consolidates: true' lập báo cáo từ số liệu của các cơ quan cung cấp; sản phẩm loại "
     "'action' không nộp gì"),
    (rf"(?P<url>{_Q}) is not a notification URL Apprise can send to",
     r"\g<url> không phải địa chỉ thông báo mà Apprise gửi được"),
    (r"'after: (?P<anchor>.+)' only applies inside a recurrence",
     r"'after: \g<anchor>' chỉ dùng được trong recurrence (nhiệm vụ định kỳ)"),
    (rf"(?P<label>{_Q}) is not a (?P<every>[a-z-]+) period \(e\.g\. (?P<sample>\S+)\)",
     r"\g<label> không phải kỳ báo cáo \g<every> (ví dụ \g<sample>)"),
    (rf"last period (?P<last>{_Q}) comes before first (?P<first>{_Q})",
     r"kỳ cuối \g<last> đứng trước kỳ đầu \g<first>"),
    (r"'after: (?P<anchor>.+)' gives every period the same date; use cutoff, period-start or period-end",
     r"'after: \g<anchor>' cho mọi kỳ cùng một ngày; hãy dùng cutoff, period-start hoặc period-end"),
    (r"(?P<day>\d{4}-\d{2}-\d{2}) is already a working day", r"\g<day> vốn đã là ngày làm việc"),
    (rf"line (?P<line>\d+) is past the end of (?P<file>{_Q}) \((?P<count>\d+) lines\)",
     r"dòng \g<line> vượt quá cuối tệp \g<file> (tệp có \g<count> dòng)"),
    # the schedule (planning/checks.py, planning/deadlines.py, definition/graph.py)
    (r"dependency cycle: (?P<cycle>.+) \(each waits on the next\)",
     r"phụ thuộc vòng tròn: \g<cycle> (mỗi nhiệm vụ chờ nhiệm vụ kế tiếp)"),
    (r"deadline (?P<due>\S+) is before the issue date (?P<issued>\S+)",
     r"thời hạn \g<due> sớm hơn ngày ban hành \g<issued>"),
    (rf"deadline (?P<due>\S+) is past the years {_YEARS} "
     r"\(counted along its chain of working days: check the offsets\)",
     r"thời hạn \g<due> vượt quá khoảng năm \g<years> (cộng dồn theo chuỗi ngày làm việc: "
     r"hãy kiểm tra các số ngày)"),
    (rf"counts from (?P<id>{_Q}), which has no deadline \(a standing duty\)",
     r"tính từ \g<id>, nhưng nhiệm vụ đó không có thời hạn (nhiệm vụ thường xuyên)"),
    (r"'after: meeting' needs header\.meeting_date", "'after: meeting' cần có header.meeting_date"),
    (rf"supplier (?P<id>{_Q}) is due (?P<theirs>\S+), after this assignment's deadline (?P<own>\S+)",
     r"nhiệm vụ cung cấp \g<id> đến hạn \g<theirs>, sau thời hạn \g<own> của nhiệm vụ này"),
    # reading the file (definition/yamlio.py)
    (r"file is empty", "tệp rỗng"),
    (r"file is too large \((?P<n_size>[\d,]+) bytes; the limit is (?P<n_limit>[\d,]+)\)",
     r"tệp quá lớn (\g<n_size> byte; giới hạn là \g<n_limit> byte)"),
    (r"cannot read file: (?P<os>.+)", r"không đọc được tệp: \g<os>"),
    (r"not UTF-8 text \(the file is UTF-16\); save the file as UTF-8",
     "không phải văn bản UTF-8 (tệp đang lưu dạng UTF-16); hãy lưu lại tệp dạng UTF-8"),
    (r"binary file, not YAML text", "tệp nhị phân, không phải văn bản YAML"),
    (r"not UTF-8 text \(byte (?P<byte>0x[0-9a-f]{2})\); save the file as UTF-8",
     r"không phải văn bản UTF-8 (byte \g<byte>); hãy lưu lại tệp dạng UTF-8"),
    (r"tab in indentation; indent with spaces", "thụt lề bằng phím Tab; hãy thụt lề bằng dấu cách"),
    (r"non-breaking space in indentation \(pasted from a word processor\?\); indent with plain spaces",
     "thụt lề bằng dấu cách không ngắt (dán từ trình soạn thảo văn bản?); hãy thụt lề bằng dấu cách thường"),
    (r"full-width space in indentation; indent with plain spaces",
     "thụt lề bằng dấu cách toàn khổ; hãy thụt lề bằng dấu cách thường"),
    (r"YAML syntax error: (?P<yaml>.+)", r"lỗi cú pháp YAML: \g<yaml>"),
    (r"control character (?P<char>U\+[0-9A-F]{4,6}) is not allowed; remove it",
     r"có ký tự điều khiển \g<char> (không được phép); hãy xóa nó"),
    (rf"unsupported tag (?P<tag>{_Q})", r"không hỗ trợ thẻ \g<tag>"),
    (rf"duplicate key (?P<key>{_Q}) \(first at line (?P<line>\d+)\)", r"trùng khóa \g<key> (đã có ở dòng \g<line>)"),
    (r"merge keys \('<<'\) are not supported; write the keys out",
     "không hỗ trợ khóa gộp ('<<'); hãy viết đầy đủ các khóa"),
    (r"a key must be a plain value, not a list or mapping",
     "khóa phải là một giá trị đơn, không phải danh sách hay các khóa con"),
    (r"document expands to more than (?P<n>[\d,]+) nodes \(an alias bomb\?\)",
     r"tài liệu bung ra hơn \g<n> nút (một 'quả bom alias'?)"),
    (r"nested more than (?P<n>[\d,]+) levels deep", r"lồng nhau sâu quá \g<n> cấp"),
    # the last: "is not <what a pattern asks for>" (definition/model/common.py ``pattern``)
    (r"(?P<shown>.+) is not (?P<meaning>.+)", r"\g<shown> không phải \g<meaning>"),
)  # fmt: skip
"""What is wrong: fullmatch pattern -> Vietnamese template, the first that fits."""

NESTED: dict[str, Rows] = {
    "hint": ((rf" \(did you mean (?P<choice>{_Q})\?\)", r" (có phải \g<choice>?)"),),
    "example": ((r" such as (?P<written>.+)", r" như \g<written>"),),
    "reason": (  # Python's own reasons for an impossible date, or how to write one
        (r"day is out of range for month", "ngày vượt quá số ngày của tháng"),
        (r"month must be in 1\.\.12", "tháng phải từ 1 đến 12"),
        (r"year (?P<year>-?\d+) is out of range", r"năm \g<year> nằm ngoài phạm vi cho phép"),
        (r"write a date as YYYY-MM-DD or D/M/YYYY", "hãy viết ngày dạng YYYY-MM-DD hoặc D/M/YYYY"),
    ),
    "meaning": (  # what a pattern asks for (definition/model/*.py ``pattern(...)``)
        (r"an id of lowercase ASCII letters, digits and dashes",
         "một mã chỉ gồm chữ thường ASCII, chữ số và dấu gạch ngang"),
        (r"a notification URL such as mailto://\.\.\. or json://\.\.\.",
         "một địa chỉ nhận thông báo như mailto://... hoặc json://..."),
        (r"one e-mail address \(no list, no name\)",
         "một địa chỉ thư điện tử (không ghi nhiều địa chỉ, không kèm tên)"),
        (rf"a period such as (?P<written>.+) \(years {_YEARS}\)", r"một kỳ như \g<written> (năm \g<years>)"),
        (r"a number such as (?P<written>.+)", r"một số hiệu như \g<written>"),
        (r"a field name of lowercase letters, digits and underscores",
         "một tên trường chỉ gồm chữ thường, chữ số và dấu gạch dưới"),
        (rf"a month written YYYY-MM \(years {_YEARS}\)", r"một tháng viết dạng YYYY-MM (năm \g<years>)"),
        (rf"a quarter written YYYY-Qn \(years {_YEARS}\)", r"một quý viết dạng YYYY-Qn (năm \g<years>)"),
    ),
    "every": (
        (r"half-year", "6 tháng"),
        (r"year", "năm"),
        (r"quarter", "quý"),
        (r"month", "tháng"),
    ),
    "os": (  # the system's reason a file cannot be read
        (r"No such file or directory", "không có tệp này (liên kết trỏ tới chỗ không có tệp?)"),
        (r"Too many levels of symbolic links", "các liên kết tượng trưng trỏ vòng quanh nhau"),
        (r"Permission denied", "không có quyền đọc tệp"),
    ),
    "yaml": (  # PyYAML's (libyaml's) words, as definition/yamlio.py passes them on
        (r"more than one YAML document \('---'\); a definition file holds one",
         "có hơn một tài liệu YAML ('---'); mỗi tệp định nghĩa chỉ chứa một tài liệu"),
        (r"quoted text starting here is never closed", "chuỗi trong dấu nháy bắt đầu từ đây không được đóng lại"),
        (r"mapping values are not allowed in this context \(quote a value that contains ': '\)",
         "không được viết 'khóa: giá trị' ở chỗ này (kiểm tra thụt lề; giá trị có ': ' thì đặt "
         "trong dấu nháy)"),
        (r"(?P<context>while .+?) (?P<problem>(?:did not find|could not find|found) .+)",
         r"\g<context>: \g<problem>"),
        (r"(?P<problem>(?:did not find|found) .+)", r"\g<problem>"),
    ),
    "context": (
        (r"while parsing a block mapping", "khi đọc các khóa"),
        (r"while parsing a block collection", "khi đọc một danh sách"),
        (r"while parsing a flow sequence", "khi đọc một danh sách trong [ ]"),
        (r"while parsing a flow mapping", "khi đọc các khóa trong { }"),
        (r"while scanning a simple key", "khi đọc một khóa"),
        (r"while scanning for the next token", "khi đọc tiếp"),
        (r"while parsing a quoted scalar", "khi đọc chuỗi trong dấu nháy"),
        (r"while scanning a directive", "khi đọc chỉ thị %"),
    ),
    "problem": (
        (r"did not find expected key", "không thấy khóa ở chỗ cần có khóa (kiểm tra thụt lề)"),
        (r"did not find expected '-' indicator", "không thấy dấu '-' của mục danh sách (kiểm tra thụt lề)"),
        (r"did not find expected ',' or '\]'", "không thấy dấu ',' hoặc ']'"),
        (r"did not find expected ',' or '\}'", "không thấy dấu ',' hoặc '}'"),
        (r"could not find expected ':'", "không thấy dấu ':'"),
        (r"found character that cannot start any token",
         "gặp ký tự không được đứng đầu một giá trị (hãy đặt giá trị trong dấu nháy)"),
        (r"found undefined alias", "gặp tên tham chiếu (alias '*') chưa được định nghĩa"),
        (r"found unknown escape character",
         "gặp ký tự thoát (sau '\\') không hợp lệ trong dấu nháy kép (dùng dấu nháy đơn)"),
        (r"found duplicate %YAML directive", "chỉ thị %YAML bị lặp"),
        (r"found unknown directive name", "tên chỉ thị % không hợp lệ"),
        (r"did not find expected <document start>", "có nội dung thừa sau phần cuối của tài liệu"),
    ),
}  # fmt: skip
"""Tables for the parts of a sentence a group matched, by the start of the group's name."""

_ITEMS = {"assignment": "nhiệm vụ", "agency": "cơ quan", "group": "nhóm"}
_LABEL = re.compile(r"(?P<item>assignment|agency|group) (?P<name>'.*?'|#\d+): (?P<rest>.+)", re.S)
_TEMPLATE_GROUP = re.compile(r"\\g<(\w+)>")
_OR = re.compile(r"(?<=') or (?=')")


@dataclass(frozen=True)
class Translation:
    """A message in Vietnamese, and the patterns that made it (none: the lead-in fallback)."""

    text: str
    patterns: tuple[str, ...]


def translate(message: str) -> Translation:
    """``message`` (a ``Problem.message``) in Vietnamese; never raises."""
    label, rest = _label(message)
    parts = rest.split(": ")
    for k in range(len(parts) - 1, -1, -1):  # the shortest sentence first: paths stay as typed
        found = _apply(SENTENCES, ": ".join(parts[k:]))
        if found is not None:
            said, patterns = found
            return Translation(": ".join([*label, *parts[:k], said]), patterns)
    return Translation(f"{_LEAD_IN}: {message}", ())


def problem_message(message: str, lang: str = "vi") -> str:
    """A problem's message in ``lang``: Vietnamese, or ``en`` for the exact English."""
    return message if lang == "en" else translate(message).text


def problem_line(problem: Problem, lang: str = "vi") -> str:
    """``path:line:col: message`` with the message in ``lang`` (the place never changes)."""
    return str(dataclasses.replace(problem, message=problem_message(problem.message, lang)))


def _label(message: str) -> tuple[list[str], str]:
    """The item a message is about, in Vietnamese (``nhiệm vụ 'x'``), and the rest of it."""
    match = _LABEL.fullmatch(message)
    if match is None:
        return [], message
    return [f"{_ITEMS[match['item']]} {match['name']}"], match["rest"]


def _apply(rows: Rows, text: str) -> tuple[str, tuple[str, ...]] | None:
    """The first row that fits ``text`` and whose groups all translate, filled in, with
    the patterns used."""
    for pattern, template in rows:
        match = re.fullmatch(pattern, text)
        filled = _fill(template, match) if match else None
        if filled is not None:
            return filled[0], (pattern, *filled[1])
    return None


def _fill(template: str, match: re.Match[str]) -> tuple[str, tuple[str, ...]] | None:
    """``template`` with the match's groups, each translated (None: one cannot be)."""
    values: dict[str, str] = {}
    used: list[str] = []
    for name, value in match.groupdict(default="").items():
        part = _part(name, value)
        if part is None:
            return None
        values[name] = part[0]
        used += part[1]
    return _TEMPLATE_GROUP.sub(lambda group: values[group[1]], template), tuple(used)


def _part(name: str, value: str) -> tuple[str, tuple[str, ...]] | None:
    """A group's text in Vietnamese (None: its table has no row for it)."""
    stem = name.split("_")[0]
    if not value or stem not in (*NESTED, "n", "choices"):
        return value, ()
    if stem == "n":
        return vn_thousands(value), ()
    if stem == "choices":
        return _OR.sub(" hoặc ", value), ()
    return _apply(NESTED[stem], value)
