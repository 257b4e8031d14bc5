"""Time drafting a ten-page notice (aim: under 0.2 s).

The notice is built from varied sections (bullets, lettered items, inline owners, several
deadline forms, a supply clause, a group owner) repeated until it is about ten pages
(~30,000 characters: 18 rounds of 7 sections), numbered 1..N. Run: ``.venv/bin/python bench/bench_draft.py``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from directive_flow.definition.loader import load_registry  # noqa: E402
from directive_flow.draft import draft_notice  # noqa: E402

HEAD = """ỦY BAN NHÂN DÂN TỈNH KON TUM
VĂN PHÒNG
Số: 975/TB - VP

Kon Tum, ngày 10 tháng 7 năm 2014

THÔNG BÁO

Kết luận của đồng chí Lê Thị Kim Đơn - Phó Chủ tịch UBND tỉnh tại cuộc họp Ban chỉ đạo

Ngày 8/7/2014, tại Văn phòng Ủy ban nhân dân tỉnh, đồng chí Lê Thị Kim Đơn - Phó Chủ tịch UBND tỉnh đã chủ trì cuộc họp.

Tham dự cuộc họp có lãnh đạo các cơ quan thành viên Ban chỉ đạo. Đồng chí Phó Chủ tịch kết luận:
"""

SECTIONS = [
    """Giao Sở Lao động - Thương binh và Xã hội:

- Tiếp thu ý kiến các thành viên dự họp, hoàn chỉnh báo cáo kết quả triển khai thực hiện Chương trình hành động vì trẻ em 6 tháng đầu năm 2014, trình UBND tỉnh trước ngày 25/7/2014;

- Rà soát, đánh giá và tham mưu chấn chỉnh hoạt động của các thành viên Ban chỉ đạo trong tháng 8/2014;

- Tổ chức họp Hội đồng điều hành Quỹ Bảo trợ trẻ em tỉnh trong quý III.""",
    """Giao Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Y tế, Công an tỉnh xây dựng Kế hoạch tổ chức ngoại khóa cho học sinh trước khi bước vào năm học mới.""",
    """Sở Y tế:

a) Tổ chức hội thảo về công tác chăm sóc sức khỏe cho trẻ em trong 30 ngày làm việc;

b) Thường xuyên kiểm tra an toàn thực phẩm tại các trường học;

c) Báo cáo kết quả trước ngày 15-12.""",
    """UBND các huyện, thành phố:

Căn cứ Quyết định 34/2014/QĐ-TTg, ngày 30/5/2014 của Thủ tướng Chính phủ, chủ động rà soát, đánh giá lại các tiêu chuẩn xã, phường, thị trấn phù hợp với trẻ em, hoàn thành cuối năm nay.""",
    """Các cơ quan chủ trì các mục tiêu Chương trình:

- Có trách nhiệm rà soát lại, cung cấp thông tin, số liệu có liên quan để Sở Lao động - Thương binh và Xã hội hoàn thiện báo cáo kết quả triển khai thực hiện Chương trình trước ngày 20/7/2014;

- Cung cấp kịp thời thông tin, tài liệu cho các cơ quan thông tấn báo chí.""",
    """Giao các Sở: Nội vụ, Tài chính phối hợp tham mưu bố trí biên chế, kinh phí khẩn trương.""",
    """Sở Tài chính, Sở KH&ĐT có trách nhiệm:

- Thẩm định, bố trí kinh phí thực hiện Chương trình, hoàn thành chậm nhất đến ngày 14/9/2014;

+ Tổng hợp nhu cầu kinh phí của các đơn vị;

+ Trình UBND tỉnh phê duyệt.""",
]

FOOT = """
Văn phòng Ủy ban nhân dân tỉnh thông báo để các đơn vị biết, thực hiện./.

Nơi nhận:
- Chủ tịch UBND tỉnh (B/cáo);
- UBND các huyện, thành phố;
- Lưu VT, VX2.

KT. CHÁNH VĂN PHÒNG
PHÓ VĂN PHÒNG

Nguyễn Đình Cầu
"""


def ten_pages(repeat: int = 18) -> str:
    """A notice of about ten pages: the sections above, repeated and numbered."""
    body = [f"{n}. {text}" for n, text in enumerate(SECTIONS * repeat, 1)]
    return HEAD + "\n\n" + "\n\n".join(body) + "\n" + FOOT


def main() -> None:
    registry = load_registry(ROOT / "definitions/agencies/kontum.yaml").registry
    text = ten_pages().encode("utf-8")
    runs = []
    for _ in range(7):
        start = time.perf_counter()
        draft = draft_notice(text, registry=registry, source_name="ten-pages.txt")
        runs.append(time.perf_counter() - start)
    best, median = min(runs), sorted(runs)[len(runs) // 2]
    lines = text.count(b"\n") + 1
    print(
        f"draft: ten-page notice ({len(text):,} bytes, {lines} lines) -> "
        f"{len(draft.tasks)} assignments; first run {runs[0]:.3f} s, best {best:.3f} s, "
        f"median {median:.3f} s (target < 0.2 s)"
    )


if __name__ == "__main__":
    main()
