"""Deterministic synthetic drafts for benchmarks: the kinds of documents in DOMAIN.md, at realistic density.

Every value is invented. Identifiers carry valid check digits so validators do
their full work (a benchmark of only invalid values would flatter the engine).
"""
from __future__ import annotations

import random
from pathlib import Path

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
GIVEN = "建国明华丽娟伟强军平红梅志刚文杰秀英海燕静超桂兰玉兰晓东春生雪峰子涵浩然思远佳怡"
DISTRICTS = ["浦东新区", "黄浦区", "徐汇区", "长宁区", "静安区", "普陀区", "虹口区", "杨浦区", "闵行区", "宝山区"]
STREETS = ["杨行镇", "张江镇", "田林街道", "虹桥街道", "曹家渡街道", "长风新村街道", "江湾镇街道"]
ROADS = ["友谊路", "淞滨路", "宜山路", "延安西路", "长寿路", "曲阳路", "控江路", "莘庄路"]
COMPANIES = ["上海恒新化工有限公司", "上海绿源环保科技有限公司", "上海宏达金属制品厂", "上海申城物流有限公司",
             "上海东方印染有限公司", "上海金桥电镀有限公司", "上海浦江建材有限公司", "上海华信汽车修理有限公司"]
LAWS = ["《中华人民共和国大气污染防治法》第九十九条", "《中华人民共和国水污染防治法》第八十三条",
        "《中华人民共和国固体废物污染环境防治法》第一百一十二条", "《中华人民共和国环境影响评价法》第三十一条"]
FILLER = ("经查，该单位在生产过程中未按照规定采取有效措施防止污染物排放，现场检查时发现废气收集处理设施未正常运行，"
          "监测结果显示颗粒物排放浓度超过《大气污染物综合排放标准》规定的限值。执法人员制作了现场检查笔录，"
          "调取了相关生产记录和监测报告，并依法告知当事人享有陈述、申辩和要求听证的权利。")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(rng: random.Random) -> str:
    """An 18-digit resident ID with a plausible birth date and a valid mod 11-2 check digit."""
    body = f"310{rng.randint(101, 120):03d}{rng.randint(1950, 2004)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}" \
           f"{rng.randint(0, 999):03d}"
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, ID_WEIGHTS)) % 11]
    return body + check


def mobile(rng: random.Random) -> str:
    """A mobile number with a real operator prefix."""
    return rng.choice(["138", "139", "135", "186", "159", "177", "133"]) + f"{rng.randint(0, 99999999):08d}"


def plate(rng: random.Random) -> str:
    """A Shanghai plate, sometimes a new-energy one."""
    letters = "ABCDEFGHJKLMNP"
    if rng.random() < 0.3:
        return f"沪{rng.choice(letters)}D{rng.randint(10000, 99999)}"
    return f"沪{rng.choice(letters)}{rng.choice(letters)}{rng.randint(1000, 9999)}"


def name(rng: random.Random) -> str:
    """A two- or three-character Chinese name."""
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def address(rng: random.Random) -> str:
    """A home address down to the room."""
    return (f"上海市{rng.choice(DISTRICTS)}{rng.choice(STREETS)}{rng.choice(ROADS)}{rng.randint(1, 999)}弄"
            f"{rng.randint(1, 60)}号{rng.randint(101, 1804)}室")


def penalty_decision(rng: random.Random) -> str:
    """A penalty decision against a natural person."""
    person = name(rng)
    return "\n".join([
        f"上海市生态环境局行政处罚决定书",
        f"沪环罚〔{rng.randint(2020, 2025)}〕{rng.randint(1, 300)}号",
        f"当事人：{person}，性别：男，身份证号码：{resident_id(rng)}，住址：{address(rng)}，联系电话：{mobile(rng)}。",
        FILLER,
        f"以上事实有现场检查笔录、调查询问笔录、监测报告等证据为证。{person}的上述行为违反了{rng.choice(LAWS)}的规定。",
        f"本机关决定对当事人处以罚款人民币{rng.randint(1, 50)}万元。执法人员：{name(rng)}、{name(rng)}，执法证号{rng.randint(10000000, 99999999)}。",
        FILLER,
        "如不服本决定，可在收到本决定书之日起六十日内申请行政复议，或者六个月内提起行政诉讼。监督电话：12369。",
    ])


