"""The steps' refusals in Vietnamese, for the people who read them (forms, Prefect runs).

The steps word their refusals exactly, in English, naming ids and values; here the common
ones get a Vietnamese sentence (:func:`in_vietnamese` keeps the exact words after it in
brackets, for the inbox's notes and the runs' logs; :func:`said` and :func:`said_lines`,
what the portal shows a clerk, keep only the Vietnamese). A refusal with no Vietnamese
sentence yet is shown as it is, after a Vietnamese lead-in. What a person typed, quoted
in a message (``'1,250'``), is repeated as typed: only the numbers the library wrote get
the Vietnamese thousands dot.

The command line prints the same table's sentences without the brackets
(:func:`error_lines`: ``--lang en`` prints the exact English instead); the rows at the end
are the CLI's own refusals and usage errors, the store's and the service's.
"""

from __future__ import annotations

import re

from directive_flow.texts.patterns import vn_thousands

__all__ = [
    "SAID",
    "error_lines",
    "in_vietnamese",
    "one_line_reason",
    "refusal_lines",
    "said",
    "said_lines",
    "vietnamese",
]

SAID: tuple[tuple[str, str], ...] = (  # fullmatch pattern -> Vietnamese, \1.. from the match
    (r"submission for task '(.*)' refused", r"Báo cáo, số liệu của nhiệm vụ \1 bị từ chối"),
    (r"missing required field \((.*)\)", r"Chưa nhập: \1 là bắt buộc."),
    (r"expected a whole number, got (.*?)( \(write numbers.*\))?", r"Cần một số nguyên, đã nhập \1."),
    (r"expected a number, got (.*?)( \(write numbers.*\))?", r"Cần một số, đã nhập \1."),
    (r"expected a percentage between 0 and 100, got (.*)", r"Cần tỉ lệ từ 0 đến 100, đã nhập \1."),
    (r"expected true or false.*", "Chọn có hoặc không."),
    (r"expected a date.*?, got (.*)", r"Cần một ngày (31/07/2024), đã nhập \1."),
    (r"unknown field \(did you mean '(.*)'\?\)", r"Biểu mẫu không có trường này (có phải '\1'?)."),
    (r"unknown field \(this deliverable declares no fields\)",
     "Biểu mẫu không có trường này (sản phẩm này không khai báo trường nào)."),
    (r"unknown field", "Biểu mẫu không có trường này."),
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
    (r"task '(.*)' is cancelled with its (\d+) submission\(s\): they stay stored and leave the reports",
     r"Nhiệm vụ \1 bị hủy cùng \2 lần nộp: các lần nộp vẫn được lưu nhưng không còn tính vào báo cáo."),
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
    (r"unknown directive '(.*)' \(no directive is registered yet\)",
     r"Không có văn bản \1 (chưa đăng ký văn bản nào)."),
    (r"unknown directive '(.*)' \(did you mean '(.*)'\?\)", r"Không có văn bản \1 (có phải '\2'?)."),
    (r"unknown directive '(.*?)'(.*)", r"Không có văn bản \1\2."),
    (r"directive '(.*)' has no task '(.*)' \(did you mean '(.*)'\?\)",
     r"Văn bản \1 không có nhiệm vụ \2 (có phải '\3'?)."),
    (r"directive '(.*)' has no task '(.*?)'(.*)", r"Văn bản \1 không có nhiệm vụ \2\3."),
    (r"unknown agency '(.*)' \(did you mean '(.*)'\?\)", r"Không có cơ quan \1 (có phải '\2'?)."),
    (r"unknown agency '(.*?)'(.*)", r"Không có cơ quan \1\2."),
    (r"unknown registry '(.*)' \(did you mean '(.*)'\?\)", r"Không có danh mục cơ quan \1 (có phải '\2'?)."),
    (r"unknown registry '(.*?)'(.*)", r"Không có danh mục cơ quan \1\2."),
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
    (r"String should have at (?:least|most) \d+ characters?", "Địa chỉ không đúng (có phần quá ngắn hoặc quá dài)."),
    (r"missing or wrong CSRF token .*",
     "Trang này đã cũ (phiên đăng nhập đã đổi, có thể vì vừa đăng nhập lại ở thẻ khác): chưa ghi nhận gì; hãy mở lại trang rồi làm lại."),
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
    # the other steps' refusals the command line meets (steps/)
    (r"task '(.*)' has no deadline to extend", r"Nhiệm vụ \1 không có thời hạn để gia hạn."),
    (r"task '(.*)' is (.*); only open tasks can be extended",
     r"Nhiệm vụ \1 không còn mở (\2): chỉ gia hạn được nhiệm vụ đang thực hiện."),
    (r"--until (\d+)-(\d+)-(\d+) is more than a year after the deadline (\d+)-(\d+)-(\d+): ask for a plausible date .*",
     r"Ngày gia hạn đến (\3/\2/\1) quá một năm sau thời hạn hiện tại (\6/\5/\4): hãy đề nghị một ngày hợp lý (chậm lâu hơn thì cần văn bản mới)."),
    (r"task '(.*)' does not consolidate other tasks", r"Nhiệm vụ \1 không phải nhiệm vụ tổng hợp số liệu."),
    (r"submitted, not yet accepted", "đã nộp, chưa được chấp nhận"),
    (r"returned, not submitted again", "đã bị trả lại, chưa nộp lại"),
    (r"nothing submitted", "chưa nộp"),
    (r"(.*): the data cannot be used", r"\1: không dùng được số liệu trong tệp"),
    (r"(.*): larger than ([\d,]+) bytes", r"\1: tệp lớn hơn \2 byte."),
    (r"(.*): cannot read the file \((.*)\)", r"\1: không đọc được tệp (\2)."),
    (r"received_at (.*) is in the future", r"Thời điểm nhận \1 chưa tới (ở tương lai)."),
    (r"received_at (.*) is before the directive was issued \((.*)\)",
     r"Ngày nhận \1 sớm hơn ngày ban hành văn bản (\2)."),
    (r"task '(.*)': (\d+) submission\(s\) fill (.*), which the deliverable no longer has as it was: .*",
     r"Nhiệm vụ \1: \2 lần nộp có số liệu \3, nhưng sản phẩm không còn các trường đó như trước: các số liệu ấy không còn được tính (đặt lại tên trường cũ, hoặc đề nghị cơ quan nộp lại)."),
    (r"agency '(.*)' was registry '(.*)''s; its name and contacts now come from '(.*)' .*",
     r"Cơ quan \1 vốn thuộc danh mục \2; tên và đầu mối liên hệ nay lấy theo \3 (mỗi mã cơ quan chỉ là một cơ quan trong cả kho: hãy đặt mã riêng cho cơ quan của tỉnh khác)."),
    (r"every deadline is more than a year past \(the latest (.*)\): registered live, its (\d+) overdue task\(s\) .*",
     r"Mọi thời hạn đã qua hơn một năm (muộn nhất \1): văn bản được đăng ký để theo dõi, \2 nhiệm vụ quá hạn sẽ được nhắc và chuyển cấp ngay lần nhắc việc tới; hồ sơ công việc đã qua thì hãy đăng ký dạng lưu trữ (historical)."),
    (r"--period (.*): the directive has no recurring assignment",
     r"--period \1: văn bản không có nhiệm vụ định kỳ."),
    (r"no such file or folder: (.*)", r"Không có tệp hoặc thư mục: \1"),
    (r"no directive file under (.*)", r"Không có tệp văn bản nào trong thư mục \1"),
    # the store and the service (store/, cli/service.py)
    (r"cannot reach the database at (.*?): (.*)", r"Không kết nối được cơ sở dữ liệu tại \1: \2"),
    (r"(.*) is at schema (.*), this directive-flow needs (.*): run 'directive-flow db upgrade'",
     r"\1 đang ở lược đồ \2, phiên bản directive-flow này cần \3: hãy chạy 'directive-flow db upgrade'."),
    (r"the database schema \((.*)\) is newer than this directive-flow \(knows up to (.*)\): upgrade directive-flow",
     r"Lược đồ cơ sở dữ liệu (\1) mới hơn phiên bản directive-flow này (chỉ biết đến \2): hãy nâng cấp directive-flow."),
    (r"(.*) has tables but no directive-flow schema version; .*",
     r"\1 đã có bảng nhưng không có phiên bản lược đồ directive-flow: hãy đặt DIRECTIVE_FLOW_DATABASE_URL là một cơ sở dữ liệu trống hoặc của directive-flow."),
    (r"port (\d+) is taken: stop what uses it or choose another port",
     r"Cổng \1 đang có chương trình khác dùng: hãy dừng chương trình đó hoặc chọn cổng khác."),
    (r"the Prefect server stopped during start-up \(exit (.*)\)",
     r"Máy chủ Prefect dừng trong lúc khởi động (mã thoát \1)."),
    (r"the Prefect server did not answer at (.*) within (.*) s",
     r"Máy chủ Prefect không trả lời tại \1 sau \2 giây."),
    (r"(.*) stopped \(exit (.*)\); see its log", r"\1 đã dừng (mã thoát \2): xem nhật ký của nó."),
    # the command line's own (cli/)
    (r"the day (.*) is outside the years (\d+)-(\d+): give a plausible day",
     r"Ngày \1 nằm ngoài khoảng năm \2-\3: hãy ghi một ngày hợp lý."),
    (r"'(.*)' is not one of: (.*)", r"'\1' không phải một trong các giá trị: \2."),
    (r"argument (\d+): not UTF-8 text \(bytes (.*)\); give the text in UTF-8 \(or rename the file\)",
     r"Đối số thứ \1 không phải văn bản UTF-8 (byte \2): hãy ghi văn bản dạng UTF-8 (hoặc đổi tên tệp)."),
    (r"invalid period label '(.*)'; expected (.*) or (.*)",
     r"'\1' không phải kỳ báo cáo: hãy ghi \2 hoặc \3."),
    (r"not UTF-8 text \(bytes (.*)\); give the text in UTF-8 \(or rename the file\)",
     r"không phải văn bản UTF-8 (byte \1): hãy ghi văn bản dạng UTF-8 (hoặc đổi tên tệp)."),
    (r"no definition files \(\*\.yaml, \*\.yml\) under (.*)",
     r"Không có tệp định nghĩa nào (*.yaml, *.yml) trong \1"),
    (r"--received-on needs --reason TEXT \(why it is entered late\)",
     "--received-on cần kèm --reason (lý do nhập muộn)."),
    (r"--return needs --reason TEXT", "Trả lại cần ghi lý do: --reason NỘI_DUNG."),
    (r"a request needs --until DATE and --reason TEXT",
     "Đề nghị gia hạn cần ghi --until (ngày gia hạn đến) và --reason (lý do)."),
    (r"give DIRECTIVE and TASK together, or neither \(every ready task\)",
     "Ghi cả văn bản (DIRECTIVE) lẫn nhiệm vụ (TASK), hoặc không ghi cả hai (mọi nhiệm vụ đã đủ số liệu)."),
    (r"--port is 1-65535 and --workers at least 1", "--port phải từ 1 đến 65535 và --workers ít nhất là 1."),
    (r"cannot read (.*): (.*)", r"Không đọc được \1: \2."),
    (r"cannot write (.*): (.*)", r"Không ghi được \1: \2."),
    # drafting (draft/text.py, draft/notice.py)
    (r"(.*): the notice is empty", r"\1: thông báo không có nội dung"),
    (r"binary file, not notice text \(it holds NUL bytes\); save it as UTF-8 text",
     "Tệp nhị phân, không phải văn bản thông báo (có byte NUL): hãy lưu lại dạng văn bản UTF-8."),
    (r"binary file, not notice text \(too many control characters\)",
     "Tệp nhị phân, không phải văn bản thông báo (quá nhiều ký tự điều khiển)."),
    (r"notice is too large \(([\d,]+) bytes; the limit is ([\d,]+)\)",
     r"Thông báo quá lớn (\1 byte; giới hạn là \2 byte)."),
    (r"notice is too large \(([\d,]+) characters; the limit is ([\d,]+)\)",
     r"Thông báo quá dài (\1 ký tự; giới hạn là \2)."),
    (r"notice starts with a (.*) byte-order mark but is not (.*)",
     r"Thông báo bắt đầu bằng dấu BOM của \1 nhưng nội dung không phải \2."),
    (r"(.*): too large \(([\d,]+) bytes; the limit is ([\d,]+)\)", r"\1: tệp quá lớn (\2 byte; giới hạn là \3 byte)."),
    # the inbox and its data files (steps/collect.py, steps/inbox_folder.py, steps/intake.py)
    ("(.*) is below the minimum (.*)", r"\1 nhỏ hơn mức tối thiểu \2."),
    ("(.*) is above the maximum (.*)", r"\1 lớn hơn mức tối đa \2."),
    ("the folder name is not UTF-8 text; rename it", "Tên thư mục không phải văn bản UTF-8: hãy đổi tên thư mục."),
    ("no collector marker", "Thư mục chưa được hệ thống ghi nhận (thiếu tệp đánh dấu .directive-flow.json)."),
    (r"not a regular file \(links are not accepted\)", "Không phải tệp thông thường (không nhận liên kết, lối tắt)."),
    ("sub-folders are not accepted; put files directly",
     "Không nhận thư mục con: hãy đặt các tệp ngay trong thư mục nhiệm vụ."),
    ("the file name is not UTF-8 text; rename the file", "Tên tệp không phải văn bản UTF-8: hãy đổi tên tệp."),
    ("over the (.*) limit for a file", r"Tệp vượt quá giới hạn \1 cho một tệp."),
    ("over the (.*) limit for an attachment", r"Tệp vượt quá giới hạn \1 cho một tệp đính kèm."),
    ("(.*) is over the (.*) limit for an attachment", r"Tệp \1 vượt quá giới hạn \2 cho một tệp đính kèm."),
    (r"the content is a (Windows|Linux|macOS) program, not a document; .*",
     r"Nội dung tệp là một chương trình \1, không phải tài liệu: không nhận tệp này, dù tệp mang tên gì."),
    (r"the content is a script \(#!\), not a document; .*",
     "Nội dung tệp là một tập lệnh (#!), không phải tài liệu: không nhận tệp này, dù tệp mang tên gì."),
    (r"the name has no type \(such as \.pdf\); attach a file of one of these types: (.*)",
     r"Tên tệp không có phần đuôi chỉ loại tệp (như .pdf): hãy đính kèm tệp thuộc một trong các loại \1."),
    (r"a file of type \.(.*) is not accepted; attach one of these types: (.*)",
     r"Không nhận tệp loại .\1: hãy đính kèm tệp thuộc một trong các loại \2."),
    (r"the content is not .* \(\.(\w+)\); attach the real file, or save it again as \.\w+",
     r"Nội dung tệp không phải tệp .\1 thật: hãy đính kèm đúng tệp, hoặc mở tệp rồi lưu lại dạng .\1."),
    (r"give the data once: data\.yaml or data\.json, not both",
     "Chỉ gửi số liệu một lần: data.yaml hoặc data.json, không gửi cả hai."),
    ("not UTF-8 text; save the note as UTF-8", "Không phải văn bản UTF-8: hãy lưu ghi chú dạng UTF-8."),
    (r"the store refused the data: (\w+)", r"Hệ thống không lưu được số liệu (\1): hãy báo cán bộ vận hành."),
    (r"(\d+):(\d+): YAML syntax error: (.*)", r"dòng \1, cột \2: lỗi cú pháp YAML (\3)."),
    (r"(\d+):(\d+): invalid JSON: (.*)", r"dòng \1, cột \2: JSON không hợp lệ (\3)."),
    (r"binary file \(or UTF-16\), not UTF-8 text",
     "Tệp nhị phân (hoặc UTF-16), không phải văn bản UTF-8: hãy lưu lại dạng UTF-8."),
    (r"(\d+): not UTF-8 text \(byte (0x[0-9a-f]{2})\)",
     r"dòng \1: không phải văn bản UTF-8 (byte \2): hãy lưu lại dạng UTF-8."),
    ("(.*) is not a number; write the figure, or leave the field out",
     r"\1 không phải một số: hãy ghi số liệu, hoặc bỏ trống trường này."),
    ("expected a mapping of field name to value", "Cần ghi từng trường với giá trị của nó (tên_trường: giá trị)."),
    (r"nested more than (\d+) levels deep", r"Lồng nhau quá \1 cấp."),
    ("(.*) is not a value a form can hold", r"\1 không phải giá trị mà biểu mẫu nhận được."),
    (r"([\d,]+) keys; at most ([\d,]+)", r"\1 khóa; tối đa \2 khóa."),
    ("(.*) is not a finite number", r"\1 không phải một số hữu hạn."),
)  # fmt: skip
_LEAD_IN = "Không thực hiện được"


