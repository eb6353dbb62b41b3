"""Ingest: decoding, boilerplate removal and page metadata, on the seeds and on synthetic pages."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.ingest import IngestError, read_article

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD = ROOT / "tests" / "fixtures" / "gold"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_metadata_matches_gold(path):
    gold = yaml.safe_load((GOLD / f"{path.stem}.yaml").read_text(encoding="utf-8"))
    a = read_article(path)
    assert a.id == path.stem and a.source == path.name
    assert a.title == gold["title"]
    assert a.outlet == gold["outlet"]
    assert a.date == gold["date"]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_gold_quotes_survive_cleaning_verbatim(path):
    gold = yaml.safe_load((GOLD / f"{path.stem}.yaml").read_text(encoding="utf-8"))
    text = read_article(path).text
    for f in gold["figures"]:
        assert f["quote"] in text, f["quote"]


def test_seed_boilerplate_removed():
    texts = {p.stem[:3]: read_article(p).text for p in SEEDS}
    for marker in ("当前位置", "版权声明", "相关文章", "贸易逆差", "发表评论", "本文链接", "采写"):
        assert marker not in texts["001"], marker
    for marker in ("分享让更多人看到", "评论", "关注"):
        assert marker not in texts["002"].splitlines()[-1]
    for marker in ("您当前的位置", "责任编辑", "ICP备", "爆料热线", "云南网记者", "发布时间"):
        assert marker not in texts["003"], marker
    for marker in ("来源:彭水融媒", "重庆国际新闻中心", "联系电话", "18623411433"):
        assert marker not in texts["004"], marker
    # Header slogans and the headline itself are not body text.
    assert not texts["000"].startswith("牢记殷殷嘱托")
    assert "新快报记者" not in texts["000"]


def test_seed_captions_kept_apart():
    a = read_article(SEEDS[0])
    assert [c.text for c in a.captions] == [
        "■两地进一步创新医疗协作模式。", "■参加活动人员合影。",
        "■广州市疾控中心与黔南疾控中心对口帮扶签约仪式现场。", "■开展交流学习活动。",
    ]
    for c in a.captions:
        assert c.text not in a.text
        assert a.raw_text[c.offset:c.offset + len(c.text)] == c.text
    b = read_article(SEEDS[2])
    assert len(b.captions) == 4 and all(c.text.endswith("韦保佑摄") for c in b.captions)
    assert "韦保佑摄" not in b.text
    assert read_article(SEEDS[1]).captions[0].text.endswith("受访者供图")


def test_a_photo_storys_captions_told_in_sentences_are_its_text(tmp_path):
    """A photo story (组图) tells its facts under each picture: "▲…查房。今年以来，他带教本地医生14名…。" is body
    text; a short label under a picture ("▲专家为群众义诊。") stays a caption."""
    story = ("▲上午10时，援疆专家在疏附县人民医院带着本地医生查房。今年以来，他在疏附带教本地医生12名，"
             "开展腹腔镜手术41台。")
    a = _page(tmp_path, f"{HEADLINE}\n\n{BODY}\n{story}\n\n▲专家为群众义诊。\n")
    assert story in a.text
    assert [c.text for c in a.captions] == ["▲专家为群众义诊。"]


def test_seed_author_url_and_broken_lines_kept():
    a = read_article(SEEDS[0])
    assert a.author == "方轶"
    assert "年均减少\n\n跨区域就医人次超2万" in a.text  # a body line break stays as it was
    assert read_article(SEEDS[1]).url == "https://www.0538ta.cn/post/57728.html"
    assert read_article(SEEDS[3]).author == "沈迅"


def test_bom_crlf_and_zero_width():
    a = read_article(ARTICLES / "a_zhejiang_sichuan_bom.txt")
    assert a.encoding == "utf-8-sig"
    assert "\r" not in a.text and "\u200b" not in a.text and "\ufeff" not in a.text
    assert a.title == "浙川携手“组团式”帮扶 让凉山群众在家门口看好病"
    assert a.outlet == "浙江日报" and a.date == "2024-09-12"
    assert "联系电话" not in a.text and "首页" not in a.text


def test_gb18030_and_byline_outlet():
    a = read_article(ARTICLES / "b_tianjin_gansu_gb18030.txt")
    assert a.encoding == "gb18030"
    assert "天津市先后派出5批次" in a.text
    assert a.outlet == "甘肃日报" and a.author == "张明"
    assert "通讯员" not in a.text


def test_traditional_repost_is_classified_through_its_simplified_view():
    a = read_article(ARTICLES / "f_traditional_repost.txt")
    # Page furniture in traditional characters is still recognised (首頁 ›, 來源：, 相關閱讀)…
    assert a.outlet == "宁夏日报" and a.date == "2025-04-02"
    assert "首頁" not in a.text and "相關閱讀" not in a.text and "鄉鎮衛生院" not in a.text
    # …while the headline and body stay as printed.
    assert a.title == "閩寧協作丨福建專家紮根西吉：縣醫院能做的手術越來越多"
    assert a.text.startswith("自閩寧協作開展以來，福州市鼓樓區對口幫扶西吉縣")


def test_simplified_text_has_no_view():
    from generator.script import simplified_view

    assert simplified_view(read_article(SEEDS[0]).text) is None
    view = simplified_view("福州市鼓樓區對口幫扶西吉縣，選派醫療專家86名赴西吉幫扶。")
    assert view == "福州市鼓楼区对口帮扶西吉县，选派医疗专家86名赴西吉帮扶。"


def test_boilerplate_page():
    a = read_article(ARTICLES / "c_beijing_neimenggu_boilerplate.txt")
    assert a.title == "京蒙协作：北京专家扎根乌兰察布 守护草原群众健康"
    assert (a.outlet, a.author, a.date) == ("内蒙古日报", "王芳", "2025-03-18")
    assert a.text.startswith("2023年以来")
    assert a.text.endswith("脑卒中患者溶栓时间缩短了25分钟。")
    for marker in ("字体", "分享", "责任编辑", "相关新闻", "GDP", "ICP", "版权", "邮箱", "资料图"):
        assert marker not in a.text, marker
    assert [c.text for c in a.captions] == ["图为北京专家在乌兰察布市中心医院查房。（资料图）"]


def test_no_headline_and_source_line_ends_article():
    a = read_article(ARTICLES / "d_shenzhen_baise_noheadline.txt")
    assert a.title is None
    assert a.outlet == "百色日报"
    assert a.text.startswith("近日，记者从百色市")
    assert "本网站" not in a.text and "来源" not in a.text


def test_related_reading_list_cut():
    a = read_article(ARTICLES / "e_fujian_ningxia_linebreak.txt")
    assert "相关阅读" not in a.text and "5万人次" not in a.text
    assert "价值1\n200万元" in a.text


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "empty"),
        (b"  \n\r\n\t ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"\xff\xfe\xff\xfe\xff", "decode"),
        ("Hello, world. No Chinese here.\n".encode(), "no Chinese"),
        ("".join(chr(c) for c in range(1, 9)).encode() * 50 + "中文".encode(), "binary"),
    ],
)
def test_rejects_unreadable_files(tmp_path, data, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(data)
    with pytest.raises(IngestError) as err:
        read_article(path)
    assert err.value.path == path
    assert message in err.value.message
    assert "bad.txt" in str(err.value)


def test_rejects_page_without_body(tmp_path):
    path = tmp_path / "nav.txt"
    path.write_text("当前位置：首页 > 新闻\n版权所有 © 2025 某某网\n", encoding="utf-8")
    with pytest.raises(IngestError):
        read_article(path)


def test_missing_file(tmp_path):
    with pytest.raises(IngestError):
        read_article(tmp_path / "nope.txt")


def test_large_file_is_read_whole(tmp_path):
    body = read_article(SEEDS[0]).text
    big = "\n\n".join([body] * (10_000_000 // len(body.encode("utf-8")) + 1))
    path = tmp_path / "big.txt"
    path.write_text(big, encoding="utf-8")
    assert path.stat().st_size >= 10_000_000
    a = read_article(path)
    assert len(a.text) > 0.9 * len(big)


def test_date_time_stamp_line_is_never_the_title(tmp_path):
    path = tmp_path / "stamp.txt"
    path.write_text(
        "凉山发布  2024-05-06 18:20  发表于四川\n\n佛山医疗队扎根凉山 守护群众健康\n\n"
        "    佛山市对口帮扶凉山州以来,累计选派医疗专家200余名。这是一段足够长的正文内容,用于测试。\n",
        encoding="utf-8",
    )
    a = read_article(path)
    assert a.title == "佛山医疗队扎根凉山 守护群众健康" and a.date == "2024-05-06"


def test_a_byline_whose_outlet_is_set_apart_from_its_reporter_gives_the_outlet(tmp_path):
    """"榕江县融媒体中心 记者 王五 通讯员 赵六" under an unknown account's header: the centre is the outlet,
    and the line is no text of the article."""
    path = tmp_path / "spaced.txt"
    path.write_text(
        "看榕江\n2025年05月06日 18:20 贵州\n\n帮扶医生扎根县医院\n\n榕江县融媒体中心 记者 王五 通讯员 赵六\n\n"
        "    一年来，帮扶专家在县人民医院累计开展手术810台。这是一段足够长的正文内容，用于测试正文识别。\n",
        encoding="utf-8",
    )
    a = read_article(path)
    assert a.outlet == "榕江县融媒体中心" and a.text.startswith("一年来")


def test_byline_after_stamp_gives_outlet(tmp_path):
    path = tmp_path / "byline.txt"
    path.write_text(
        "对话援藏医生:在高原守护生命\n\n2023年11月02日08:45  川观新闻记者 李明\n\n"
        "    记者:您是什么时候进藏的?这是一段足够长的正文内容,用于测试正文识别是否正确。\n",
        encoding="utf-8",
    )
    a = read_article(path)
    assert a.title == "对话援藏医生:在高原守护生命" and a.date == "2023-11-02" and a.outlet == "川观新闻"


@pytest.mark.parametrize("line", ["汉中市中心医院 宣传科", "汉中市中心医院党委宣传部", "镇巴县卫生健康局 办公室"])
def test_the_department_that_wrote_a_post_is_no_text_of_it(tmp_path, line):
    """A hospital's or bureau's department under the headline ("…医院 宣传科") is a byline: no body
    paragraph (a section heading, to the scope stage), no figure, no place."""
    path = tmp_path / "dept.txt"
    path.write_text(
        "江苏专家团队圆满完成帮扶任务\n\n" + line + "\n\n"
        "    一年来，专家团队在我院累计开展手术810台。这是一段足够长的正文内容，用于测试正文识别。\n",
        encoding="utf-8",
    )
    a = read_article(path)
    assert a.text.startswith("一年来") and line.split()[0] not in a.text


# ---- page headers: how a page names its outlet and date around the headline (one format per test)

HEADLINE = "杭州专家扎根黔东南 县医院能做的手术越来越多"
BODY = (
    "　　2023年以来，杭州市累计选派医疗专家58名赴黔东南州开展帮扶，帮助受援医院开展新技术新项目40余项，"
    "填补县域空白12项。\n"
)


def _page(tmp_path, text: str):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return read_article(path)


def test_print_edition_header_gives_outlet_and_date_never_the_title():
    a = read_article(ARTICLES / "g_print_edition_header.txt")
    assert (a.outlet, a.date, a.author) == ("湖北日报", "2024-09-20", "陈晓燕")
    assert a.title == "恩施的“北京专家号”越来越好挂了——北京医疗队对口帮扶恩施州纪实"
    assert a.text.startswith("早上8点不到")
    assert "第06版" not in a.text and "版名" not in a.text


def test_account_name_before_date_stamp_is_the_outlet():
    a = read_article(ARTICLES / "h_account_date_stamp.txt")
    assert (a.outlet, a.date) == ("红原县人民医院", "2024-11-05")
    assert a.title == "山海携手护健康丨温州专家在我院完成首例经皮冠脉介入手术"
    assert a.text.startswith("11月3日晚")


@pytest.mark.parametrize("above", [True, False], ids=["above", "below"])
@pytest.mark.parametrize(
    "header, outlet, date",
    [
        # print editions
        ("人民日报 2024年5月6日 第07版", "人民日报", "2024-05-06"),
        ("健康报 2024年05月06日 第04版:综合新闻", "健康报", "2024-05-06"),
        ("贵州日报数字报 > 2024年05月06日 > 第03版:要闻", "贵州日报", "2024-05-06"),
        ("温州日报 2024年5月6日 星期一 A05 要闻·协作", "温州日报", "2024-05-06"),
        # accounts and outlets before a date, with or without a time, a region or a byline
        ("凯里发布 2024-05-06 18:30 发表于贵州", "凯里发布", "2024-05-06"),
        ("黔东南州人民医院 2024年05月06日 19:42 贵州", "黔东南州人民医院", "2024-05-06"),
        ("浙江大学医学院附属第一医院　2024-05-06", "浙江大学医学院附属第一医院", "2024-05-06"),
        ("贵州日报　2024-05-06　记者 张华 通讯员 杨柳", "贵州日报", "2024-05-06"),
        ("天眼新闻记者 张华　2024-05-06 18:20", "贵州日报天眼新闻", "2024-05-06"),
        ("黔东南广播电视台《黔东南新闻》2024年5月6日", "黔东南广播电视台", "2024-05-06"),
        # a source line whose date is the page's
        ("来源：贵州日报　2024-05-06　记者 张华", "贵州日报", "2024-05-06"),
    ],
    ids=["edition", "edition-section", "digital-edition", "lettered-page", "account", "account-region", "hospital",
         "paper-byline", "byline-stamp", "tv-programme", "source-date"],
)
def test_header_line_gives_outlet_and_date(tmp_path, header, outlet, date, above):
    lines = [header, HEADLINE] if above else [HEADLINE, header]
    a = _page(tmp_path, "\n\n".join(lines) + "\n\n" + BODY)
    assert (a.title, a.outlet, a.date) == (HEADLINE, outlet, date)
    assert a.text.startswith("2023年以来")


@pytest.mark.parametrize(
    "line",
    [
        "截至2024年12月31日",  # a date after a word, not after a publisher
        "会议于2024年5月6日召开",
        "新闻中心 > 院内新闻 > 正文",  # a breadcrumb that opens with a section, not the site
        "当前位置：首页 > 新闻中心",
    ],
    ids=["as-of", "sentence", "section-crumb", "home-crumb"],
)
def test_lines_that_name_no_outlet(tmp_path, line):
    a = _page(tmp_path, f"{line}\n\n{HEADLINE}\n\n{BODY}")
    assert a.outlet is None and a.title == HEADLINE


def test_source_line_wins_over_the_account_name(tmp_path):
    a = _page(tmp_path, f"{HEADLINE}\n\n凯里发布 2024-05-06 18:30 发表于贵州\n\n{BODY}\n来源：凯里市融媒体中心\n")
    assert (a.outlet, a.date) == ("凯里市融媒体中心", "2024-05-06")


def test_labelled_source_line_is_metadata_and_its_date_is_read():
    a = read_article(ARTICLES / "i_source_line_with_date.txt")
    assert a.title == "丽水市卫生健康系统与四川省广元市签订新一轮医疗卫生合作协议"
    assert (a.outlet, a.date) == ("市卫生健康局", "2024-07-15")  # the name as the page states it
    assert "信息来源" not in a.text and "浏览次数" not in a.text


def test_title_label_of_a_broadcast_script_is_dropped():
    a = read_article(ARTICLES / "j_broadcast_script_title_label.txt")
    assert a.title == "大连医疗专家扎根六盘水 县医院能做的手术越来越多"
    assert (a.outlet, a.date) == ("贵州广播电视台", "2024-06-03")
    assert "【标题】" not in a.text


def test_outlet_name_before_a_bar_is_not_part_of_the_title(tmp_path):
    a = read_article(ARTICLES / "k_outlet_name_before_bar.txt")
    assert a.title == "江苏援青医生扎根海南州：把三甲医院的规范带到高原"
    assert (a.outlet, a.date) == ("青海日报", "2024-08-26")
    # A column label before the bar is part of the headline, and names no outlet.
    b = _page(tmp_path, f"医路同行 | {HEADLINE}\n\n{BODY}")
    assert b.title == f"医路同行 | {HEADLINE}" and b.outlet is None


def test_subtitle_line_is_joined_to_its_headline(tmp_path):
    a = read_article(ARTICLES / "l_headline_with_dash_subtitle.txt")
    assert a.title == "“高原上的每一台手术都不能出错”——记上海市第十一批援疆医疗队员、莎车县人民医院麻醉科主任周凯"
    assert (a.outlet, a.date, a.author) == ("新疆日报", "2024-10-12", "王敏")
    assert a.text.startswith("凌晨两点") and "——记" not in a.text
    # The dash may also end the headline line.
    b = _page(tmp_path, f"杭州专家扎根黔东南——\n县医院能做的手术越来越多\n\n{BODY}")
    assert b.title == "杭州专家扎根黔东南——县医院能做的手术越来越多"


def test_site_name_from_breadcrumb_or_masthead(tmp_path):
    a = read_article(ARTICLES / "m_breadcrumb_site_name.txt")
    # "来源：本站原创" points at the site itself, which the breadcrumb names.
    assert (a.outlet, a.date) == ("会宁县人民医院", "2024-03-22")
    assert a.title == "天津市第一中心医院第五批帮扶专家抵达我院"
    masthead = "遵义市第一人民医院\n首页 | 医院概况 | 科室导航 | 新闻中心\n当前位置：首页 > 新闻中心\n\n"
    b = _page(tmp_path, f"{masthead}{HEADLINE}\n\n发布日期：2024-05-06\n\n{BODY}")
    assert (b.title, b.outlet, b.date) == (HEADLINE, "遵义市第一人民医院", "2024-05-06")
    # A source line still wins over the site's name.
    c = _page(tmp_path, f"{masthead}{HEADLINE}\n\n发布日期：2024-05-06　来源：遵义日报\n\n{BODY}")
    assert c.outlet == "遵义日报"


def test_date_under_the_source_line_that_ends_the_article():
    a = read_article(ARTICLES / "n_date_under_source_line.txt")
    assert (a.outlet, a.date) == ("秀山日报", "2025-06-09")
    assert "发布时间" not in a.text and "相关阅读" not in a.text


def test_saved_page_source_is_read_as_the_page_shows_it():
    a = read_article(ARTICLES / "o_saved_page_source.txt")
    assert a.title == "杭州专家扎根台江 县医院开出胸痛中心"
    assert (a.outlet, a.date) == ("黔东南日报", "2025-05-16")
    assert "<" not in a.text and "dataLayer" not in a.text and "font-size" not in a.text
    assert "先后选派42名医疗专家赴台江县" in a.text  # inline tags (<strong>) do not split a sentence
    assert "相关阅读" not in a.text and "春耕" not in a.text and "ICP" not in a.text
    from generator.extract import extract_article
    from generator.gazetteer import Gazetteer
    from generator.indicators import IndicatorCatalog

    facts = extract_article(a, Gazetteer.load(ROOT / "data"), IndicatorCatalog.load(ROOT / "data" / "indicators.yaml"))
    assert {(f.indicator, f.value) for f in facts.figures} >= {("experts_sent", 42), ("new_techniques", 36), ("outcome_change", 75)}
    assert ("330100", "522630") in {(p.donor.adcode, p.recipient.adcode) for p in facts.pairings}  # 杭州 -> 台江
    assert all(a.text[f.offset : f.offset + len(f.quote)] == f.quote for f in facts.figures)


# ------------------------------------------------------- sources (issue 15): made-up pages


def made_up_page(tmp_path, text: str):
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    return read_article(path)


MADE_UP_BODY = "两年来，帮扶医院累计派出专家42名，帮助县医院开展新技术19项，群众就医更方便了。"


@pytest.mark.parametrize("lead, outlet", [
    ("新华社成都7月2日电（记者 赵明）", "新华社"),
    ("中新网西宁11月9日电 ", "中国新闻网"),
    ("健康报讯（通讯员 孙丽）", "健康报"),
    ("云南网讯（记者 钱程）", "云南网"),
])
def test_outlet_from_the_leads_dateline(tmp_path, lead, outlet):
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n{lead}{MADE_UP_BODY}\n")
    assert a.outlet == outlet
    assert a.text.startswith(lead.strip())  # the body is kept as printed


def test_the_page_own_paper_in_its_dateline_is_no_outlet(tmp_path):
    assert made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n本报讯（记者 钱程）{MADE_UP_BODY}\n").outlet is None


def test_outlet_from_a_labelled_source_and_a_closing_name(tmp_path):
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n{MADE_UP_BODY}\n\n本文来源:《青海日报》\n")
    assert a.outlet == "青海日报" and "本文来源" not in a.text
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n{MADE_UP_BODY}\n\n（中国妇女报）\n\n下一篇：全市召开卫生工作会议，300人参加。\n")
    assert a.outlet == "中国妇女报"
    assert a.text.endswith("群众就医更方便了。")  # what follows the closing name is another item


def test_outlet_and_date_from_a_stamped_header(tmp_path):
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n2023-05-17 16:40:02 天山网/新疆日报\n\n{MADE_UP_BODY}\n")
    assert (a.outlet, a.date) == ("新疆日报", "2023-05-17")


def test_day_first_dates(tmp_path):
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n07.03.2021  10:15\n\n{MADE_UP_BODY}\n")
    assert a.date == "2021-03-07"


def test_original_title_line_is_not_the_story(tmp_path):
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n原标题：专家进山来\n\n{MADE_UP_BODY}\n")
    assert a.title == "县医院迎来新一批帮扶专家团队"
    assert "原标题" not in a.text
    a = made_up_page(tmp_path, f"原标题：专家进山来 群众笑开颜\n\n{MADE_UP_BODY}\n")
    assert a.title == "专家进山来 群众笑开颜"


@pytest.mark.parametrize("promo", ["【推荐】夏天喝绿豆汤的人注意了，这几类人最好少喝……",
                                   "【广告】三伏天养生，记住这五个小窍门！"])
def test_a_promoted_story_between_header_and_story_is_no_part_of_it(tmp_path, promo):
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n2024-09-02 来源：网络\n\n{promo}\n\n{MADE_UP_BODY}\n")
    assert a.text.strip() == MADE_UP_BODY


def test_a_reposts_original_title_and_source_lines_open_the_story_and_do_not_end_it(tmp_path):
    a = made_up_page(tmp_path, "群山里的好医生\n\n2024-09-02 作者：佚名\n\n夏天到了，很多人不知道哪几类人最好少喝绿豆汤……\n\n"
                               f"原标题：专家进山来 群众笑开颜\n来源：某某县融媒体中心\n\n{MADE_UP_BODY}\n")
    assert MADE_UP_BODY in a.text
    assert a.outlet == "某某县融媒体中心"


def test_a_reposts_source_after_its_original_title_is_the_outlet_over_the_portal_accounts(tmp_path):
    """A portal account's stamp (来源: <account>) above, then 原标题 and 来源: the story's own outlet is the second."""
    a = made_up_page(tmp_path, "群山里的好医生\n\n2024-09-02 10:15　来源: 某某健康观察\n\n"
                               f"（原标题：专家进山来 群众笑开颜）\n\n来源：某某日报\n\n{MADE_UP_BODY}\n")
    assert MADE_UP_BODY in a.text
    assert a.outlet == "某某日报"


@pytest.mark.parametrize("other_script", [
    "ᠡᠮᠨᠡᠯᠭᠡ ᠶᠢᠨ ᠬᠠᠮᠰᠠᠯᠠᠭ᠎ᠠ ᠬᠥᠳᠡᠭᠡ ᠶᠢᠨ ᠠᠷᠠᠳ",  # Mongolian
    "སྨན་བཅོས་རོགས་རམ་གྱི་ལས་དོན་ཡག་པོ་བྱུང་།",  # Tibetan
    "داۋالاش ياردىمى خىزمىتى ياخشى ئېلىپ بېرىلدى",  # Uyghur
])
def test_a_line_in_another_script_is_not_the_headline(tmp_path, other_script):
    a = made_up_page(tmp_path, f"{other_script}\n\n县医院迎来新一批帮扶专家团队\n\n{MADE_UP_BODY}\n")
    assert a.title == "县医院迎来新一批帮扶专家团队"
    assert other_script not in a.text


def test_the_page_address_when_it_states_one(tmp_path):
    a = made_up_page(tmp_path, f"https://news.example.cn/2024/06/01/12345.html\n\n县医院迎来新一批帮扶专家团队\n\n{MADE_UP_BODY}\n")
    assert a.url == "https://news.example.cn/2024/06/01/12345.html"
    assert "example" not in a.text
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n{MADE_UP_BODY}\n\n原文链接：https://www.example.org/a/77.html\n")
    assert a.url == "https://www.example.org/a/77.html"


def test_outlet_after_the_date_and_a_masthead_above_it(tmp_path):
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n2022-10-08 黔东南日报\n\n本报讯（记者 钱程）{MADE_UP_BODY}\n")
    assert (a.outlet, a.date) == ("黔东南日报", "2022-10-08")
    a = made_up_page(tmp_path, f"拉萨晚报电子版\n2023年06月15日 星期四 第03版：综合\n\n县医院迎来新一批帮扶专家团队\n\n{MADE_UP_BODY}\n")
    assert (a.outlet, a.date) == ("拉萨晚报", "2023-06-15")


def test_a_closing_source_with_its_date_and_page(tmp_path):
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n{MADE_UP_BODY}\n\n(烟台日报 2023年11月02日 A05版)\n")
    assert (a.outlet, a.date) == ("烟台日报", "2023-11-02")


def test_an_agency_wire_wins_over_the_site_that_posts_it(tmp_path):
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n2024-03-02 10:11:12　来源：某某新闻网\n\n新华社兰州3月2日电（记者 赵明）{MADE_UP_BODY}\n")
    assert a.outlet == "新华社"
    a = made_up_page(tmp_path, f"县医院迎来新一批帮扶专家团队\n\n2024-03-02 10:11　来源：人民网-甘肃频道\n\n人民网兰州3月2日电（记者 赵明）{MADE_UP_BODY}\n")
    assert a.outlet == "人民网"  # the portal, not its channel (人民网-甘肃频道)


def test_wechat_header_over_two_lines_names_the_account(tmp_path):
    """A pasted WeChat header may break after the account: "原创 <author> <account>" on one line, its
    date, time and province on the next. The account still publishes the post, the date is the post's."""
    a = _page(tmp_path, f"原创 宣传科 甲市第一人民医院\n2025年03月02日 16:40 浙江\n\n{HEADLINE}\n\n{BODY}")
    assert a.outlet == "甲市第一人民医院"
    assert a.date == "2025-03-02"
    assert a.title == HEADLINE
    # a line that only opens with 原创 and goes on as a sentence is no header
    b = _page(tmp_path, f"{HEADLINE}\n\n原创 作品展在甲市举行，展出作品120件。\n\n{BODY}")
    assert b.outlet != "作品展在甲市举行，展出作品120件。"


