"""The command line's help in Vietnamese, and the lines ``directive-flow up`` prints.

The parsers are written in English where they are defined (``cli/*.py``). directive-flow's
Vietnamese parser (:mod:`directive_flow.cli.parser`) shows each text of ``--help``
through :func:`help_text` as it formats it: the program's and each command's description,
each argument's help, each epilog of examples. :data:`HELP` maps the English text, exactly
as written, to its Vietnamese. An epilog of examples is said line by line: ``examples:``
(or ``example: <command>``) from :data:`HELP`, each command as written, the comment after
its ``# `` from :data:`HELP`. A text no row covers is shown as it is; a test fails on any
such text (pure code, a URL, is allowed) and on any row no parser uses.

:data:`SERVICE` holds the lines ``directive-flow up`` and the service print while starting
and stopping (English template -> Vietnamese template, ``str.format`` fields): see
:func:`service_line`. Option names, metavars, file names, variables and URLs stay as
they are written.
"""

from __future__ import annotations

import re

from directive_flow.texts.formats import format_number

__all__ = ["HELP", "SERVICE", "help_text", "service_line"]

HELP = {
    # the program
    "Turn government directives into tracked, reminded, consolidated work.":
        "Biến văn bản chỉ đạo của cơ quan nhà nước thành nhiệm vụ được theo dõi, nhắc việc "
        "và tổng hợp báo cáo.",
    # epilogs
    "examples:": "ví dụ:",
    "example:": "ví dụ:",
    # shared by several commands
    "output format": "định dạng kết quả",
    "a directive file": "tệp văn bản",
    "directive id": "mã văn bản",
    "task key, e.g. supply-data/so-yt": "mã nhiệm vụ, ví dụ supply-data/so-yt",
    "actor (default: OS user)": "người thực hiện (mặc định: tài khoản hệ điều hành)",
    "day (default: today)": "ngày (mặc định: hôm nay)",
    # validate
    "Check agency registries and directives; print every problem as path:line:col: message.":
        "Kiểm tra các tệp danh mục cơ quan và tệp văn bản; in từng lỗi theo dạng "
        "tệp:dòng:cột: nội dung lỗi.",
    "definition files or folders": "các tệp định nghĩa hoặc thư mục chứa chúng",
    # plan
    "Plan a directive: one task per member agency and period, resolved deadlines, what each "
    "waits on, the reminder timeline and the critical path.":
        "Lập kế hoạch thực hiện một văn bản: mỗi cơ quan thành viên, mỗi kỳ báo cáo một nhiệm "
        "vụ, thời hạn tính ra ngày cụ thể, nhiệm vụ nào phải chờ nhiệm vụ nào, lịch nhắc việc "
        "và đường găng.",
    "day to plan as of (default: today)": "lập kế hoạch tính đến ngày này (mặc định: hôm nay)",
    "only this reporting period, e.g. H1-2026": "chỉ kỳ báo cáo này, ví dụ H1-2026",
    "show what slips if agency CODE is DAYS working days late (repeatable)":
        "xem những việc bị chậm theo nếu cơ quan CODE chậm DAYS ngày làm việc "
        "(dùng được nhiều lần)",
    # graph
    "Print the directive's dependency graph; suppliers point at consumers.":
        "In sơ đồ phụ thuộc giữa các nhiệm vụ của văn bản; mũi tên đi từ nhiệm vụ cung cấp số "
        "liệu tới nhiệm vụ dùng số liệu đó.",
    # show
    "Print a directive's header and assignments by section, owners named.":
        "In phần đầu và các nhiệm vụ của văn bản theo từng mục, ghi rõ cơ quan chủ trì.",
    # schema
    "Write agencies.schema.json and directive.schema.json (for the yaml-language-server line "
    "at the top of every definition).":
        "Ghi agencies.schema.json và directive.schema.json (dùng cho dòng yaml-language-server "
        "ở đầu mỗi tệp định nghĩa).",
    "folder (default: schema/)": "thư mục ghi tệp (mặc định: schema/)",
    # draft
    "Read a notice (conclusion notice, directive, official letter, plan) and write a draft "
    "definition: header, assignments with owners, deadlines and dependencies, each with its "
    "source lines. Review the TODOs, then validate.":
        "Đọc một văn bản (thông báo kết luận, chỉ thị, công văn, kế hoạch) và soạn tệp định "
        "nghĩa dự thảo: phần đầu, các nhiệm vụ kèm cơ quan chủ trì, thời hạn và quan hệ phụ "
        "thuộc, mỗi mục ghi kèm các dòng gốc của nó. Rà soát các mục TODO rồi chạy validate.",
    "no registry: names kept, standard agencies known":
        "không có danh mục: giữ nguyên tên, vẫn nhận ra các cơ quan thông dụng",
    "the notice: text, HTML, a pasted page": "văn bản nguồn: tệp chữ, HTML, trang đã sao chép",
    "the agency registry (without it: names verbatim, standard agencies from a built-in list)":
        "danh mục cơ quan (không có thì giữ nguyên tên như trong văn bản, các cơ quan thông "
        "dụng lấy từ danh sách có sẵn)",
    "write here (default: stdout)": "ghi ra tệp này (mặc định: stdout)",
    "show the difference from a reviewed definition":
        "so sánh với một tệp định nghĩa đã rà soát",
    # register
    "Validate, plan and store each directive (one transaction per file). The same file again "
    "changes nothing; an edited file adds, moves and cancels tasks.":
        "Kiểm tra, lập kế hoạch và lưu từng văn bản (mỗi tệp một giao dịch). Đăng ký lại đúng "
        "tệp cũ thì không có gì thay đổi; tệp đã sửa thì các nhiệm vụ được thêm, dời hạn hoặc "
        "hủy theo phần sửa.",
    "directive files, or folders of them": "các tệp văn bản, hoặc thư mục chứa chúng",
    "print the difference only": "chỉ in phần thay đổi, không lưu",
    "plan as of (default: today)": "lập kế hoạch tính đến ngày (mặc định: hôm nay)",
    "mark this directive replaced": "đánh dấu văn bản này đã được thay thế",
    "a record of past work: planned as of its issue date, shown, never reminded":
        "tư liệu về công việc đã qua: lập kế hoạch tính từ ngày ban hành, chỉ hiển thị, không "
        "nhắc việc",
    "followed up again (the default for new)":
        "theo dõi, nhắc việc trở lại (mặc định với văn bản mới)",
    # submit
    "Store a submission for a task. Data (YAML or JSON mapping of field to value) is checked "
    "against the deliverable's fields and refused whole with every problem listed. "
    "Attachments: documents (the types of DIRECTIVE_FLOW_ATTACHMENT_TYPES, their content "
    "checked), at most 25 MiB each.":
        "Lưu báo cáo nộp cho một nhiệm vụ. Số liệu (YAML hoặc JSON, mỗi trường một giá trị) "
        "được đối chiếu với các trường của biểu mẫu; có lỗi thì bị từ chối cả, kèm danh sách "
        "mọi lỗi. Tệp đính kèm: chỉ tài liệu (các loại trong DIRECTIVE_FLOW_ATTACHMENT_TYPES, "
        "có kiểm tra nội dung), tối đa 25 MiB mỗi tệp.",
    "one agency registry's directives (a province on a shared store)":
        "các văn bản của một danh mục cơ quan (một tỉnh trên kho dùng chung)",
    "the submitting agency": "cơ quan nộp báo cáo",
    "data file (.yaml or .json)": "tệp số liệu (.yaml hoặc .json)",
    "a file to attach (repeatable; 25 MiB each at most)":
        "tệp đính kèm (dùng được nhiều lần; tối đa 25 MiB mỗi tệp)",
    "a note kept with it": "ghi chú lưu kèm báo cáo",
    "the day the office received it on paper (operators; needs --reason)":
        "ngày văn phòng nhận bản giấy (dành cho cán bộ vận hành; cần --reason)",
    "why it is entered late": "lý do nhập muộn",
    # review
    "Decide on a task's latest submission.":
        "Chấp nhận hoặc trả lại báo cáo nộp gần nhất của một nhiệm vụ.",
    "accept it": "chấp nhận báo cáo",
    "return it: the task reopens (needs --reason)":
        "trả lại báo cáo: nhiệm vụ mở lại (cần --reason)",
    "why it is returned (shown to the agency)": "lý do trả lại (cơ quan nộp sẽ thấy)",
    "the version you read (`show`): refused if a newer one came in since":
        "phiên bản đã xem (`show`): bị từ chối nếu sau đó đã có phiên bản mới hơn",
    # extend
    "A request needs --until and --reason and must be made on or before the deadline. "
    "Approval moves the deadline in force; the original is kept.":
        "Đề nghị gia hạn cần có --until và --reason, và phải gửi chậm nhất vào ngày đến hạn. "
        "Khi được chấp thuận, thời hạn đang áp dụng được dời; thời hạn ban đầu vẫn được lưu.",
    "the new deadline asked for": "thời hạn mới đề nghị",
    "why more time is needed": "lý do cần thêm thời gian",
    "approve the request": "chấp thuận đề nghị gia hạn",
    "reject the request": "từ chối đề nghị gia hạn",
    # history
    "Every recorded write to a task, oldest first, with its actor.":
        "Mọi thao tác đã ghi nhận trên một nhiệm vụ, cũ nhất trước, kèm người thực hiện.",
    # status
    "Each task is completed on time, completed late, open and not yet due, or open and "
    "overdue on the day; standing duties are counted apart. Live work only, unless --all: a "
    "directive is closed once nothing of it is open and its last deadline and completion are "
    "more than 90 days old (historical examples are never live). Naming a directive (closed "
    "or not) or an agency also lists each task and what it waits on.":
        "Tính đến ngày xem, mỗi nhiệm vụ ở một trong bốn tình trạng: hoàn thành đúng hạn, hoàn "
        "thành quá hạn, đang thực hiện trong hạn, quá hạn chưa hoàn thành; nhiệm vụ thường "
        "xuyên được đếm riêng. Chỉ tính các văn bản đang theo dõi, trừ khi có --all: một văn "
        "bản được đóng khi không còn nhiệm vụ nào đang mở và thời hạn cuối cùng lẫn lần hoàn "
        "thành cuối cùng đều đã qua hơn 90 ngày (văn bản tư liệu không bao giờ được theo dõi). "
        "Khi chỉ định một văn bản (đã đóng hay chưa) hoặc một cơ quan, bảng liệt kê thêm từng "
        "nhiệm vụ và việc nó đang chờ.",
    "one directive id": "mã của một văn bản",
    "one agency's tasks": "các nhiệm vụ của một cơ quan",
    "count against the extended deadline (default) or the original one":
        "tính theo thời hạn đã gia hạn (mặc định) hoặc theo thời hạn ban đầu",
    "list each task too": "liệt kê thêm từng nhiệm vụ",
    "every directive ever registered, closed included":
        "mọi văn bản đã đăng ký, kể cả văn bản đã đóng",
    "every column, with its full name": "đủ các cột, ghi tên cột đầy đủ",
    "rows per table in text output (0: all)": "số dòng mỗi bảng khi in dạng chữ (0: tất cả)",
    # collect
    "Read <home>/inbox/<agency>/<directive>/<task>/ folders one by one: a settled folder "
    "becomes a submission, a bad one moves to .rejected with its reason.":
        "Đọc lần lượt từng thư mục <home>/inbox/<agency>/<directive>/<task>/ của hộp thư đến: "
        "thư mục đã chép xong trở thành một lần nộp báo cáo, thư mục không hợp lệ được chuyển "
        "vào .rejected kèm lý do.",
    "take folders at once (a script)": "nhận thư mục ngay, không chờ (khi chạy từ script)",
    "take a folder once it has been unchanged this long across two looks":
        "nhận một thư mục khi nó không thay đổi qua hai lần xem cách nhau chừng ấy giây",
    # remind
    "Decide the reminder stages due on the day (nothing on a day off), write them to the "
    "outbox once each, then deliver what the outbox holds. A later day than today only with "
    "--dry-run, which decides and writes nothing.":
        "Xác định các bước nhắc việc đến hạn trong ngày (ngày nghỉ thì không nhắc), ghi mỗi "
        "bước một lần vào hộp thư đi, rồi gửi các thư đang chờ trong hộp thư đi. Chỉ chọn được "
        "một ngày sau hôm nay khi có --dry-run: khi đó chỉ xác định, không ghi gì.",
    "today: queue, then deliver": "hôm nay: xếp thư vào hộp thư đi rồi gửi",
    "what a later day would send": "những thư sẽ gửi vào một ngày sau",
    "the day (default: today)": "ngày nhắc việc (mặc định: hôm nay)",
    "one directive only": "chỉ một văn bản",
    "decide only; write and send nothing": "chỉ xác định; không ghi, không gửi gì",
    # consolidate
    "Build the report of the named consolidating task, or of every one whose live suppliers "
    "are all accepted. --partial builds it now, marked partial, listing what is missing.":
        "Lập báo cáo của nhiệm vụ tổng hợp được chỉ định, hoặc của mọi nhiệm vụ tổng hợp mà "
        "báo cáo của các cơ quan cung cấp số liệu (còn hiệu lực) đều đã được chấp nhận. "
        "--partial lập báo cáo ngay, ghi là báo cáo tạm, kèm danh sách phần còn thiếu.",
    "every task whose suppliers are all accepted":
        "mọi nhiệm vụ tổng hợp đã có đủ số liệu được chấp nhận",
    "the consolidating task": "nhiệm vụ tổng hợp",
    "build it even with suppliers missing": "vẫn lập báo cáo dù còn thiếu số liệu",
    # open-period
    "Register every active directive with a recurring duty again, from its stored text, as of "
    "the period's first day: the period's tasks come to exist. Opening a period twice changes "
    "nothing.":
        "Đăng ký lại, từ nội dung đã lưu, mọi văn bản đang hiệu lực có nhiệm vụ định kỳ, tính "
        "đến ngày đầu kỳ: các nhiệm vụ của kỳ báo cáo được tạo ra. Mở một kỳ hai lần không "
        "thay đổi gì.",
    "the half-year whose data window holds today":
        "kỳ sáu tháng có thời gian lấy số liệu chứa ngày hôm nay",
    "H1-2027, Q3-2027, M08-2027, Y-2027": "kỳ báo cáo: H1-2027, Q3-2027, M08-2027, Y-2027",
    # dashboard
    "Each directive's progress, four-way counts per agency and Vietnamese summary with the "
    "overdue tasks, as the Prefect artifacts show them.":
        "Tiến độ của từng văn bản: số nhiệm vụ theo bốn tình trạng của từng cơ quan và phần tóm "
        "tắt kèm các nhiệm vụ quá hạn, như các artifact trên Prefect hiển thị.",
    "one directive": "một văn bản",
    # db
    "Apply the store's migrations (upgrade) or print its schema version (current). The store "
    "is DIRECTIVE_FLOW_DATABASE_URL, else a SQLite file in DIRECTIVE_FLOW_HOME.":
        "Nâng cấp lược đồ cơ sở dữ liệu (upgrade) hoặc in phiên bản lược đồ hiện tại "
        "(current). Cơ sở dữ liệu là DIRECTIVE_FLOW_DATABASE_URL, không có thì là một tệp "
        "SQLite trong DIRECTIVE_FLOW_HOME.",
    # doctor
    "Check, without sending mail or changing anything: the store answers and is at this "
    "code's schema; DIRECTIVE_FLOW_HOME and its folders take a file; the SMTP server greets "
    "and takes the log-in (or mail goes to the mailbox); the Prefect server of PREFECT_API_URL "
    "answers and takes PREFECT_API_AUTH_STRING; the work pool's deployments have a worker "
    "online and the automations that mark dead runs Crashed, and this machine's "
    "PREFECT_FLOWS_HEARTBEAT_FREQUENCY is 30 (or, served by directive-flow up, every "
    "deployment is ready); which schedules are on. Exit 1 when a check fails.":
        "Kiểm tra, không gửi thư và không thay đổi gì: cơ sở dữ liệu trả lời và có lược đồ "
        "đúng phiên bản phần mềm; DIRECTIVE_FLOW_HOME và các thư mục con ghi được tệp; máy "
        "chủ SMTP trả lời và chấp nhận đăng nhập (hoặc thư được lưu vào hộp thư cục bộ); máy "
        "chủ Prefect tại PREFECT_API_URL trả lời và chấp nhận PREFECT_API_AUTH_STRING; các "
        "deployment của work pool có worker đang hoạt động, có các automation đánh dấu Crashed "
        "cho những lần chạy đã chết, và PREFECT_FLOWS_HEARTBEAT_FREQUENCY của máy này là 30 "
        "(hoặc, khi chạy bằng directive-flow up, mọi deployment đều sẵn sàng); lịch chạy nào "
        "đang bật. Mã thoát 1 khi có mục kiểm tra không đạt.",
    "production: schedules must be on": "môi trường chính thức: mọi lịch chạy phải bật",
    "the work pool of prefect.yaml": "work pool khai báo trong prefect.yaml",
    "fail unless every schedule is on (production) or off (staging)":
        "báo lỗi nếu không phải mọi lịch chạy đều bật (môi trường chính thức) hoặc đều tắt "
        "(môi trường thử nghiệm)",
    # up
    "Start a local Prefect server (SQLite under DIRECTIVE_FLOW_HOME/prefect), register the "
    "definitions, serve all deployments and the agencies' portal, print both addresses; "
    "Ctrl-C (or SIGTERM) stops everything. Without --definitions the bundled Kon Tum 2014 "
    "examples are registered as historical: shown, never reminded.":
        "Chạy máy chủ Prefect cục bộ (SQLite trong DIRECTIVE_FLOW_HOME/prefect), đăng ký các "
        "tệp định nghĩa, chạy mọi deployment và cổng thông tin cho các cơ quan, in hai địa "
        "chỉ; Ctrl-C (hoặc SIGTERM) dừng tất cả. Không có --definitions thì các văn bản mẫu "
        "Kon Tum năm 2014 kèm theo được đăng ký dạng tư liệu: chỉ hiển thị, không nhắc việc.",
    "UI at http://127.0.0.1:4200, portal at :8200":
        "giao diện Prefect tại http://127.0.0.1:4200, cổng thông tin :8200",
    "the Prefect server's port": "số cổng của máy chủ Prefect",
    "the portal's port": "số cổng của cổng thông tin",
    "your definitions, registered live (default: the bundled examples, historical)":
        "thư mục định nghĩa của đơn vị, đăng ký để theo dõi và nhắc việc (mặc định: các văn "
        "bản mẫu kèm theo, dạng tư liệu)",
    # portal
    "Serve the portal on HOST:PORT until Ctrl-C. Without SMTP configured, sign-in links go to "
    "the local mailbox (DIRECTIVE_FLOW_HOME/mailbox), which operators "
    "(DIRECTIVE_FLOW_OPERATORS) read in the portal. See docs/portal.md.":
        "Chạy cổng thông tin tại HOST:PORT cho đến khi nhấn Ctrl-C. Chưa cấu hình SMTP thì "
        "liên kết đăng nhập được lưu vào hộp thư cục bộ (DIRECTIVE_FLOW_HOME/mailbox), cán bộ "
        "vận hành (DIRECTIVE_FLOW_OPERATORS) đọc trên cổng thông tin. Xem docs/portal.md.",
    "behind a reverse proxy": "chạy sau reverse proxy",
    "address to listen on": "địa chỉ lắng nghe",
    "port to listen on": "số cổng lắng nghe",
    "worker processes (sessions live in the store)":
        "số tiến trình xử lý (phiên đăng nhập lưu trong cơ sở dữ liệu)",
    "trust X-Forwarded-For/-Proto from the reverse proxy on this machine":
        "tin X-Forwarded-For/-Proto do reverse proxy trên máy này gửi tới",
    # demo
    "Register notice 975/TB-VP, let simulated days pass with agencies submitting (one late, "
    "escalated), reminders delivered to a local SMTP server and the consolidated report "
    "built; print what happened.":
        "Đăng ký Thông báo 975/TB-VP rồi cho các ngày mô phỏng trôi qua: các cơ quan nộp báo "
        "cáo (một cơ quan nộp muộn, bị chuyển cấp), thư nhắc việc gửi tới máy chủ SMTP cục "
        "bộ, báo cáo tổng hợp được lập; in lại diễn biến.",
    "against Prefect's test harness": "chạy trên môi trường thử của Prefect",
    "against a running server": "chạy trên máy chủ Prefect đang hoạt động",
    "where to keep its data": "thư mục lưu dữ liệu",
    "show every Prefect log line": "hiện mọi dòng nhật ký của Prefect",
}  # fmt: skip
"""English help text, exactly as the parsers write it -> Vietnamese (no ``%``: argparse
expands ``%(default)s`` in an argument's help)."""