def vietnamese(message: str) -> str | None:
    """The Vietnamese sentence of ``message`` when it is a common one (None: it is not)."""
    for pattern, sentence in SAID:
        if match := re.fullmatch(pattern, message):
            return _thousands(match.expand(sentence))
    return None


_QUOTED = re.compile(r"""('[^']*'|"[^"]*")""")


def _thousands(text: str) -> str:
    """The thousands commas as dots, but not inside quotes: what a person typed
    (``got '1,250'``) is repeated as typed, never as a figure they did not write."""
    parts = _QUOTED.split(text)
    return "".join(part if index % 2 else vn_thousands(part) for index, part in enumerate(parts))


def in_vietnamese(message: str) -> str:
    """``message`` in Vietnamese when it is a common one, the exact words kept after it."""
    said = vietnamese(message)
    return message if said is None else f"{said} ({message})"


def error_lines(summary: str, problems: tuple[str, ...] | list[str] = ()) -> list[str]:
    """A refusal as the command line prints it in Vietnamese: the summary, then one
    ``  - `` line per problem. A message the table has no sentence for stays as it is
    (and so does the part before ``: `` of ``--late: unknown agency 'x'``)."""
    head = summary.rstrip(": ") if problems else summary
    lines = [said(head) + (":" if problems else "")]
    return lines + [f"  - {said(p)}" for p in problems]


def said(message: str) -> str:
    """``message`` in Vietnamese, no English kept; else ``prefix: rest`` with the rest
    in Vietnamese; else as it is (what the portal shows a clerk)."""
    if (whole := vietnamese(message)) is not None:
        return whole
    prefix, sep, rest = message.partition(": ")
    part = vietnamese(rest) if sep else None
    return message if part is None else f"{prefix}: {part}"


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


def said_lines(summary: str, problems: tuple[str, ...] | list[str] = ()) -> list[str]:
    """A refusal as the lines a page shows a clerk: the summary, then each problem, in
    Vietnamese without the English wherever a sentence exists."""
    return [said(summary.rstrip(": ")), *(said(p) for p in problems)]


def _problem(problem: str) -> str:
    """``field: message`` with the message in Vietnamese when it is a common one."""
    field, sep, message = problem.partition(": ")
    return f"{field}: {in_vietnamese(message)}" if sep else in_vietnamese(problem)