def test_wechat_original_header_names_the_account_not_the_author(tmp_path):
    """"原创 <author> <account> <date> <time> <province>": the account publishes the post."""
    a = _page(tmp_path, f"{HEADLINE}\n\n原创 院团委 嘉兴市第二医院 2024年09月12日 08:30 浙江\n\n{BODY}")
    assert (a.outlet, a.date) == ("嘉兴市第二医院", "2024-09-12")


@pytest.mark.parametrize("source", ["党委宣传部", "骨科 医务科", "儿科"])
def test_a_source_line_naming_a_department_leaves_the_institution_as_outlet(tmp_path, source):
    """"来源：党委宣传部" names a unit of the page's own hospital, not a publisher; so does a ward that wrote
    the post (来源：骨科 医务科)."""
    a = _page(tmp_path, f"{HEADLINE}\n\n嘉兴市第二医院 2024-09-12 08:30 发表于浙江\n\n{BODY}\n来源：{source}\n")
    assert a.outlet == "嘉兴市第二医院"


@pytest.mark.parametrize(
    "top, bottom, outlet",
    [
        # the site's name printed alone above the story
        ("临夏回族自治州卫生健康委员会\n\n", "", "临夏回族自治州卫生健康委员会"),
        # the site's footer
        ("", "主办单位：临夏回族自治州卫生健康委员会　　地址：临夏市\n", "临夏回族自治州卫生健康委员会"),
        # no full name anywhere: the source line as it stands
        ("", "", "州卫生健康委"),
    ],
    ids=["site-line", "footer", "none"],
)
def test_an_agency_named_relative_to_the_site_takes_the_sites_full_name(tmp_path, top, bottom, outlet):
    """"来源：州卫生健康委" is the site's own agency; its full name, when the page prints it, is the outlet."""
    a = _page(tmp_path, f"{top}{HEADLINE}\n\n发布时间：2024-05-06　来源：州卫生健康委\n\n{BODY}\n{bottom}")
    assert a.outlet == outlet