SERVICE = {
    # cli/service.py
    "Prefect server ready in {seconds} s ({api}); logs: {logs}":
        "Máy chủ Prefect đã sẵn sàng sau {seconds} giây ({api}); nhật ký: {logs}",
    "registered {line}": "Đã đăng ký {line}",
    "Prefect UI (operators): {url}": "Giao diện Prefect (cho cán bộ vận hành): {url}",
    "Portal (agencies): {url}": "Cổng thông tin (cho các cơ quan): {url}",
    "Ctrl-C stops everything.": "Nhấn Ctrl-C để dừng tất cả.",
    "stopping ...": "Đang dừng ...",
    # cli/up.py: what was registered, one line a directive (Registration.outcome)
    "{directive}: new (version {version})": "{directive}: văn bản mới (phiên bản {version})",
    "{directive}: updated (version {version})": "{directive}: đã cập nhật (phiên bản {version})",
    "{directive}: unchanged (version {version})":
        "{directive}: không thay đổi (phiên bản {version})",
    "{line} (historical example)": "{line} (tư liệu mẫu, không nhắc việc)",
}  # fmt: skip
"""The lines of ``directive-flow up``: English template -> Vietnamese template."""

_EXAMPLES = re.compile(r"(?P<heading>examples?:)(?P<rest> .*)?", re.S)
_COMMENT = re.compile(r"(?P<code>.*?\s# )(?P<comment>.*)")


