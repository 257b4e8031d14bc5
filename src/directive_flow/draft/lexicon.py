"""The built-in list of agency names, used when ``draft`` is given no registry.

Every province has the same departments (sở), police, military command and vertical
agencies, and the Government's ministries are few: their names, the abbreviations notices
use ("Sở GD&ĐT", "Sở NN&PTNT") and the usual group owners ("các sở, ban, ngành", "UBND các
huyện, thị xã, thành phố") are listed here, with the codes the project's registries use
(``so-gddt``, ``ca-tinh``). Names of districts, communes, newspapers and companies are not
listed: they are read from their head word ("UBND huyện", "Báo", "Công ty") and kept verbatim.

Districts and communes were not taken from a package: the one kept on PyPI
(``vietnam-provinces``) is GPL-3.0 (this project is MIT), lists only the post-2025 units
in its current releases and the pre-2025 ones only in 0.6.0; a capitalised place name
after "huyện", "thị xã", "xã" ... marks the same names in any era (see ``owners``).
"""

from __future__ import annotations

from functools import cache

from directive_flow.definition.model import Agency, AgencyRegistry, Group

# (code, name, short names and aliases): province level, before and after the 2025 merger.
_PROVINCE = (
    ("ubnd-tinh", "Ủy ban nhân dân tỉnh", "UBND tỉnh"),
    ("hdnd-tinh", "Hội đồng nhân dân tỉnh", "HĐND tỉnh|Thường trực HĐND tỉnh"),
    ("vp-ubnd", "Văn phòng Ủy ban nhân dân tỉnh", "VP UBND tỉnh|Văn phòng UBND tỉnh|VPUBND tỉnh"),
    ("so-nv", "Sở Nội vụ", "SNV"),
    ("so-tp", "Sở Tư pháp", "STP"),
    ("so-khdt", "Sở Kế hoạch và Đầu tư", "Sở KH&ĐT|Sở KHĐT|Sở Kế hoạch - Đầu tư"),
    ("so-tc", "Sở Tài chính", "STC"),
    ("so-ct", "Sở Công Thương", "SCT"),
    (
        "so-nnptnt",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Sở NN&PTNT|Sở NNPTNT|Sở Nông nghiệp và PTNT|Sở Nông nghiệp - Phát triển nông thôn",
    ),
    ("so-nnmt", "Sở Nông nghiệp và Môi trường", "Sở NN&MT|Sở NNMT"),
    ("so-gtvt", "Sở Giao thông vận tải", "Sở GTVT|Sở Giao thông - Vận tải"),
    ("so-xd", "Sở Xây dựng", "SXD"),
    ("so-tnmt", "Sở Tài nguyên và Môi trường", "Sở TN&MT|Sở TNMT"),
    ("so-tttt", "Sở Thông tin và Truyền thông", "Sở TT&TT|Sở TTTT"),
    (
        "so-ldtbxh",
        "Sở Lao động - Thương binh và Xã hội",
        "Sở LĐ-TB&XH|Sở LĐTBXH|Sở Lao động, Thương binh và Xã hội",
    ),
    ("so-vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "Sở VHTTDL|Sở VH-TT&DL|Sở VHTT&DL"),
    ("so-vhtt", "Sở Văn hóa và Thể thao", "Sở VH&TT|Sở VHTT"),
    ("so-dl", "Sở Du lịch", ""),
    ("so-khcn", "Sở Khoa học và Công nghệ", "Sở KH&CN|Sở KHCN"),
    ("so-gddt", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT|Sở GDĐT|Sở Giáo dục - Đào tạo"),
    ("so-yt", "Sở Y tế", ""),
    ("so-ngv", "Sở Ngoại vụ", ""),
    ("so-dttg", "Sở Dân tộc và Tôn giáo", ""),
    ("thanh-tra-tinh", "Thanh tra tỉnh", ""),
    ("ban-dan-toc", "Ban Dân tộc tỉnh", "Ban Dân tộc"),
    ("ca-tinh", "Công an tỉnh", "CA tỉnh"),
    ("bchqs-tinh", "Bộ Chỉ huy Quân sự tỉnh", "BCHQS tỉnh|Bộ CHQS tỉnh"),
    (
        "bdbp-tinh",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        "BĐBP tỉnh|Bộ đội Biên phòng tỉnh|Bộ Chỉ huy BĐBP tỉnh",
    ),
    ("cuc-thue", "Cục Thuế tỉnh", "Cục Thuế"),
    ("cuc-hai-quan", "Cục Hải quan tỉnh", ""),
    ("cuc-thong-ke", "Cục Thống kê tỉnh", "Cục Thống kê"),
    ("cuc-qltt", "Cục Quản lý thị trường tỉnh", "Cục QLTT tỉnh|Cục Quản lý thị trường"),
    ("kbnn-tinh", "Kho bạc Nhà nước tỉnh", "KBNN tỉnh"),
    ("nhnn-tinh", "Ngân hàng Nhà nước chi nhánh tỉnh", "Ngân hàng Nhà nước tỉnh"),
    ("bhxh-tinh", "Bảo hiểm xã hội tỉnh", "BHXH tỉnh"),
    (
        "dai-ptth",
        "Đài Phát thanh - Truyền hình tỉnh",
        "Đài Phát thanh và Truyền hình tỉnh|Đài PT-TH tỉnh|Đài PTTH tỉnh",
    ),
    ("bql-kcn", "Ban Quản lý các khu công nghiệp tỉnh", "Ban Quản lý các KCN tỉnh"),
    ("bql-kkt", "Ban Quản lý Khu kinh tế tỉnh", "Ban Quản lý KKT tỉnh"),
    (
        "bqlda-dtxd",
        "Ban Quản lý dự án đầu tư xây dựng tỉnh",
        "Ban QLDA đầu tư xây dựng tỉnh|Ban QLDA ĐTXD tỉnh|Ban Quản lý dự án ĐTXD tỉnh",
    ),
    ("ban-atgt", "Ban An toàn giao thông tỉnh", "Ban ATGT tỉnh"),
    ("tinh-doan", "Tỉnh đoàn", "Tỉnh Đoàn"),
    ("hoi-lhpn", "Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh"),
    (
        "ubmttq",
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
        "UBMTTQ Việt Nam tỉnh|UBMTTQVN tỉnh|Ủy ban MTTQ Việt Nam tỉnh",
    ),
    ("hoi-nong-dan", "Hội Nông dân tỉnh", ""),
    ("hoi-ccb", "Hội Cựu chiến binh tỉnh", ""),
    ("ldld-tinh", "Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh"),
    ("truong-chinh-tri", "Trường Chính trị tỉnh", ""),
)

# The Government's ministries and agencies, for letters of the Government Office.
_CENTRAL = (
    ("vpcp", "Văn phòng Chính phủ", "VPCP"),
    ("bo-khdt", "Bộ Kế hoạch và Đầu tư", "Bộ KH&ĐT|Bộ KHĐT"),
    ("bo-tc", "Bộ Tài chính", "BTC"),
    ("bo-ct", "Bộ Công Thương", "BCT"),
    ("bo-nnptnt", "Bộ Nông nghiệp và Phát triển nông thôn", "Bộ NN&PTNT|Bộ NNPTNT"),
    ("bo-nnmt", "Bộ Nông nghiệp và Môi trường", "Bộ NN&MT"),
    ("bo-gtvt", "Bộ Giao thông vận tải", "Bộ GTVT"),
    ("bo-xd", "Bộ Xây dựng", "BXD"),
    ("bo-tnmt", "Bộ Tài nguyên và Môi trường", "Bộ TN&MT|Bộ TNMT"),
    ("bo-tttt", "Bộ Thông tin và Truyền thông", "Bộ TT&TT|Bộ TTTT"),
    ("bo-ldtbxh", "Bộ Lao động - Thương binh và Xã hội", "Bộ LĐ-TB&XH|Bộ LĐTBXH"),
    ("bo-vhttdl", "Bộ Văn hóa, Thể thao và Du lịch", "Bộ VHTTDL"),
    ("bo-khcn", "Bộ Khoa học và Công nghệ", "Bộ KH&CN"),
    ("bo-gddt", "Bộ Giáo dục và Đào tạo", "Bộ GD&ĐT"),
    ("bo-yt", "Bộ Y tế", "BYT"),
    ("bo-ca", "Bộ Công an", "BCA"),
    ("bo-qp", "Bộ Quốc phòng", "BQP"),
    ("bo-nv", "Bộ Nội vụ", ""),
    ("bo-tp", "Bộ Tư pháp", ""),
    ("bo-ng", "Bộ Ngoại giao", ""),
    ("nhnn", "Ngân hàng Nhà nước Việt Nam", "NHNN|NHNN Việt Nam"),
    ("thanh-tra-cp", "Thanh tra Chính phủ", ""),
    ("ubdt", "Ủy ban Dân tộc", ""),
)

# Group owners: one task per member once a registry says who the members are.
_GROUPS = (
    (
        "cac-so-ban-nganh",
        "Các sở, ban, ngành",
        "các sở, ngành|các sở, ban ngành|sở, ban, ngành|các sở, ban, ngành tỉnh|các sở, ngành tỉnh"
        "|các sở, ban, ngành, đoàn thể|các sở, ban, ngành, đoàn thể tỉnh|các sở, ngành, đoàn thể"
        "|các sở, ban, ngành, hội, đoàn thể|các cơ quan chuyên môn thuộc UBND tỉnh"
        "|các sở ngành|các sở, thủ trưởng các ban, ngành|các sở, thủ trưởng các ban, ngành tỉnh"
        "|các sở, thủ trưởng các ban, ngành thuộc tỉnh|các sở, thủ trưởng các ban, ngành, đoàn thể"
        "|các sở, thủ trưởng các ban, ngành, đoàn thể tỉnh|các sở, các ban, ngành",
    ),
    (
        "doan-the-tinh",
        "Các tổ chức chính trị - xã hội tỉnh",
        "các tổ chức chính trị - xã hội|các tổ chức chính trị - xã hội của tỉnh"
        "|các đoàn thể chính trị - xã hội tỉnh|các đoàn thể chính trị - xã hội",
    ),
    (
        "huyen-thanh-pho",
        "UBND các huyện, thị xã, thành phố",
        "UBND các huyện|UBND các huyện, thành phố|UBND các huyện, thị xã|UBND cấp huyện"
        "|UBND các huyện, thành phố, thị xã|UBND các thị xã, thành phố, huyện"
        "|UBND các huyện, thị, thành phố|UBND các quận, huyện|UBND các quận, huyện, thị xã"
        "|các huyện, thị xã, thành phố|các huyện, thành phố|các huyện, thành phố, thị xã"
        "|UBND các địa phương",
    ),
    (
        "xa-phuong",
        "UBND các xã, phường, thị trấn",
        "UBND các xã, thị trấn|UBND các xã, phường|UBND cấp xã|UBND các xã|các xã, thị trấn"
        "|UBND các phường, xã|UBND các xã, phường, đặc khu|các xã, phường, thị trấn",
    ),
    (
        "ubnd-cac-tinh",
        "UBND các tỉnh, thành phố trực thuộc trung ương",
        "UBND các tỉnh, thành phố|UBND các tỉnh, thành phố trực thuộc TW",
    ),
    (
        "cac-bo-nganh",
        "Các Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
        "các Bộ, ngành|các Bộ, cơ quan ngang Bộ|các Bộ, ngành trung ương|các Bộ, ngành, địa phương",
    ),
)


def _names(extra: str) -> tuple[str, ...]:
    return tuple(n for n in extra.split("|") if n)


def _agency(code: str, name: str, extra: str) -> Agency:
    return Agency(code=code, name=name, aliases=_names(extra), kind="other")


@cache
def dash_joints() -> frozenset[tuple[str, str]]:
    """The words on either side of ' - ' in the listed names, lower case ('động', 'thương'
    for 'Sở Lao động - Thương binh và Xã hội'): where a name that a copy hard-wrapped
    before its dash continues ('... Giám đốc các Sở: Lao động' over '- Thương binh và Xã
    hội, ...'), not a bullet."""
    joints: set[tuple[str, str]] = set()
    for entries in (_PROVINCE, _CENTRAL, _GROUPS):
        for entry in entries:
            for name in "|".join(entry[1:]).split("|"):
                for left, right in zip(name.split(" - "), name.split(" - ")[1:], strict=False):
                    if left.split() and right.split():
                        joints.add((left.split()[-1].lower(), right.split()[0].lower()))
    return frozenset(joints)


@cache
def builtin_registry() -> AgencyRegistry:
    """The standard provincial and central agencies, as a registry (built on first use)."""
    return AgencyRegistry(
        kind="agency-registry",
        id="builtin",
        name="Tên cơ quan thường gặp (danh sách có sẵn của directive-flow draft)",
        agencies=tuple(_agency(*row) for row in (*_PROVINCE, *_CENTRAL)),
        groups=tuple(
            Group(code=code, name=name, aliases=_names(extra), members=())
            for code, name, extra in _GROUPS
        ),
    )