def test_related_links_between_two_paragraphs_do_not_end_the_story(tmp_path):
    """A 相关阅读 block set between paragraphs (other stories' headlines, then the story goes on, even in hard-
    wrapped lines with half-width commas) is skipped, not taken for the story's end; after the last paragraph it
    still ends the story."""
    links = "相关阅读:\n· 某县召开协作工作推进会\n· 某市新增3个县域医疗次中心\n\n"
    more = "三年来,专家团队累计开展新技术新项目45项,填补县域空白12项,完成手术1\n200余台。\n"
    a = _page(tmp_path, f"{HEADLINE}\n\n{BODY}\n{links}{more}")
    assert "新技术新项目45项" in a.text and "某县召开" not in a.text
    b = _page(tmp_path, f"{HEADLINE}\n\n{BODY}\n{links}版权所有 某某网 未经授权禁止复制\n")
    assert "某县召开" not in b.text and "版权所有" not in b.text and "杭州市累计选派" in b.text


def test_a_page_crediting_a_section_of_its_site_is_the_sites(tmp_path):
    """"来源：医政医管科" names a section of the body that runs the site; with nothing else naming a publisher, the
    site's footer (主办：…) does."""
    a = _page(tmp_path, f"首页 > 新闻动态\n\n{HEADLINE}\n\n发布时间：2025-03-14 16:20　来源：医政医管科\n\n{BODY}\n"
                        "主办：丙市卫生健康委员会　承办：丙市卫生健康委员会办公室\n")
    assert a.outlet == "丙市卫生健康委员会"


