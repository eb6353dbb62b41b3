"""Read an article file saved from a web page into an `Article`.

Pages arrive as plain text copied or scraped from news sites, so besides the
story they carry breadcrumbs, share widgets, related-article lists, copyright
and contact lines, bylines and photo captions. This module decodes the file,
separates those from the body and reads what the page states about itself
(title, outlet, author, date, URL). The body paragraphs are kept character for
character: every quote offset later in the pipeline indexes `Article.text`.

The rules are generic line patterns (not per-site), applied line by line, so
a 10 MB file costs a few regex passes over its lines.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from .config import ProjectFileMissing, ProjectPaths
from .ids import article_id
from .io import load_yaml_file
from .model import HOSPITAL_ENDINGS, Article, Caption
from .script import simplified_view, to_simplified


class IngestError(Exception):
    """A file that cannot be read as an article; says which file and what is wrong."""

    def __init__(self, path: Path | str, message: str):
        self.path = Path(path)
        self.message = message
        super().__init__(f"{self.path}: {message}")


# ------------------------------------------------------------------ outlet table


@dataclass(frozen=True)
class OutletTable:
    """Byline prefixes -> outlet names, and reposting sites that are never the outlet (data/outlets.yaml)."""

    bylines: dict[str, str] = field(default_factory=dict)
    generic_prefixes: tuple[str, ...] = ()
    reposters: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path) -> "OutletTable":
        raw = load_yaml_file(Path(path)) or {}
        return cls(
            bylines={str(k): str(v) for k, v in (raw.get("bylines") or {}).items()},
            generic_prefixes=tuple(raw.get("generic_prefixes") or ()),
            reposters=tuple(str(x) for x in raw.get("reposters") or ()),
        )

    def from_byline(self, prefix: str) -> str | None:
        """'南都' -> 南方都市报; an unknown prefix that looks like a name is kept as written.
        "新华日报·交汇点", "新甘肃·甘肃日报" name a paper and its app: the paper is the outlet."""
        parts = [p for p in prefix.strip(" :：■·").split("·") if p]
        prefix = next((p for p in parts if _is_outlet_name(p, self)), parts[0] if parts else "")
        for generic in self.generic_prefixes:
            if prefix.startswith(generic):
                prefix = prefix[len(generic):]
        if not prefix:
            return None
        if prefix in self.bylines:
            return self.bylines[prefix]
        # Longest known prefix (e.g. "新华社贵阳" -> 新华社).
        for key in sorted(self.bylines, key=len, reverse=True):
            if prefix.startswith(key):
                return self.bylines[key]
        if 2 <= len(prefix) <= 8 and _CJK_ONLY_RE.fullmatch(prefix):
            return prefix
        return None

    def is_reposter(self, name: str) -> bool:
        return any(r in name for r in self.reposters)


def load_outlets(path: Path | None = None) -> OutletTable:
    """The outlet table (default: the project's data/outlets.yaml), loaded once per path.

    A missing file is an error naming it, never an empty table: outlets would silently vanish."""
    if path is None:
        paths = ProjectPaths.discover()
        path = paths.require(paths.outlets, "outlet table (data/outlets.yaml)")
    path = Path(path)
    if not path.is_file():
        raise ProjectFileMissing(f"{path}: outlet table not found")
    stat = path.stat()
    return _load_outlets(path, (stat.st_mtime_ns, stat.st_size))  # an edited file is read again


@lru_cache(maxsize=8)
def _load_outlets(path: Path, stamp: tuple[int, int]) -> OutletTable:
    return OutletTable.load(path)


# ----------------------------------------------------------------------- patterns

_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_CJK_ONLY_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# Zero-width and bidi control characters: invisible, and they break quote matching.
_INVISIBLE_RE = re.compile("[\u200b-\u200f\u2060\ufeff\u061c\u00ad\u202a-\u202e\u2066-\u2069]")
# Control characters other than tab/newline: many of them mean the file is not text.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffd]")
_LINE_STRIP = " \t\u3000\xa0"

# A label of other stories' links: 相关阅读, 推荐阅读, 猜你喜欢 …
_RELATED_LINKS = r"相关(?:文章|阅读|新闻|推荐|链接|报道|稿件)|延伸阅读|推荐阅读|热门(?:文章|推荐|新闻|阅读)|猜你喜欢|往期(?:回顾|推荐)"
# Lines that end the article: everything after them is host-site material.
_END_RE = re.compile(
    r"的相关(文章|阅读|新闻|报道)\s*$"
    rf"|^[【\[]?(?:{_RELATED_LINKS}|上一篇|下一篇|更多(新闻|精彩))"
    r"|^[（(【\[]?(责任编辑|责编|编辑|值班编辑|审核|校对|终审|初审)\s*[:：]"
    # closing credits on one line: "记者：张三　编辑：李四　审核：王五"
    r"|^[（(【\[]?(记者|作者|文|通讯员|摄影)\s*[:：].{1,30}?(责任编辑|编辑|审核|校对)\s*[:：]"
    r"|^版权声明|^扫描二维码|^分享给朋友|^(发表|网友|我要)评论"
    r"|^[（(【\[]\s*完\s*[)）】\]]$"
)
# A source line standing alone at the end ("来源:彭水融媒"): the article ends there.
_SOURCE_LINE_RE = re.compile(
    r"^[（(【\[]?\s*(?:来源|稿源|信息来源|文章来源|本文来源|内容来源|转自|来源于)\s*[:：|｜]?\s*《?(?P<name>[^)）】\]》\s]{2,30})》?"
)
# An outlet's name alone in brackets closing the story ("（中国人口报）", "(新华社)"): its source.
_CLOSING_OUTLET_RE = re.compile(
    r"^[（(]\s*(?P<name>[\u4e00-\u9fff]{2,12}?(?:报|网|社|台|新闻|客户端|杂志|周刊))"
    r"(?:\s*(?P<date>(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?))?"  # "(济南日报 2024年10月16日 A04版)"
    r"(?:\s*第?[A-Z]?\d{1,3}版)?\s*[)）]$"
)
# A lead's dateline names the outlet that wrote the story: "新华社贵阳5月6日电（记者 …）",
# "中新网兰州3月8日电", "健康报讯", "云南网讯（记者 …）" (本报讯 names the page's own paper).
_LEAD_DATELINE_RE = re.compile(
    r"^[【\[（(]?\s*(?P<name>[\u4e00-\u9fff]{1,10}?(?:社|网|报|台|新闻|客户端))"
    r"(?:[\u4e00-\u9fff]{2,6}?)?(?:\d{1,2}月\d{1,2}日)?(?:电|讯|消息)"
)
_LEAD_NEWS_RE = re.compile(r"^[【\[（(]?\s*(?P<name>[\u4e00-\u9fff]{2,10}?)讯(?=[\s（(【:：]|$)")
# "原标题：…": the headline the story first ran under, not a line of the story.
_ORIGINAL_TITLE_RE = re.compile(r"^[【\[（(]?\s*原标题\s*[:：]\s*(?P<title>.+?)[】\]）)]?$")
# Scripts of China's other written languages: a line in them is not the Chinese headline.
_OTHER_SCRIPT_RE = re.compile(r"[\u0600-\u06ff\u0f00-\u0fff\u1800-\u18af]")
_BREADCRUMB_RE = re.compile(
    r"^(当前位置|您当前的位置|您的位置|你的位置|当前的位置|你现在的位置|您现在的位置|所在位置)\s*[:：]"
    r"|^首页\s*[>＞»/]"
    r"|(>>|»|＞|>).{0,20}(>>|»|＞|>)"
)
_WIDGET_RE = re.compile(
    r"^[-•·*\s|【\[]*(字体|分享到?|分享给朋友|分享让更多人看到|评论|关注|点赞|在看|收藏|转发|打印|字号|返回顶部|返回首页|"
    r"扫描二维码|扫一扫|微信扫一扫|发表评论|我要评论|网友评论|纠错|举报|阅读原文|点击查看|【?打印本页|关闭窗口|[大中小]\s*[大中小]\s*[大中小]?$)"
)
# Lookaheads name each alternative's first character: long story lines are skipped in C.
_LEGAL_RE = re.compile(
    r"(?=[版未IiA许C©®违互网免如])(?:"
    r"版权声明|版权所有|未经.{0,30}授权|ICP备|ICP证|许可证|All Rights Reserved|Copyright|©|®|违法和不良信息举报|"
    r"互联网新闻信息服务|网站声明|免责声明|如有侵权)"
)
_CONTACT_RE = re.compile(
    r"(?=[联投爆新举邮电传地A-Za-z0-9._%+-])(?:"
    r"联系人\s*[:：]|联系电话|联系方式\s*[:：]|投稿邮箱|爆料热线|新闻热线|举报电话|举报邮箱|"
    r"(邮箱|电话|传真|地址|邮编)\s*[:：]|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z0-9.]+|(?<!\d)(0\d{2,3}-\d{7,8}|1[3-9]\d{9})(?!\d))"
)
_META_RE = re.compile(
    r"^(发布时间|发布日期|发表时间|更新时间|时间|日期|来源|稿源|信息来源|文章来源|转载自|作者|浏览(次数|量)?|阅读(量|数)?|点击(数|量)?|字号|版名|版次"
    r"|索引号|发布机构|发布单位|发文机关|主题分类|文号)\s*[:：]"
    r"|\d+\s*(个月|天|小时|分钟)前(?=\s|$|[（(])"  # a feed's "3小时前 (11-26)", not a story's "3个月前，他…"
    r"|^\d{4}[-/年]\d{1,2}[-/月]\d{1,2}日?\s*(\d{1,2}:\d{2}(:\d{2})?)?\s*(来源.*)?$"
)
# A host site's promoted story between its header and the story ("【推荐】夏天喝绿豆汤的人注意了……").
_PROMO_RE = re.compile(r"^[【\[](?:推荐|广告|推广|热点|热门|热读|精选|热搜|头条|今日看点)[】\]]")
_NAV_RE = re.compile(r"[|｜].*[|｜]")  # two bars or more: "热门推荐:…!| … | …", "首页 | 新闻 | 地方"
# "■采写:新快报记者 方轶", "云南网记者 沈迅 通讯员 刘芳", "记者 张三", "雷山县融媒体中心 记者 杨秀英": bylines
# (a space before 记者 only after an outlet's name: "本报讯 记者从…获悉" is a lede).
_BYLINE_RE = re.compile(
    r"^[■□●◆▲（(]?\s*(?:(?:采写|文|图|文/图|图/文|文图|撰文|撰稿|作者|记者|通讯员|摄影|整理)\s*[:：/]\s*)?"
    r"(?P<prefix>[\u4e00-\u9fffA-Za-z0-9·]{0,16}?)(?:(?:(?<=中心)|(?<=[报台网社站]))\s)?(?:全媒体|融媒体|见习|实习|首席)?记者\s*(?P<names>[\u4e00-\u9fff·]{2,4}(?:[\s、,，]+[\u4e00-\u9fff·]{2,4})*)"
)
_BYLINE_LABEL_RE = re.compile(r"^[■□●◆▲]?\s*(采写|文|图|文/图|图/文|撰文|撰稿|作者|通讯员|摄影|整理)\s*[:：/]")
# Photo captions: "■参加活动人员合影。", "...。韦保佑摄", "...。受访者供图", "图为...".
_CAPTION_END_RE = re.compile(
    r"(摄|摄影|供图|受访者供图|资料图片?|图片由.{1,20}提供|图片来源\s*[:：].{1,30}|（图）|\(图\))\s*[)）]?$"
)
_CAPTION_START_RE = re.compile(r"^(图为|图\s*[:：]|【图】|[（(]图[)）]|图片\s*[:：]|▲|△)")
_PHOTO_WORDS_RE = re.compile(r"合影|留影|合照|现场|图为|镜头|摄")
_TERMINAL = tuple("。！？!?…”’」』)）")
# Title candidates that are series names or column labels, not headlines.
_SERIES_RE = re.compile(r"系列报道|系列访谈|专栏|^《[^》]+》.{0,12}[（(][一二三四五六七八九十\d]+[)）]$|频道|栏目|专题|头条$|^首页")
_DATE_RE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})"
    # Day first, with dots or slashes (12.04.2019, 18/09/2024): European-style page stamps.
    r"|(?<![\d./])(?P<d2>\d{1,2})(?P<sep>[./])(?P<m2>\d{1,2})(?P=sep)(?P<y2>(?:19|20)\d{2})(?![\d./])"
)
# A date with a clock time: "2025-03-18 19:02", "2024年07月22日09:16", "2025年04月02日 21:15".
_STAMP_RE = re.compile(
    r"(?:(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?|\d{1,2}([./])\d{1,2}\1(?:19|20)\d{2})"
    r"\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?"
)
_URL_RE = re.compile(
    r"(?:本文链接|原文链接|原文地址|文章链接|本文地址|网址|链接地址|页面地址|URL|Url|url)\s*[:：]\s*(?P<url>https?://[^\s<>\"'，。]+)"
)
# A page saved with its address on a line of its own, at the top or the bottom (browsers print it so).
_BARE_URL_LINE_RE = re.compile(r"^\s*(?P<url>https?://[^\s<>\"'，。]+)\s*$", re.M)
_AUTHOR_LABEL_RE = re.compile(r"(?:作者|采写|撰文|文)\s*[:：/]\s*(?P<name>[\u4e00-\u9fff·]{2,4})(?![\u4e00-\u9fff]*记者)")
# A date labelled as the page's, printed under the source line that ends an article.
_DATE_LABEL_RE = re.compile(r"^(发布时间|发布日期|发表时间|日期|时间)\s*[:：]")

# ---- header lines: how a page names its publisher and date above the headline

# What may follow the date in a dateline: a clock time ("18:30", "09:15:32"), then a print
# edition ("第03版:综合新闻", "第04版 · 人物"), where a post was sent from ("发表于新疆", or
# "宁夏" after a clock time), or a byline.
_WEEKDAY_RE = re.compile(r"^\s*(?:星期|周|礼拜)[一二三四五六日天]\s*")
_TIME_RE = re.compile(r"^\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?")
# A print edition: 第02版：要闻, or a lettered page (A06 要闻·协作, 第B3版).
_EDITION_RE = re.compile(r"^(?:第\s*\d{1,3}\s*版|第?\s*[A-Z]\d{1,3}\s*版?)(?:\s*[:：·•]?\s*[\u4e00-\u9fff][\u4e00-\u9fff·]{0,11})?$")
_POSTED_FROM_RE = re.compile(r"^发表于[\u4e00-\u9fff]{2,3}$")
_WECHAT_ORIGINAL_RE = re.compile(r"^原创\s+")
_REGION_RE = re.compile(r"^[\u4e00-\u9fff]{2,3}$")
# An outlet, account or site name: "霍城发布", "大连医科大学附属第一医院", "人民网".
_NAME_RE = re.compile(r"[\u4e00-\u9fffA-Za-z0-9·]{2,20}")
# A name that looks like a publisher: a paper, site, station, account, or an institution.
_PUBLISHER_RE = re.compile(r"(报|网|台|新闻|发布|融媒|中心|院|委员会|委|局|厅|办|政府)$")
# An outlet's name as a news outlet ends it (for "宁夏日报 | <headline>").
_OUTLET_SUFFIX_RE = re.compile(r"(报|网|电视台|广播电台|新闻|发布|融媒|融媒体?中心|客户端)$")
# A broadcaster's programme after its name: "昭通电视台《昭通新闻联播》".
_PROGRAMME_RE = re.compile(r"《[^》]{1,20}》$")
# A print paper's web edition named after the paper: "拉萨日报数字报" is 拉萨日报.
_EDITION_SUFFIX_RE = re.compile(r"(数字报|电子版|数字版|电子报)$")
# A source that names the page's own site ("来源：本站原创", "来源：本网"): the site's name is elsewhere.
# An agency named relative to the site's place: "州卫生健康委", "市卫健委", "旗人民政府".
_RELATIVE_AGENCY_RE = re.compile(r"^[省市州县旗区盟](?:卫生健康|卫健|卫生|人民政府|政府|医疗保障|医保|疾控|疾病预防控制"
                                  r"|[\u4e00-\u9fff]{1,10}(?:办公室|办|局|委员会|委)$)")  # "县东西部协作办", "县乡村振兴局"
# A notice's headline opens with the body that issues it: "固原市卫生健康委员会关于2024年度…的通报".
_BODY_KINDS = "委员会|委|局|厅|政府|办公室|中心"
_NOTICE_ISSUER_RE = re.compile(rf"(?P<body>[\u4e00-\u9fff]{{2,24}}?(?:{_BODY_KINDS}))关于")
_BODY_KIND_RE = re.compile(rf"({_BODY_KINDS})$")


def _body_kind(name: str) -> str:
    """What kind of body a name ends with (a commission, a bureau, a government): 委员会 and 委 are one."""
    m = _BODY_KIND_RE.search(name)
    return "委" if m and m.group(1) == "委员会" else (m.group(1) if m else "")


# A site's footer naming who runs it: "主办单位：甘南藏族自治州卫生健康委员会　地址：…".
_HOST_RE = re.compile(r"^主办(?:单位)?\s*[:：]\s*(?P<name>[\u4e00-\u9fff]{4,30})")
# A government's general office runs its site for the government ("主办：北京市丰台区人民政府办公室").
_HOST_OFFICE_RE = re.compile(r"(?<=政府)办公室$")
# A self-media post's date line: "2025-04-22 09:41 发布于：贵州省" (see _classify).
_SELF_MEDIA_STAMP_RE = re.compile(r"\d{1,2}:\d{2}\s*发布于")
_SELF_SOURCE_RE = re.compile(r"^本(站|网|台|报|刊)(原创|讯|稿件?)?$")
# A source that names a department of the page's own institution ("来源：党委宣传部", "宣传科",
# "院办公室"): the institution, named in the header, is the outlet.
_DEPARTMENT_RE = re.compile(
    r"^(?:(?:党委|院|医院)?(?:宣传|宣传统战|宣传文化|办公|综合|医务|新闻|信息)(?:部|科|处|室|办|中心)"
    r"|(?:院|党|党政|院党)办(?:公室)?"  # "来源：院办": the hospital's office
    r"|[\u4e00-\u9fff]{1,12}(?<!研究)(?:处|科|室)"  # a division of an agency (规划发展与信息化处), a ward (骨科)
    r"|[\u4e00-\u9fff]{0,10}(?:医疗队|工作队|工作组|帮扶队|队员|团队))$"  # the team that wrote it: "援疆医疗队"
)
_OFFICE_OF_RE = re.compile(
    r"^(?P<institution>[\u4e00-\u9fff]{2,20}?(?:医院|卫生院|保健院|卫生健康委员会|卫生健康委|卫健委|卫生健康局|卫健局))"
    r"(?:党政办公室|党政办|党委办公室|院办公室|办公室|院办|党办|党委宣传部|宣传科|宣传部|宣传处|宣传中心|医务科|医务部|新闻中心)$"
)
# Breadcrumbs: "上海市第一人民医院 > 党建工作 > 党建动态", "您当前的位置:云南网 >> 昭通频道".
_CRUMB_SPLIT_RE = re.compile(r"\s*(?:>>|>|»|＞|›|/)\s*")
_CRUMB_LABEL_RE = re.compile(r"^[^:：]{0,8}位置\s*[:：]\s*")
_HOME_RE = re.compile(r"^(首页|首頁|主页|网站首页|返回首页|home)$", re.I)
# Section names that open a breadcrumb when the site's name is left out: "新闻中心 > 院内新闻".
_SECTION_RE = re.compile(r"^(新闻|资讯|信息|媒体|党建|政务|工作|要闻|动态|通知|公告|院内|本院|医院|专题|频道)")
# The date under a signature: "2025年1月20日", "2025-01-20".
_SIGNED_DATE_RE = re.compile(r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?")
# The last crumb of a path that ends at the story itself.
_STORY_CRUMB_RE = re.compile(r"^(正文|详情|内容|文章|阅读)$")
# Names of a site's sections, not of the site: "新疆频道", "援疆在线", "医院动态".
_SECTION_NAME_RE = re.compile(r"(频道|栏目|专题|专栏|动态|在线|中心|要闻|资讯|新闻)$")
# A site's menu bar, under its name: "首页 | 医院概况 | 科室导航 | …".
_NAV_BAR_RE = re.compile(r"^(首页|首頁|网站首页)\s*[|｜]")
# The site's name, then its menu on the same line: "青川县人民政府 | 首页 | 政务公开 | 部门动态".
_SITE_BEFORE_MENU_RE = re.compile(r"^(?P<site>[^|｜\s]{2,30})\s*[|｜]\s*(?:首页|首頁|网站首页)\s*[|｜]")
# A government site's information block names the body that publishes the page
# ("发布机构：陕西省卫生健康委员会"); its 信息来源 is the office that supplied the text.
_PUBLISHER_LABEL_RE = re.compile(r"(?:发布机构|发布单位|发文机关)\s*[:：]\s*(?P<name>[\u4e00-\u9fff]{4,30})")
# A label before a headline: "【标题】…", "标题：…" (broadcast scripts).
_TITLE_LABEL_RE = re.compile(r"^(?:[【\[]\s*(?:标题|题目|主标题)\s*[】\]]|(?:标题|题目)\s*[:：])\s*")
# An outlet's name before a bar, then the headline: "宁夏日报 | 闽宁医疗协作结硕果：…".
_OUTLET_BAR_RE = re.compile(r"^(?P<name>[\u4e00-\u9fff]{2,12})\s*[|｜]\s*(?P<title>.{8,})$")
# A subtitle line opens with a dash ("——访…"), or the headline above it ends with one.
_SUBTITLE_DASH = "——"


# ----------------------------------------------------------------------- decoding


def decode_bytes(data: bytes, path: Path) -> tuple[str, str]:
    """Decode UTF-8 (with or without BOM), UTF-16 with a BOM, GB18030 or Big5; reject empty, binary
    and undecodable files, naming the encoding when it is recognised but not readable."""
    if data[:4] in (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff"):
        raise IngestError(path, "the file is UTF-32; save it as UTF-8")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise IngestError(path, "the file starts like UTF-16 (byte-order mark) but does not decode as "
                                    "UTF-16; save it as UTF-8") from None
        if not text.strip():
            raise IngestError(path, "the file is empty")
        return text, "utf-16"
    if not data.strip():
        raise IngestError(path, "the file is empty")
    if b"\x00" in data:
        if _looks_utf16(data):
            raise IngestError(path, "the file looks like UTF-16 without a byte-order mark; save it as UTF-8")
        raise IngestError(path, "the file is binary (it contains NUL bytes), not a text article")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        name = "utf-8" if encoding == "utf-8-sig" and not data.startswith(b"\xef\xbb\xbf") else encoding
        if encoding == "gb18030" and (big5 := _as_big5(data, text)) is not None:
            text, name = big5, "big5"
        break
    else:
        raise IngestError(path, "cannot decode the file as UTF-8, UTF-16, GB18030 or Big5")
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(8, len(text) // 100):
        raise IngestError(path, f"the file looks binary ({controls} control characters), not a text article")
    return text, name


def _looks_utf16(data: bytes) -> bool:
    """Most even or most odd bytes NUL: UTF-16 text (Latin or mixed) saved without a byte-order mark."""
    sample = data[:4000]
    return len(sample) >= 8 and max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) // 4


def _common_share(text: str) -> float:
    """Share of the Chinese characters that are everyday ones (GB2312 level 1, after converting
    traditional to simplified): near 1 for real text in either script, far lower for bytes read
    in the wrong encoding, which land all over the code table."""

    han = "".join(_CJK_RE.findall(text))
    if not han:
        return 0.0
    common = 0
    for char in to_simplified(han):
        try:
            common += 0xB0 <= char.encode("gb2312")[0] <= 0xD7
        except UnicodeEncodeError:
            pass
    return common / len(han)


def _as_big5(data: bytes, gb_text: str) -> str | None:
    """The text read as Big5 when the bytes are Big5 rather than GB18030 (which decodes almost any
    bytes, so a Big5 file would otherwise be published as garbled characters), else None."""
    try:
        big5 = data.decode("big5hkscs")
    except UnicodeDecodeError:
        return None
    gb_share = _common_share(gb_text)
    if gb_share > 0.9:
        return None
    return big5 if _common_share(big5) > gb_share + 0.15 else None


def normalize_text(text: str) -> str:
    """Unify line endings and drop invisible zero-width / bidi characters."""
    return _INVISIBLE_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


# ----------------------------------------------------------------------- the page


@dataclass
class _Page:
    """What the line classifier found: body lines (with blank-line gaps), captions and page metadata.

    A page may name its publisher several ways; `outlet` trusts them in this order: a source
    line ("来源：宁夏日报"), the page header ("宿迁日报　2025-02-20", "宁夏日报 | <headline>"),
    a byline prefix ("封面新闻记者 杨东"), and last the site's own name in its breadcrumb or
    masthead (a hospital's or a bureau's site publishes its own news).
    """

    body: list[tuple[int, str]] = field(default_factory=list)  # (line index, stripped line)
    captions: list[Caption] = field(default_factory=list)
    # The headline as (line index, text on that line): two parts when a subtitle line follows.
    title_parts: list[tuple[int, str]] = field(default_factory=list)
    outlet_source: str | None = None
    outlet_header: str | None = None
    original_post: bool = False  # the header is an account's own ("原创 <author> <account> <date>")
    header_names: tuple[str, ...] = ()  # the names in that header
    outlet_byline: str | None = None
    outlet_lead: str | None = None  # the lead's dateline: "新华社贵阳5月6日电", "健康报讯"
    outlet_wire: str | None = None  # a wire dateline ("…电"): the agency wrote it, wherever it is posted
    outlet_site: str | None = None
    original_title: str | None = None
    outlet_masthead: str | None = None  # a paper's name alone above its dateline ("凉山日报数字报")
    outlet_site_line: str | None = None  # a site's full name on a header line of its own ("巴林左旗卫生健康委员会")
    outlet_host: str | None = None  # the site's footer: "主办单位：甘南藏族自治州卫生健康委员会"
    outlet_publisher: str | None = None  # a government site's "发布机构：…"
    outlet_signature: str | None = None  # a report or notice signed at its end by the body that issued it
    author: str | None = None
    date: str | None = None

    @property
    def title(self) -> str | None:
        return "".join(text for _, text in self.title_parts) or None

    @property
    def outlet(self) -> str | None:
        source = self.outlet_source
        if (self.original_post and self.outlet_header and source and source not in self.header_names
                and not _OUTLET_SUFFIX_RE.search(source)):
            # An account's own post (原创): the account publishes it; a closing 来源 naming an agency credits
            # whoever supplied the text (来源：丰台区卫生健康委 under 原创 丰台融媒 北京丰台). A news outlet named
            # there (来源|新疆日报), or the header's own author (原创 绿春县融媒体中心 绿春发布 … 来源：绿春县融媒体
            # 中心), stays the outlet.
            source = None
        if source and self.outlet_publisher and not _OUTLET_SUFFIX_RE.search(source):
            # "发布机构：省卫生健康委员会 信息来源：市卫生健康委员会": an office supplied the text, the
            # publishing body's site published it (a paper named as the source stays the outlet).
            source = self.outlet_publisher
        if source and _RELATIVE_AGENCY_RE.match(source):
            # "来源：州卫生健康委" names the agency relative to the site's place: the site's own
            # full name (its masthead, breadcrumb or 主办单位 line) names the same publisher; so does a
            # notice's headline naming the body that issues it ("固原市卫生健康委员会关于…的通报").
            issuer = _NOTICE_ISSUER_RE.match(self.title or "")
            issued = issuer.group("body") if issuer and source[1:3] in issuer.group("body") else None
            site = self.outlet_site or self.outlet_site_line or self.outlet_host
            if issued and site and _body_kind(issued) != _body_kind(site):
                site = None  # a bureau's notice on its government's site (纳雍县人民政府): the bureau issued it
            # An account's post (its header: "东乡融媒  2025年12月08日 18:30  甘肃") crediting "来源：县卫健局"
            # is the account's: the agency is named relative to the account's own place.
            source = site or issued or self.outlet_header or source
        return (self.outlet_wire or source or self.outlet_header or self.outlet_lead or self.outlet_byline
                or self.outlet_signature or self.outlet_publisher or self.outlet_masthead or self.outlet_site
                # Last, the body that runs the site (主办：昭通市卫生健康委员会): when the page credits only a
                # section of it (来源：医政医管科), that body published the page.
                or self.outlet_site_line or self.outlet_host)


    @property
    def voice(self) -> str | None:
        """A hospital's account that posts another outlet's story (its header names the hospital, a 来源 line the
        paper): the hospital, whose 我院 the account writes in. None when the header's publisher is the outlet."""
        header, outlet = self.outlet_header, self.outlet
        if header and outlet and header != outlet and header.endswith(HOSPITAL_ENDINGS):
            return header
        return None



def _is_boilerplate(line: str) -> bool:
    """Navigation, widgets, legal and contact lines: never part of a story."""
    # Lengths first: a long line is story text, and is not searched at all.
    n = len(line)
    if n < 80 and _BREADCRUMB_RE.search(line):
        return True
    if n <= 30 and _WIDGET_RE.match(line):
        return True
    if n < 120 and _NAV_RE.search(line):
        return True
    if n < 80 and _PROMO_RE.match(line):
        return True
    return n < 160 and bool(_LEGAL_RE.search(line) or _CONTACT_RE.search(line))


def _is_caption(line: str) -> bool:
    if len(line) > 160:
        return False
    if line.startswith("■") and len(line) <= 40:
        return True
    if _CAPTION_START_RE.match(line):
        # A photo story's caption telling what happened in sentences (▲…查房。今年以来，他带教本地医生14名…。)
        # is the story's text: only a short label under a picture is a caption.
        return not (len(line) > 40 and len(_SENTENCE_STOP_RE.findall(line)) >= 2)
    if _CAPTION_END_RE.search(line) and not line.endswith("。"):
        return True
    # Short standalone sentence naming a photo ("参加活动人员合影。").
    if len(line) <= 30 and "，" not in line and "," not in line and _PHOTO_WORDS_RE.search(line):
        return True
    return False


_SENTENCE_STOP_RE = re.compile(r"[。！？；!?;]")


def _is_paragraph(line: str) -> bool:
    """A line that reads like story text rather than a heading or page furniture."""
    # A closing quote ends a sentence only after its stop ("…。”"); a headline may end on a quoted word
    # ("…让广南县医院“长高长壮”").
    ends = line if line.endswith((")", "）")) else line.rstrip("”’」』")
    if len(line) < 50 and ("｜" in line or " | " in line):
        return False  # a headline of two parts ("山海千里，医路同行｜…成绩单来了！"), a site's bar: not story text
    if 50 <= len(line) < 90 and not _SENTENCE_STOP_RE.search(line):
        return False  # a long headline with no sentence in it (an interview's "“…”——访某医院…队长某某")
    return len(line) >= 50 or (len(line) >= 20 and ends.endswith(_TERMINAL) and ("，" in line or "," in line))


def _iso_date(text: str) -> str | None:
    m = _DATE_RE.search(text)
    if not m:
        return None
    if m.group("y"):
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        y, mo, d = int(m.group("y2")), int(m.group("m2")), int(m.group("d2"))
        if mo > 12 >= d:  # month first after all (09/18/2024)
            mo, d = d, mo
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


_CHANNEL_RE = re.compile(r"(?<=.{2})[-－—·・_｜|][^-－—·・_｜|]{1,10}(频道|栏目|专题|专栏|站)$")


_ACCOUNT_MEDIUM_RE = re.compile(r"(?:微信公众号|微信公众平台|公众号|官方微信|微信号|官方微博)$")


def _source_name(name: str, outlets: OutletTable) -> str | None:
    """The outlet a source line names: not a reposting site, and not the page's own site
    ("本站原创", "本网": its name is in the breadcrumb or masthead)."""
    name = name.strip(" 　:：（()）")
    # A portal's channel names the portal ("人民网-西藏频道", "新华网·新疆频道" -> 人民网, 新华网).
    name = _CHANNEL_RE.sub("", name)
    # An account named with its medium ("科右前旗人民医院微信公众号", "XX发布官方微信"): the account;
    # a station named with its programme ("东方卫视《东方新闻》"): the station.
    name = _ACCOUNT_MEDIUM_RE.sub("", name) or name
    name = _PROGRAMME_RE.sub("", name) or name
    # An institution's office that supplied the text (英吉沙县人民医院党政办): the institution.
    if office := _OFFICE_OF_RE.match(name):
        name = office.group("institution")
    if not name or outlets.is_reposter(name) or _SELF_SOURCE_RE.match(name) or _DEPARTMENT_RE.match(name):
        return None
    return name


# A portal's self-media account named on the date line: "搜狐号:重庆日报", "网易号：健康新疆".
_PORTAL_ACCOUNT_RE = re.compile(r"(?:搜狐号|网易号|百家号|头条号|企鹅号|澎湃号|大风号|一点号)\s*[:：]\s*(?P<name>[^\s|｜]{2,30})")


def _read_meta(line: str, page: _Page, outlets: OutletTable) -> None:
    """Pick date, source and author out of a page-metadata line."""
    # A source line's date is the page's too ("来源：吉林日报　2025-03-05").
    if page.date is None and re.search(r"发布|发表|日期|时间|来源|^\d{4}", line):
        page.date = _iso_date(line)
    m = re.search(r"(?:来源|稿源|转载自)\s*[:：]\s*(?P<name>[^\s|｜]{2,30})", line)
    if m and page.outlet_source is None:
        page.outlet_source = _source_name(re.split(r"作者|编辑|责任|发布|时间|浏览|点击", m.group("name"))[0], outlets)
    m = _PORTAL_ACCOUNT_RE.search(line)
    if m and page.outlet_header is None:
        # "发布于:重庆  搜狐号:重庆日报": the account publishes the post on the portal, not the portal.
        page.outlet_header = m.group("name")
    m = _PUBLISHER_LABEL_RE.search(line)
    if m and page.outlet_publisher is None:
        page.outlet_publisher = m.group("name")
    m = _AUTHOR_LABEL_RE.search(line)
    if m and page.author is None:
        page.author = m.group("name")


def _read_byline(line: str, page: _Page, outlets: OutletTable) -> bool:
    """Parse a byline line; True when the line is a byline (and so not body text)."""
    if len(line) > 60:
        return False
    m = _BYLINE_RE.match(line)
    if m:
        if page.outlet_byline is None and m.group("prefix"):
            page.outlet_byline = outlets.from_byline(m.group("prefix"))
        if page.author is None:
            page.author = re.split(r"[\s、,，]+", m.group("names").strip())[0]
        return True
    if len(line) <= 30 and _OFFICE_OF_RE.match(re.sub(r"\s+", "", line)):
        return True  # the institution's department that wrote it, under the headline: "那曲市人民医院 宣传科"
    if _BYLINE_LABEL_RE.match(line) and "。" not in line:
        m = _AUTHOR_LABEL_RE.search(line)
        if m and page.author is None:
            page.author = m.group("name")
        return True
    return False


# ------------------------------------------------------------------ header lines


@dataclass(frozen=True)
class _Dateline:
    """A header line that dates the page, and may name its publisher or carry a byline."""

    date: str
    name: str | None = None
    byline: str | None = None
    original: bool = False  # a WeChat account's own post (原创)
    names: tuple[str, ...] = ()  # every name before the date (an author, then the account)


def _is_byline_text(text: str) -> bool:
    return len(text) <= 40 and "。" not in text and bool(_BYLINE_RE.match(text) or _BYLINE_LABEL_RE.match(text))


_TITLE_MARKS_RE = re.compile(r"《([^《》]{2,20})》")


def _names(text: str) -> list[str] | None:
    """"商南县融媒体中心 商南发布" -> both names; "昭通电视台《昭通新闻联播》" -> the station;
    None when the text is not one or two names (a sentence, a label, a headline). A name in title
    marks alone ("《毕节日报》2025年01月08日 第01版") is the paper's."""
    alone = _TITLE_MARKS_RE.fullmatch(text.strip())
    names = (alone.group(1) if alone else _PROGRAMME_RE.sub("", text)).split()
    if not 1 <= len(names) <= 2:
        return None
    if not all(_NAME_RE.fullmatch(n) and _CJK_RE.search(n) and not _HOME_RE.match(n) for n in names):
        return None
    return [_EDITION_SUFFIX_RE.sub("", n) or n for n in names]


def _parse_dateline(line: str) -> _Dateline | None:
    """Read a dateline: [a name or a byline] DATE [a time] [a print edition, the place a post
    was sent from, or a byline]. Anything else around the date (a sentence, a headline, a
    "发布时间：" label) and it is not a dateline.

    "西藏日报 2025年03月18日 第03版:综合新闻", "霍城发布 2024-05-06 18:30 发表于新疆",
    "南方日报　2024-12-03　记者 黄思敏", "封面新闻记者 杨东　2024-11-06 18:20",
    "昭通电视台《昭通新闻联播》2023年11月8日", "拉萨日报数字报 > 2024年12月05日 > 第02版:要闻".
    A name before a bare date ("承德日报 2025-05-09") must look like a publisher, so that
    "截至2024年12月31日" names nobody.
    """
    m = _DATE_RE.search(line)
    if len(line) > 60 or not m or not (date := _iso_date(m.group(0))):
        return None
    separators = _LINE_STRIP + "|｜>＞»›·•"
    before = line[: m.start()].strip(separators)
    after = line[m.end():].lstrip(_LINE_STRIP).removeprefix("日")
    after = _WEEKDAY_RE.sub("", after, count=1)  # "2024年09月12日 星期四 第02版：要闻"
    clock = _TIME_RE.match(after)
    after = after[clock.end():] if clock else after
    after = after.strip(separators)

    byline = None
    qualified = bool(clock)  # what follows the date shows the line is a dateline
    if _EDITION_RE.match(after) or _POSTED_FROM_RE.match(after) or (clock and _REGION_RE.match(after)):
        qualified = True
    elif after:
        if not _is_byline_text(after):
            # The publisher after the date ("2024-05-15 承德日报"), named like a news outlet.
            names = None if before else _names(after)
            if names and _OUTLET_SUFFIX_RE.search(names[-1]):
                return _Dateline(date, names[-1])
            return None
        byline, qualified = after, True
    if not before:
        return _Dateline(date, None, byline)
    if _is_byline_text(before):
        return _Dateline(date, None, byline or before)
    # A WeChat post's header: "原创 <author> <account> <date> <time> <province>". The 原创
    # ("original") tag opens it, and the account that publishes it is the last name.
    wechat = _WECHAT_ORIGINAL_RE.match(before)
    if wechat:
        before = before[wechat.end():]
    names = _names(before)
    if names is None:
        return None
    publisher = names[-1] if wechat else names[0]  # an author's name (十院宣传) may open a WeChat header
    if not (qualified or _PUBLISHER_RE.search(publisher)):
        return None
    return _Dateline(date, publisher, byline, original=bool(wechat), names=tuple(names))


def _is_account_stamp(line: str) -> bool:
    """A WeChat post's stamp on a line of its own, the account's name on the line above it: a date, a clock
    time and the province it was sent from ("2025年04月27日 18:02 贵州", "2024-05-06 18:30 发表于新疆")."""
    m = _DATE_RE.match(line)
    if m is None or not _iso_date(m.group(0)):
        return False
    after = line[m.end():].lstrip(_LINE_STRIP).removeprefix("日").lstrip(_LINE_STRIP)
    clock = _TIME_RE.match(after)
    rest = after[clock.end():].strip(_LINE_STRIP) if clock else ""
    return bool(rest and (_REGION_RE.match(rest) or _POSTED_FROM_RE.match(rest)))


def _wechat_account_line(line: str) -> tuple[str, ...] | None:
    """A WeChat header broken after its names ("原创 党委宣传部 某市第一医院", the date on the next
    line): the names, the account that publishes the post last; None for any other line."""
    wechat = _WECHAT_ORIGINAL_RE.match(line)
    names = _names(line[wechat.end():]) if wechat and len(line) < 60 else None
    return tuple(names) if names and _PUBLISHER_RE.search(names[-1]) else None


def _site_name(text: str) -> str | None:
    """`text` when it names a publishing site ("江达县人民医院", "珠海市卫生健康局", "云南网"),
    not a section of one ("新闻中心", "党建工作") or 首页."""
    if _names(text) != [text] or _SECTION_RE.match(text) or not _PUBLISHER_RE.search(text):
        return None
    return text


def _site_above_menu(text: str) -> str | None:
    """The site's name in a masthead above its menu: one name, or two (a hospital's, then its university name:
    "江苏省人民医院 南京医科大学第一附属医院"), the first naming a publishing site."""
    names = _names(text)
    if names and len(names) == 2 and _site_name(names[0]) and _PUBLISHER_RE.search(names[1]):
        return names[0]
    return _site_name(text)


def _site_from_breadcrumb(line: str) -> str | None:
    """The site's name when a breadcrumb starts with it: "江达县人民医院 > 新闻动态 > 医院要闻".
    A path that ends at the story ("今日克州 > 援疆在线 > 正文") starts at the site, whatever its
    name looks like, unless the first crumb is home or a section."""
    crumbs = [c.strip(_LINE_STRIP) for c in _CRUMB_SPLIT_RE.split(_CRUMB_LABEL_RE.sub("", line))]
    if name := _site_name(crumbs[0]):
        return name
    first = crumbs[0]
    if (len(crumbs) >= 3 and _STORY_CRUMB_RE.match(crumbs[-1]) and _names(first) == [first]
            and not _SECTION_RE.match(first) and not _SECTION_NAME_RE.search(first)):
        return first
    return None


def _read_header_line(line: str, page: _Page, outlets: OutletTable) -> bool:
    """Read what a line above the headline states about the page. True when the line is page
    furniture, never the headline. Steps, the first that applies wins:

    1. a dateline (`_parse_dateline`): the date, the publisher named before it, a byline;
    2. any other short line with a date and a clock time: an account header or a byline
       ("2024-10-16 07:30 川观新闻记者 泽仁卓玛"), with a byline after the stamp;
    3. labelled metadata: "发布时间：…　来源：…", "信息来源：市卫生健康委　发布日期：…";
    4. navigation and widgets: a breadcrumb's first crumb may name the site;
    5. a byline.
    """
    if account := _wechat_account_line(line):  # "原创 <author> <account>", its date on the next line
        if not outlets.is_reposter(account[-1]):
            page.outlet_header = page.outlet_header or account[-1]
            page.original_post = True
            page.header_names = page.header_names or account
        return True
    if dateline := _parse_dateline(line):
        page.date = page.date or dateline.date
        if dateline.name and not outlets.is_reposter(dateline.name):
            page.outlet_header = page.outlet_header or dateline.name
            page.original_post = page.original_post or dateline.original
            page.header_names = page.header_names or dateline.names
        if dateline.byline:
            _read_byline(dateline.byline, page, outlets)
        return True
    stamp = _STAMP_RE.search(line)
    if stamp and len(line) < 120:
        page.date = page.date or _iso_date(stamp.group(0))
        _read_meta(line, page, outlets)
        rest = line[stamp.end():].strip(" 　|｜")
        if rest and not _read_byline(rest, page, outlets) and page.outlet_header is None:
            page.outlet_header = _stamp_outlet(rest, outlets)
        return True
    if len(line) < 120 and _META_RE.search(line):
        _read_meta(line, page, outlets)
        return True
    if _is_boilerplate(line):
        if len(line) < 80 and _BREADCRUMB_RE.search(line):
            page.outlet_site = page.outlet_site or _site_from_breadcrumb(line)
        elif (bar := _SITE_BEFORE_MENU_RE.match(line)) and (site := _site_name(bar.group("site"))):
            page.outlet_site = page.outlet_site or site  # "青川县人民政府 | 首页 | 政务公开 | …"
        return True
    return _read_byline(line, page, outlets)


def _stamp_outlet(text: str, outlets: OutletTable) -> str | None:
    """The publisher after a page's time stamp: "多彩贵州网/贵州日报" (the site, then the paper
    the story came from: the paper), "澎湃新闻"; None when the text is not outlet names."""
    names = [n for n in re.split(r"\s*[/／、]\s*|\s+", text) if n]
    if not names or len(names) > 3:
        return None
    if not all(_NAME_RE.fullmatch(n) and _CJK_RE.search(n) for n in names):
        return None
    named = [n for n in names if _is_outlet_name(n, outlets) and not outlets.is_reposter(n)]
    return named[-1] if named else None


def _lead_outlet(body: list[tuple[int, str]], outlets: OutletTable) -> tuple[str | None, bool]:
    """The outlet a story's first lines name in their dateline ("新华社贵阳5月6日电", "健康报讯"), and
    whether it is a news agency's wire dateline (新华社…电: the agency's story, whichever site posts it)."""
    for _, line in body[:2]:
        m = _LEAD_DATELINE_RE.match(line) or _LEAD_NEWS_RE.match(line)
        if m and (name := outlets.from_byline(m.group("name"))) and not outlets.is_reposter(name):
            # A news agency's wire (新华社…电, 中新社…电) is the agency's story wherever it is posted;
            # a site's own dateline (人民网兰州…电) is its channel's, as its source line says.
            return name, m.group(0).endswith("电") and m.group("name").endswith("社")
    return None, False


def _headline_text(line: str, page: _Page, outlets: OutletTable) -> str:
    """A headline candidate without what only frames it: a "【标题】" label, or an outlet's
    name before a bar ("宁夏日报 | 闽宁医疗协作结硕果…", which also names the outlet)."""
    line = _TITLE_LABEL_RE.sub("", line)
    m = _OUTLET_BAR_RE.match(line)
    if m and _is_outlet_name(m.group("name"), outlets):
        page.outlet_header = page.outlet_header or m.group("name")
        return m.group("title")
    # A browser's page title: the headline, then its section and site ("…健康果”_平凉_中国甘肃网").
    parts = line.split("_")
    if 2 <= len(parts) <= 4 and len(parts[0]) >= 6 and _is_outlet_name(parts[-1], outlets) \
            and all(1 <= len(p) <= 12 for p in parts[1:]):
        return parts[0]
    return line


def _is_outlet_name(name: str, outlets: OutletTable) -> bool:
    """"宁夏日报", "澎湃新闻", "南方网": a name in the outlet table or ending like a news outlet's
    (a column label before a bar, "津和同心 | …", does not)."""
    return name in outlets.bylines or name in outlets.bylines.values() or bool(_OUTLET_SUFFIX_RE.search(name))


def _headline_groups(header: list[tuple[int, str]], stripped: list[str]) -> list[list[tuple[int, str]]]:
    """Header candidates, with a subtitle line joined to the headline above it: a line opening
    with "——" ("——访吉林省第十一批援疆医疗队队长…"), or after a headline ending with "——".
    The page then prints one headline on two lines, as others print "主题——副题" on one."""
    groups: list[list[tuple[int, str]]] = []
    for i, text in header:
        above = groups[-1][-1] if groups else None
        adjacent = above is not None and not any(stripped[k] for k in range(above[0] + 1, i))
        if above is not None and adjacent and (text.startswith(_SUBTITLE_DASH) or above[1].endswith(_SUBTITLE_DASH)):
            groups[-1].append((i, text))
        else:
            groups.append([(i, text)])
    return groups


def _question_headline(stripped: list[str], i: int) -> bool:
    """A short line asking or exclaiming ("浙川协作三年，我院“长”出了哪些新本事？") with the page's date line
    right under it (a WeChat header, "发布时间：…") is the headline, not the story's first sentence."""
    line = stripped[i]
    if len(line) >= 50 or not line.rstrip("”’」』").endswith(("？", "！", "?", "!")):
        return False
    following = [s for s in stripped[i + 1 : i + 4] if s][:1]
    return bool(following) and bool(_parse_dateline(following[0]) or _META_RE.search(following[0])
                                    or (_STAMP_RE.search(following[0]) and len(following[0]) < 120))


def _pick_title(groups: list[list[tuple[int, str]]]) -> list[tuple[int, str]]:
    """The headline: the longest plausible header candidate (slogans and column names are
    shorter). A subtitle standing alone is not a headline."""
    best: list[tuple[int, str]] = []
    best_len = 0
    for group in groups:
        main, text = group[0][1], "".join(t for _, t in group)
        if len(text) < 8 or len(main) > 80 or text.endswith("。") or _SERIES_RE.search(main):
            continue
        if _OTHER_SCRIPT_RE.search(text):
            continue  # the headline in Mongolian, Tibetan or Uyghur script above the Chinese one
        if main.startswith(_SUBTITLE_DASH):
            continue
        if not best or len(text) >= best_len:
            best, best_len = group, len(text)
    return best


def _trailing_date(stripped: list[str], end: int) -> str | None:
    """A date labelled as the page's in the few lines under the line that ends the article
    ("来源：广元日报" then "发布时间：2025-08-20")."""
    following = [s for s in stripped[end + 1 : end + 8] if s][:3]
    dates = [_iso_date(s) for s in following if _DATE_LABEL_RE.match(s)]
    return next((d for d in dates if d), None)


# A label of related links on its own line ("相关阅读", "【推荐阅读】").
_LINKS_LABEL_RE = re.compile(rf"^[【\[]?(?:{_RELATED_LINKS})[】\]]?\s*[:：]?$")


def _related_links(stripped: list[str], first_para: int) -> set[int]:
    """Lines of a related-links block above the story: the label and the lines under it up to the next
    blank line ("相关阅读", "· 泾川县:…", "· 河西区与崆峒区…"). Other stories' headlines, never this one's."""
    out: set[int] = set()
    i = 0
    while i < first_para:
        if _LINKS_LABEL_RE.match(stripped[i]):
            block = _label_block(stripped, i)
            out.update(block)
            i = block.stop
        i += 1
    return out


def _label_block(stripped: list[str], i: int) -> range:
    """A label's line and the lines under it up to the next blank line (a links block: "相关阅读", "· …")."""
    j = i + 1
    while j < len(stripped) and stripped[j]:
        j += 1
    return range(i, j)


# Running text: a clause mark in the line (full- or half-width).
_CLAUSE_MARK_RE = re.compile(r"[，,。；;]")


def _links_block_inside(stripped: list[str], i: int) -> set[int]:
    """The lines of a related-links block whose label is line i ("相关阅读" and its "· …" lines, to the next blank
    line) when the story goes on after it: the next line is running text (two clause marks, or a paragraph with
    one; not another label, not a closing line). Empty when the block closes the story."""
    block = set(_label_block(stripped, i))
    j = i + len(block)
    nxt = next((k for k in range(j, len(stripped)) if stripped[k]), None)
    if nxt is None or len(block) < 2:
        return set()
    s = stripped[nxt]
    running = len(_CLAUSE_MARK_RE.findall(s)) >= 2 or (_is_paragraph(s) and _CLAUSE_MARK_RE.search(s))
    if not running or _END_RE.search(s) or _is_boilerplate(s):
        return set()
    return block


def _classify(lines: list[str], line_starts: list[int], outlets: OutletTable) -> _Page:  # noqa: C901 (header, body and closing-line passes over a page; one function each)
    page = _Page()
    stripped = [ln.strip(_LINE_STRIP) for ln in lines]
    # Lines in another of China's scripts with no Chinese (a Mongolian or Uyghur headline above the
    # Chinese one) are neither the headline nor the story.
    stripped = [
        "" if s and _OTHER_SCRIPT_RE.search(s) and not _CJK_RE.search(s) else s for s in stripped
    ]

    # 1. Header: lines before the first paragraph-like line; the title is among them.
    first_para = next(
        (i for i, s in enumerate(stripped)
         if s and _is_paragraph(s) and not _is_caption(s) and not _is_boilerplate(s) and not _META_RE.search(s)
         and not _question_headline(stripped, i)),
        len(stripped),
    )
    header: list[tuple[int, str]] = []  # headline candidates: (line index, text)
    previous = -1  # the last non-blank header line
    links = _related_links(stripped, first_para)
    for i in range(first_para):
        s = stripped[i]
        if not s or i in links:
            continue
        if _NAV_BAR_RE.match(s) and header and header[-1][0] == previous and (site := _site_above_menu(header[-1][1])):
            # The site's name printed above its menu bar ("杭州市第一人民医院", then "首页 | 医院概况 | …"), maybe
            # with its second name ("江苏省人民医院 南京医科大学第一附属医院": the first is the site's).
            header.pop()
            page.outlet_site = page.outlet_site or site
        if ((_SELF_MEDIA_STAMP_RE.search(s) or _is_account_stamp(s)) and header and header[-1][0] == previous and page.outlet_header is None
                and (name := _site_name(header[-1][1]))):
            # A self-media account's header on a portal (搜狐号, 网易号): its name on a line of its own, then
            # "2025-04-22 09:41 发布于：贵州省". The account publishes the post, not the portal. A WeChat
            # account's name sits above its stamp the same way ("沿河融媒", then "2025年04月27日 18:02 贵州").
            page.outlet_header = name
            header.pop()
        previous = i
        if (m := _ORIGINAL_TITLE_RE.match(s)) and len(s) <= 100:
            page.original_title = page.original_title or m.group("title").strip()
            continue
        if _read_header_line(s, page, outlets):
            continue
        if _is_caption(s):
            page.captions.append(Caption(s, line_starts[i] + lines[i].find(s)))
        else:
            header.append((i, _headline_text(s, page, outlets)))
    page.title_parts = _pick_title(_headline_groups(header, stripped))
    # Header lines after the title (a standfirst or first heading) belong to the body.
    start = page.title_parts[-1][0] + 1 if page.title_parts else 0
    candidates = {i for i, _ in header}

    # 2. Body: classify each line until an end-of-article marker.
    end = None
    for i in range(start, len(stripped)):
        s = stripped[i]
        if not s or i in links:
            continue
        if i > first_para and _LINKS_LABEL_RE.match(s) and (block := _links_block_inside(stripped, i)):
            links |= block  # 相关阅读 between two paragraphs of the story: other stories' headlines, then the story goes on
            continue
        if i > first_para and _END_RE.search(s):
            end = i
            break
        m = _SOURCE_LINE_RE.match(s)
        if m and len(s) <= 40:
            after_original_title = bool(_ORIGINAL_TITLE_RE.match(_line_before(stripped, i)))
            # 原标题 then 来源: a repost's opening names the story's own outlet, over the portal account's stamp.
            name = _source_name(m.group("name"), outlets)
            page.outlet_source = (name if after_original_title else None) or page.outlet_source or name
            if i > first_para and not after_original_title:
                end = i
                break  # a standalone source line ends the article; what follows is the host site's
            continue
        if i < first_para and i not in candidates:
            continue  # header furniture already handled
        if (m := _ORIGINAL_TITLE_RE.match(s)) and len(s) <= 100:
            page.original_title = page.original_title or m.group("title").strip()
            continue
        if i > first_para and (m := _CLOSING_OUTLET_RE.match(s)):
            page.outlet_source = page.outlet_source or _source_name(m.group("name"), outlets)
            page.date = page.date or (_iso_date(m.group("date")) if m.group("date") else None)
            end = i
            break  # "（中国人口报）" closes the story
        if len(s) < 120 and _META_RE.search(s):
            _read_meta(s, page, outlets)
            continue
        if _is_boilerplate(s) or _END_RE.search(s):
            continue
        if _read_byline(s, page, outlets):
            continue
        if _is_caption(s):
            page.captions.append(Caption(s, line_starts[i] + lines[i].find(s)))
            continue
        page.body.append((i, s))
    if page.date is None and end is not None:
        page.date = _trailing_date(stripped, end)
    if signature := _signature(page.body, stripped):
        page.outlet_signature = page.body.pop()[1]
        page.date = page.date or signature
    title_lines = {i for i, _ in page.title_parts}
    page.outlet_site_line = next((t for i, t in header if i not in title_lines and _site_name(t)), None)
    page.outlet_host = next(
        (name for t in stripped if (m := _HOST_RE.match(t)) and _site_name(name := _HOST_OFFICE_RE.sub("", m.group("name")))),
        None,
    )
    lead, wire = _lead_outlet(page.body, outlets)
    page.outlet_wire, page.outlet_lead = (lead, None) if wire else (None, lead)
    if page.outlet is None:
        page.outlet_masthead = _masthead(header, page, outlets)
    return page


def _line_before(stripped: list[str], i: int) -> str:
    """The nearest non-blank line above line i ("" at the top)."""
    return next((t for t in reversed(stripped[:i]) if t), "")


def _signature(body: list[tuple[int, str]], stripped: list[str]) -> str | None:
    """The date of a report or notice signed at its end: the issuing body's name on a line of its
    own, the date alone on the next ("深圳市卫生健康委员会" / "2025年1月20日"); None when the story
    does not end so."""
    if len(body) < 2:
        return None
    i, name = body[-1]
    if len(name) > 30 or not _site_name(name):
        return None
    following = next((s for s in stripped[i + 1 : i + 3] if s), "")
    if not _SIGNED_DATE_RE.fullmatch(following):
        return None
    return _iso_date(following)


def _masthead(header: list[tuple[int, str]], page: _Page, outlets: OutletTable) -> str | None:
    """A paper's name printed alone above the story ("凉山日报数字报", "拉萨晚报"): its outlet when
    nothing else names one."""
    title_lines = {i for i, _ in page.title_parts}
    for i, text in header:
        name = _EDITION_SUFFIX_RE.sub("", text)
        if i not in title_lines and len(text) <= 12 and _names(name) == [name] and _is_outlet_name(name, outlets):
            return name
    return None


def _join_body(body: list[tuple[int, str]]) -> str:
    """Join kept lines; a gap (blank or removed lines) becomes one blank line, as paragraphs."""
    parts: list[str] = []
    prev = None
    for i, s in body:
        if prev is not None:
            parts.append("\n" if i == prev + 1 else "\n\n")
        parts.append(s)
        prev = i
    return "".join(parts)


def _as_printed(page: _Page, raw: str, view: str) -> _Page:
    """Body lines, captions and title of a page classified through its simplified view, in
    the page's own characters (view and raw have the same length and line breaks)."""
    lines, view_lines = raw.split("\n"), view.split("\n")
    body = [(i, lines[i].strip(_LINE_STRIP)) for i, _ in page.body]
    captions = [Caption(raw[c.offset : c.offset + len(c.text)], c.offset) for c in page.captions]
    title_parts = []
    for i, text in page.title_parts:
        k = view_lines[i].find(text)
        title_parts.append((i, lines[i][k : k + len(text)] if k >= 0 else text))
    return replace(page, body=body, captions=captions, title_parts=title_parts)


# ----------------------------------------------------------------------- HTML source


# A file holding a page's HTML source rather than its text ("save page as", view-source).
_HTML_START_RE = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s)", re.I)
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table tbody td th title tr ul".split()
)
_HIDDEN_TAGS = frozenset("script style noscript template svg iframe select option button".split())