def complaint_reply(rng: random.Random) -> str:
    """A reply to a named complainant."""
    person = name(rng)
    return "\n".join([
        f"关于{person}信访事项的答复意见",
        f"{person}：",
        f"您反映的{rng.choice(COMPANIES)}夜间噪声扰民问题收悉。您的联系电话{mobile(rng)}，住址{address(rng)}。",
        "我局高度重视，立即组织执法人员赴现场调查核实。" + FILLER,
        f"如有疑问，请联系经办人{name(rng)}，办公电话021-{rng.randint(20000000, 69999999)}。",
    ])


def vehicle_list(rng: random.Random, rows: int = 20) -> str:
    """A list of high-emission vehicles with owners (text laid out as a table)."""
    lines = ["序号\t号牌号码\t车主\t联系电话\t违法地点"]
    for i in range(1, rows + 1):
        owner = rng.choice(COMPANIES) if rng.random() < 0.6 else name(rng)
        lines.append(f"{i}\t{plate(rng)}\t{owner}\t{mobile(rng)}\t{rng.choice(ROADS)}{rng.randint(1, 999)}号")
    return "\n".join(lines)


def press_release(rng: random.Random) -> str:
    """A press release with officials acting in office and public figures."""
    return "\n".join([
        "市生态环境局召开2024年第三季度例行新闻发布会",
        f"局长{name(rng)}出席并介绍了全市生态环境质量状况。{FILLER}",
        f"今年以来，全市PM2.5平均浓度为{rng.randint(20, 40)}微克/立方米，同比下降{rng.randint(1, 9)}.{rng.randint(0, 9)}%。",
        "市民如发现环境违法行为，可拨打12345市民服务热线或12369环保举报热线。",
    ])


GENERATORS = (penalty_decision, complaint_reply, vehicle_list, press_release)


def draft(rng: random.Random) -> str:
    """One draft of a random kind."""
    return rng.choice(GENERATORS)(rng)


def corpus(chars: int, seed: int = 20261125) -> str:
    """Deterministic text of at least `chars` characters, made of whole drafts."""
    rng = random.Random(seed)
    parts, total = [], 0
    while total < chars:
        text = draft(rng)
        parts.append(text)
        total += len(text) + 2
    return "\n\n".join(parts)[: max(chars, 1)]


def paragraphs(chars: int, seed: int = 20261125) -> list[str]:
    """The corpus split into its non-empty lines (how presidio is fed paragraph by paragraph)."""
    return [line for line in corpus(chars, seed).splitlines() if line.strip()]


def write_docx(path: Path, pages: int = 20, seed: int = 7) -> Path:
    """A .docx of about `pages` pages (~1,000 characters a page) with a table per few pages."""
    import docx

    rng = random.Random(seed)
    document = docx.Document()
    for page in range(pages):
        for line in penalty_decision(rng).splitlines():
            document.add_paragraph(line)
        if page % 4 == 0:
            rows = vehicle_list(rng, rows=6).splitlines()
            table = document.add_table(rows=len(rows), cols=5)
            for r, row in enumerate(rows):
                for c, cell in enumerate(row.split("\t")):
                    table.cell(r, c).text = cell
    document.save(path)
    return path


def write_pdf(path: Path, pages: int = 20, seed: int = 7) -> Path:
    """A text-layer PDF of `pages` pages in a built-in Chinese CID font (no font files needed)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rng = random.Random(seed)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(pages):
        pdf.setFont("STSong-Light", 10)
        y = 800
        for line in penalty_decision(rng).splitlines():
            for start in range(0, len(line), 48):
                pdf.drawString(40, y, line[start:start + 48])
                y -= 14
        pdf.showPage()
    pdf.save()
    return path