def test_an_accounts_post_crediting_an_agency_named_relative_to_it_is_the_accounts(tmp_path):
    """A WeChat account's post (header: account, time, province) ending "来源：县卫健局": the bureau is the
    account's own county's, named relative to it; the account published the post."""
    a = _page(tmp_path, f"{HEADLINE}\n\n剑河融媒  2024-10-08 18:30  贵州\n\n{BODY}\n来源：县卫健局\n编辑：张三\n")
    assert a.outlet == "剑河融媒"


def test_an_office_named_relative_to_a_county_site_takes_the_sites_full_name(tmp_path):
    """"来源：县东西部协作办" on a county government's site is that county's office: the site publishes."""
    a = _page(tmp_path, f"阜平县人民政府\n首页 > 政务公开 > 工作总结\n\n{HEADLINE}\n\n"
                        f"发布时间：2024-05-06 10:26  来源：县东西部协作办  浏览次数：88\n\n{BODY}")
    assert a.outlet == "阜平县人民政府"


def test_an_account_named_with_its_medium_is_the_account(tmp_path):
    """"来源：XX医院微信公众号" on a portal names the hospital's account: the outlet is the account's name."""
    a = _page(tmp_path, f"{HEADLINE}\n\n2024-06-23 10:15:32  来源：剑河县人民医院微信公众号  责任编辑：李四\n\n{BODY}")
    assert a.outlet == "剑河县人民医院"
    a = _page(tmp_path, f"{HEADLINE}\n\n2024-08-26 19:12:40   来源：贵州卫视《贵州新闻联播》   编辑：李四\n\n{BODY}")
    assert a.outlet == "贵州卫视"