class _PageText(HTMLParser):
    """The visible text of an HTML page, a line per block element (paragraph, heading, list
    item, table cell), entities decoded, scripts and styles dropped: what the page shows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.title: list[str] = []  # the <title>: "headline_site name", used when no <h1> is
        self.in_title = False
        self.has_h1 = False

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "title":
            self.in_title = True
        elif tag == "h1":
            self.has_h1 = True
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        data = re.sub(r"[ \t\r\n\xa0]+", " ", data)
        if self.in_title:
            self.title.append(data)
        elif not self.hidden:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The text of an HTML page as lines, blank lines between blocks, for the line classifier."""
    parser = _PageText()
    parser.feed(markup)
    parser.close()
    lines = [line.strip(_LINE_STRIP) for line in "".join(parser.parts).split("\n")]
    if not parser.has_h1 and (title := "".join(parser.title).strip()):
        # "杭州专家扎根台江_黔东南新闻网", "标题 - 网站名": the headline is the longest part.
        lines.insert(0, max(re.split(r"\s*[_|｜]\s*|\s+[-–—]\s+", title), key=len))
    return "\n\n".join(line for line in lines if line)


def _edge_url(raw: str) -> re.Match | None:
    """The page's address printed alone on one of its first or last few lines."""
    lines = [ln for ln in raw.split("\n") if ln.strip()]
    for line in lines[:3] + lines[-3:]:
        if m := _BARE_URL_LINE_RE.match(line):
            return m
    return None