def help_text(text: str) -> str:
    """A text of ``--help`` in Vietnamese (as it is when :data:`HELP` has no row for it)."""
    if text in HELP:
        return HELP[text]
    first, newline, rest = text.partition("\n")
    heading = _EXAMPLES.fullmatch(first)
    if heading is None:
        return text
    lines = [HELP.get(heading["heading"], heading["heading"]) + (heading["rest"] or "")]
    lines += [_example(line) for line in rest.split("\n")] if newline else []
    return "\n".join(lines)


def _example(line: str) -> str:
    """One example: the command as written, its comment (after ``# ``) in Vietnamese."""
    if match := _COMMENT.fullmatch(line):
        return match["code"] + HELP.get(match["comment"], match["comment"])
    return line


def service_line(english: str, lang: str, **fields: object) -> str:
    """One line ``up`` prints: ``english`` (a :data:`SERVICE` key) filled in, or its
    Vietnamese; a ``float`` field is written with one decimal (``2,5`` in Vietnamese)."""
    if lang == "en":
        filled = {k: f"{v:.1f}" if isinstance(v, float) else v for k, v in fields.items()}
        return english.format(**filled)
    filled = {k: _decimal(v) if isinstance(v, float) else v for k, v in fields.items()}
    return SERVICE.get(english, english).format(**filled)


def _decimal(value: float) -> str:
    return format_number(round(value, 1))