def test_a_portals_self_media_account_on_the_date_line_is_the_outlet(tmp_path):
    """"发布于:贵州  搜狐号:黔东南日报" under a portal's breadcrumb: the account published it, not the portal."""
    a = _page(tmp_path, f"搜狐首页 > 新闻 > 正文\n\n{HEADLINE}\n\n2024-10-15 09:12  发布于:贵州  搜狐号:黔东南日报\n\n{BODY}")
    assert a.outlet == "黔东南日报"


def test_a_bureaus_notice_on_its_governments_site_is_the_bureaus(tmp_path):
    """A notice headed "剑河县卫生健康局关于…的通报", 信息来源：县卫生健康局, on 剑河县人民政府's site: the bureau issued it;
    the site's own body named in the headline (…委员会 on that commission's site) stays the site's full name."""
    a = _page(tmp_path, "剑河县人民政府\n首页 > 政务公开 > 通知公告\n\n剑河县卫生健康局关于2024年度东西部协作医疗帮扶工作情况的通报\n\n"
                        f"发布时间：2025-01-22 09:36  信息来源：县卫生健康局\n\n{BODY}")
    assert a.outlet == "剑河县卫生健康局"
    a = _page(tmp_path, "黔东南苗族侗族自治州卫生健康委员会\n首页 > 通知公告\n\n黔东南州卫生健康委员会关于2024年度东西部协作医疗帮扶工作情况的通报\n\n"
                        f"发布时间：2025-01-22 09:36  信息来源：州卫生健康委员会\n\n{BODY}")
    assert a.outlet == "黔东南苗族侗族自治州卫生健康委员会"