def read_article(path: Path, outlets: OutletTable | None = None) -> Article:
    """Read one article file; raise IngestError when it is not a readable Chinese article."""
    path = Path(path)
    if path.exists() and not path.is_file():  # a folder, or a FIFO that would block the read forever
        raise IngestError(path, "not a regular file (a folder, pipe or device); only saved article files are read")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise IngestError(path, f"cannot read the file ({exc.strerror or exc})") from exc
    text, encoding = decode_bytes(data, path)
    raw = normalize_text(text)
    if _HTML_START_RE.match(raw):
        raw = html_to_text(raw)  # a saved page's source: read what the page shows
    if not _CJK_RE.search(raw):
        raise IngestError(path, "the file has no Chinese text")
    outlets = outlets or load_outlets()

    # A page in traditional characters is classified through its simplified view (same
    # length, same lines); the body and captions are then taken from the page as printed.
    view = simplified_view(raw)
    lines = (view or raw).split("\n")
    line_starts, pos = [], 0
    for ln in lines:
        line_starts.append(pos)
        pos += len(ln) + 1
    page = _classify(lines, line_starts, outlets)
    if view is not None:
        page = _as_printed(page, raw, view)
    body = _join_body(page.body)
    if not _CJK_RE.search(body):
        raise IngestError(path, "no article body found (only page furniture or non-Chinese text)")
    url = _URL_RE.search(raw) or _edge_url(raw)
    return Article(
        id=article_id(path.name),
        source=path.name,
        sha256=hashlib.sha256(data).hexdigest(),
        text=body,
        title=page.title or page.original_title,
        outlet=page.outlet,
        author=page.author,
        date=page.date,
        url=url.group("url") if url else None,
        captions=tuple(page.captions),
        encoding=encoding,
        raw_text=raw,
        voice=page.voice,
    )