def test_a_source_naming_a_division_of_an_agency_is_no_outlet(tmp_path):
    a = _page(tmp_path, f"临夏回族自治州卫生健康委员会\n\n{HEADLINE}\n\n发布时间：2024-05-06　来源：医政医管科\n\n{BODY}")
    assert a.outlet == "临夏回族自治州卫生健康委员会"


@pytest.mark.parametrize("stamp, date", [
    ("发布时间:23/07/2022 14:05   来源:某县融媒体中心", "2022-07-23"),  # day first, with slashes
    ("字号:A+ A- | 分享到: 微信 | 05/11/2023 08:40", "2023-11-05"),  # on a widget line
    ("发布时间:07/23/2022 14:05", "2022-07-23"),  # a month first can only be read one way
])
def test_day_first_dates_with_slashes(tmp_path, stamp, date):
    a = _page(tmp_path, f"{HEADLINE}\n\n{stamp}\n\n{BODY}")
    assert a.date == date


@pytest.mark.parametrize("byline, outlet", [
    ("2023-04-11 18:20:05  湖北日报·长江云记者 周明", "湖北日报"),  # the paper, then its app
    ("新湖北·湖北日报记者 周明", "湖北日报"),  # the app, then the paper
])
def test_a_byline_naming_a_paper_and_its_app_gives_the_paper(tmp_path, byline, outlet):
    a = _page(tmp_path, f"长江云新闻 > 要闻 > 对口支援\n\n{HEADLINE}\n\n{byline}\n\n{BODY}")
    assert (a.outlet, a.author) == (outlet, "周明")
    assert "记者" not in a.text


def test_the_publishing_body_of_a_government_site_wins_over_the_office_that_supplied_the_text(tmp_path):
    header = "索引号:HB-WJW-2023-00077    发布机构:湖北省卫生健康委员会\n信息来源:恩施州卫生健康委员会    发布日期:2023-03-09"
    a = _page(tmp_path, f"{header}\n\n{HEADLINE}\n\n{BODY}")
    assert (a.outlet, a.date, a.title) == ("湖北省卫生健康委员会", "2023-03-09", HEADLINE)
    # a paper named as the source is still the outlet
    a = _page(tmp_path, f"发布机构:湖北省卫生健康委员会\n信息来源:湖北日报    发布日期:2023-03-09\n\n{HEADLINE}\n\n{BODY}")
    assert a.outlet == "湖北日报"


@pytest.mark.parametrize("crumbs, outlet", [
    ("今日阿克苏 > 援疆在线 > 正文", "今日阿克苏"),  # a path ending at the story starts at the site
    ("援疆在线 > 医疗帮扶 > 正文", None),  # a section is no site
    ("首页 > 援疆在线 > 正文", None),
])
def test_a_breadcrumb_ending_at_the_story_names_the_site(tmp_path, crumbs, outlet):
    assert _page(tmp_path, f"{crumbs}\n\n{HEADLINE}\n\n{BODY}").outlet == outlet


def test_a_report_signed_at_its_end_names_its_issuing_body(tmp_path):
    a = _page(tmp_path, f"关于2023年对口帮扶工作的总结\n\n{BODY}\n某某市卫生健康委员会\n2024年1月15日\n")
    assert (a.outlet, a.date) == ("某某市卫生健康委员会", "2024-01-15")
    assert "委员会" not in a.text  # the signature is not a paragraph of the story
    # a name ending the story with no date under it is a paragraph, not a signature
    a = _page(tmp_path, f"关于2023年对口帮扶工作的总结\n\n{BODY}\n某某市卫生健康委员会\n")
    assert a.outlet is None


def test_a_closing_credits_line_ends_the_story(tmp_path):
    a = _page(tmp_path, f"{HEADLINE}\n\n{BODY}\n记者:周明  编辑:李华  审核:王强\n")
    assert a.text.rstrip().endswith("填补县域空白12项。")


@pytest.mark.parametrize("source, outlet", [
    ("转载自：光明网-甘肃频道", "光明网"),  # a portal's channel names the portal
    ("来源：东方网·健康栏目", "东方网"),
    ("来源：某某日报", "某某日报"),
])
def test_a_portals_channel_names_the_portal(tmp_path, source, outlet):
    assert _page(tmp_path, f"{HEADLINE}\n\n{source}　发布时间：2025-03-02 10:00\n\n{BODY}").outlet == outlet


def test_a_strip_of_related_links_above_the_story_is_not_its_headline(tmp_path):
    """A portal's "热门推荐" strip (items split by bars, the first with no space before its bar) is
    longer than the headline under it; it is navigation, not the title (made-up page)."""
    page = tmp_path / "strip.txt"
    page.write_text(
        "首页 > 新闻中心 > 地方动态\n"
        "热门推荐:这个小城的秋天太美了!| 今年招生计划公布 | 周末出游攻略来了\n"
        "甲乙协作结硕果 山区看病更方便\n"
        "2025-09-01 10:20 来源：某某日报\n"
        "\n"
        "今年以来，甲市向乙县派出医疗专家12名，帮助乙县人民医院开展新技术新项目8项，"
        "县域内就诊率提高到90%以上，群众在家门口就能看上好医生。\n",
        encoding="utf-8",
    )
    article = read_article(page)
    assert article.title == "甲乙协作结硕果 山区看病更方便"
    assert "热门推荐" not in article.text


def test_a_papers_name_in_title_marks_before_the_date_is_the_outlet(tmp_path):
    """"《甲市日报》2025年01月08日 第01版：要闻" under the headline: the paper and its date (made-up page)."""
    article = _page(tmp_path,
                    "甲乙协作结硕果 四年来甲市选派专家来乙帮扶\n"
                    "《甲市日报》2025年01月08日 第01版：要闻\n"
                    "\n"
                    "本报讯 记者从市卫生健康局获悉，四年来甲市累计选派医疗专家120人次来我市开展帮扶，县域内就诊率达到90%。\n")
    assert (article.outlet, article.date) == ("甲市日报", "2025-01-08")


def test_a_headline_of_two_parts_joined_by_a_bar_is_the_headline(tmp_path):
    """"<slogan>，<slogan>｜<headline>！" with a comma and an exclamation mark is no paragraph (made-up page)."""
    article = _page(tmp_path,
                    "山高水长，携手同行｜我院帮扶乙县五周年成绩单来了！\n"
                    "原创 宣传科 甲市人民医院 2025年01月06日 09:12 浙江\n"
                    "\n"
                    "五年来，我院先后派出六批共30名专家常驻乙县，帮助县医院开展新技术新项目48项，县域内就诊率提高到91%。\n")
    assert article.title == "山高水长，携手同行｜我院帮扶乙县五周年成绩单来了！"
    assert (article.outlet, article.date) == ("甲市人民医院", "2025-01-06")


def test_a_headline_ending_on_a_quoted_word_and_a_wechat_header_under_it(tmp_path):
    """A headline with a comma that ends on a quoted word ("…让县医院“长高长壮”") is no paragraph; under
    it, a WeChat header whose author name opens it ("原创 某院宣传 <account> <date> <time> <province>")
    gives the account and the date (made-up page)."""
    page = tmp_path / "wechat.txt"
    page.write_text(
        "三年接力，甲乙“组团式”帮扶让县医院“长高长壮”\n"
        "原创 某院宣传 甲市第一人民医院 2024年11月08日 17:30 上海\n"
        "\n"
        "三年来，我院先后派出三批共21名专家常驻乙县，帮助县医院开展新技术新项目35项，"
        "县域内就诊率提高到90%以上。\n",
        encoding="utf-8",
    )
    article = read_article(page)
    assert article.title == "三年接力，甲乙“组团式”帮扶让县医院“长高长壮”"
    assert (article.outlet, article.date) == ("甲市第一人民医院", "2024-11-08")
    # A line ending on a quotation's stop is still story text.
    page.write_text("甲乙协作结硕果 山区看病更方便\n院长说：“三年来，医院新开展技术35项，群众看病更方便了。”\n",
                    encoding="utf-8")
    assert read_article(page).title == "甲乙协作结硕果 山区看病更方便"


def test_a_browser_title_and_related_links_above_the_story_are_furniture(tmp_path):
    """A pasted page may open with the browser's title ("<headline>_<section>_<site>") and carry a block
    of related links above the story ("相关阅读" then "· …"): the headline is the printed one, and the
    linked stories are neither the headline nor the story (made-up page)."""
    page = tmp_path / "portal.txt"
    page.write_text(
        "甲区专家扎根乙县 协作结出“健康果”_某市_某某网\n"
        "当前位置:首页 > 市州 > 某市 > 正文\n"
        "\n"
        "甲区专家扎根乙县 协作结出“健康果”\n"
        "\n"
        "2025-06-12 10:18:36  来源:乙县融媒体中心\n"
        "\n"
        "相关阅读\n"
        "· 丙县:协作“院包科”让群众在家门口看名医\n"
        "· 丁区与戊区签订2025年东西部协作医疗帮扶协议\n"
        "\n"
        "近年来，甲区与乙县紧扣东西部协作部署，累计投入协作资金2860万元支持乙县卫生健康事业，"
        "选派专家32名常驻乙县人民医院。\n",
        encoding="utf-8",
    )
    article = read_article(page)
    assert article.title == "甲区专家扎根乙县 协作结出“健康果”"
    assert "丁区" not in article.text and "相关阅读" not in article.text


def test_a_wechat_posts_credit_lines_name_its_team_not_its_outlet(tmp_path):
    """"来源|援疆医疗队" under a hospital's WeChat post credits the team that wrote it; the account in the
    header is the outlet. A source named with a bar that is an outlet still counts (made-up page)."""
    page = tmp_path / "credits.txt"
    body = ("援疆三年|中大人在高原种下“健康树”\n"
            "原创 援疆医疗队 某某大学附属医院 2025年03月18日 17:30 江苏\n"
            "\n"
            "三年来，我院先后派出三批共21名专家常驻乙县人民医院，帮助开展新技术新项目35项，县域内就诊率提高到90%以上。\n"
            "\n"
            "来源|{source}\n"
            "编辑|宣传处 刘洋\n")
    page.write_text(body.format(source="援疆医疗队"), encoding="utf-8")
    assert read_article(page).outlet == "某某大学附属医院"
    page.write_text(body.format(source="新疆日报"), encoding="utf-8")
    assert read_article(page).outlet == "新疆日报"


def test_a_source_naming_an_institutions_office_is_the_institution(tmp_path):
    """"来源：某县人民医院党政办" names the office that supplied the text: the outlet is the hospital, whose
    我院 is then read as the hospital's county (made-up page)."""
    page = tmp_path / "office.txt"
    page.write_text(
        "某某医院“组团式”帮扶我院两周年\n"
        "\n"
        "两年来，甲市医院先后选派两批共26名专家来我院开展帮扶，帮助我院新开展新技术新项目58项，"
        "县域内就诊率提高到90%以上。\n"
        "\n"
        "来源：英吉沙县人民医院党政办\n"
        "编辑：某某\n",
        encoding="utf-8",
    )
    assert read_article(page).outlet == "英吉沙县人民医院"


def test_an_accounts_own_post_is_the_accounts_unless_its_source_is_the_header_author(tmp_path):
    """Under "原创 <author> <account> <date>", a closing 来源 naming someone else credits who supplied the
    text (the account is the outlet); one naming the header's own author is that author (made-up pages)."""
    page = tmp_path / "own.txt"
    body = ("我区医疗协作助力乙县群众家门口看好病\n"
            "原创 {author} {account} 2025年09月16日 17:30 北京\n"
            "\n"
            "两年来，我区先后选派医疗专家26名到乙县医院开展帮扶，帮助开展新技术新项目58项，县域内就诊率提高到90%以上。\n"
            "\n"
            "来源：{source}\n"
            "编辑：某某\n")
    page.write_text(body.format(author="某区融媒", account="某区发布", source="某区卫生健康委"), encoding="utf-8")
    assert read_article(page).outlet == "某区发布"
    page.write_text(body.format(author="某县融媒体中心", account="某县发布", source="某县融媒体中心"), encoding="utf-8")
    assert read_article(page).outlet == "某县融媒体中心"


# ---- categories from the blind set 57 (made-up pages of the same shape)

def test_a_lead_paragraph_telling_of_months_ago_stays_in_the_story(tmp_path):
    """"…——2个月前，他为这位老人做了手术" is the story; only a feed's "3小时前" stamp is page furniture."""
    lead = ("新华社成都3月2日电（记者 某某）早上8点，县医院门诊楼前已排起长队。一位老人拉住医生的手——2个月前，"
            "他为这位老人做了手术。")
    a = _page(tmp_path, f"{HEADLINE}\n\n{lead}\n\n{BODY}")
    assert a.text.startswith("新华社成都3月2日电")
    assert a.outlet == "新华社"


def test_a_self_media_account_above_its_date_line_is_the_outlet(tmp_path):
    """A portal's self-media post (搜狐号, 网易号): the account's name on its own line, then
    "<date> <time> 发布于：<province>". The account publishes it, not the portal's home page."""
    page = f"搜狐首页 > 新闻 > 正文\n\n{HEADLINE}\n\n甲县融媒体中心\n2025-03-02 10:15 发布于：贵州省\n\n{BODY}"
    a = _page(tmp_path, page)
    assert (a.outlet, a.date) == ("甲县融媒体中心", "2025-03-02")



def test_a_long_headline_with_no_sentence_in_it_is_the_headline(tmp_path):
    """An interview's headline runs long ("“…，…”——访某医院帮扶某县工作队队长某某"): with no sentence stop
    in it, it is no paragraph of the story."""
    title = "“一支带不走的队伍，比一百台手术更有分量”——访甲市乙区人民医院“组团式”帮扶丙县工作队队长王某某同志"
    assert len(title) >= 50
    a = _page(tmp_path, f"首页 > 新闻中心 > 正文\n\n{title}\n\n2025-03-18 09:42  来源：某某日报\n\n{BODY}")
    assert a.title == title
    assert a.text.startswith("2023年以来")


def test_a_notice_headline_names_the_body_a_relative_source_stands_for(tmp_path):
    """"来源：市卫生健康委" under "甲市卫生健康委员会关于…的通报", with no site name elsewhere: the notice's issuer."""
    page = (f"甲市卫生健康委员会关于2024年度东西部协作医疗帮扶工作的通报\n\n"
            f"发布日期：2025-02-26　　来源：市卫生健康委\n\n{BODY}")
    assert _page(tmp_path, page).outlet == "甲市卫生健康委员会"


def test_a_sites_name_before_its_menu_on_one_line_names_the_site(tmp_path):
    """"乙县人民政府 | 首页 | 政务公开 | 部门动态": the site's name opens its menu bar."""
    page = f"乙县人民政府 | 首页 | 政务公开 | 部门动态\n\n{HEADLINE}\n\n发布时间：2025-07-09 16:30\n\n{BODY}"
    assert _page(tmp_path, page).outlet == "乙县人民政府"


def test_a_question_headline_above_the_date_line_is_the_headline(tmp_path):
    """"协作三年，我院“长”出了哪些新本事？" then the WeChat header: a headline asking, not the story's first
    sentence; and "来源：院办" names the hospital's own office, not a publisher."""
    title = "协作三年，我院“长”出了哪些新本事？"
    page = f"{title}\n\n原创 院办 甲县人民医院 2025年06月12日 18:30 四川\n\n{BODY}\n来源：院办\n"
    a = _page(tmp_path, page)
    assert (a.title, a.outlet, a.date) == (title, "甲县人民医院", "2025-06-12")


def test_a_wechat_account_above_its_stamp_is_the_outlet(tmp_path):
    """A WeChat post pasted from its top: the account's name alone on a line ("甲乙融媒"), then its stamp
    "<date> <time> <province>". The account publishes the post; its name is no headline."""
    a = _page(tmp_path, f"甲乙融媒\n2025年03月02日 19:15 贵州\n\n{HEADLINE}\n\n{BODY}")
    assert (a.outlet, a.date, a.title) == ("甲乙融媒", "2025-03-02", HEADLINE)


def test_a_masthead_with_the_sites_two_names_names_the_site(tmp_path):
    """A hospital's site prints its name and its university name above the menu ("甲市人民医院 乙医科大学第一附属医院",
    then "首页 | 医院概况 | …"): the first names the site, and neither is the headline."""
    page = f"甲市人民医院 乙医科大学第一附属医院\n首页 | 医院概况 | 新闻中心 | 科室导航\n\n{HEADLINE}\n\n{BODY}"
    a = _page(tmp_path, page)
    assert (a.outlet, a.title) == ("甲市人民医院", HEADLINE)


def test_a_relative_source_on_a_government_site_is_the_government_its_office_runs(tmp_path):
    """"来源：区卫生健康委" on a site whose footer says "主办：甲市乙区人民政府办公室": the agency is named relative to the
    site's place, and the site is the district government's (its general office runs it)."""
    page = (f"首页 > 政务公开 > 计划总结\n\n{HEADLINE}\n\n发布日期：2025-01-16　来源：区卫生健康委\n\n{BODY}\n\n"
            "主办：北京市丰台区人民政府办公室　　京ICP备05060933号")
    a = _page(tmp_path, page)
    assert a.outlet == "北京市丰台区人民政府"
