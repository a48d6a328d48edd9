"""Build the two .docx drafts of the blind set (deterministic: fixed content, fixed metadata, fixed zip timestamps).

Run from anywhere:  /work/main/.venv/bin/python samples/blind/build_docx.py
Writes vehicle_list_01.docx and internal_report_residents_01.docx beside this script. Their gold files
(NAME.gold.yaml) are written by hand; the span texts occur in the paragraphs and table cells below.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from docx import Document
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
FIXED = dt.datetime(2026, 6, 30, 9, 0, 0)


def _set_meta(doc: Document, title: str) -> None:
    cp = doc.core_properties
    cp.author = "上海市生态环境局"
    cp.last_modified_by = "上海市生态环境局"
    cp.title = title
    cp.created = FIXED
    cp.modified = FIXED
    cp.revision = 1


def _table(doc: Document, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            cell.text = text


def _save(doc: Document, path: Path) -> None:
    """Save with every zip member dated FIXED, so the bytes do not depend on when the script runs."""
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    out = io.BytesIO()
    with zipfile.ZipFile(buf) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, data)
    path.write_bytes(out.getvalue())


def vehicle_list() -> Document:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading("关于公布2026年第二季度机动车道路遥感监测排放超标车辆名单的通告", level=1)
    doc.add_paragraph("沪环车〔2026〕21号")
    doc.add_paragraph(
        "根据《中华人民共和国大气污染防治法》《上海市机动车和非道路移动机械排放污染防治条例》的规定，"
        "我局于2026年4月至6月利用道路遥感监测设备对在用机动车排放状况进行了监测。经复核，"
        "现将排放超标车辆名单通告如下（遥感监测执行《汽油车污染物排放限值及测量方法（双怠速法及简易工况法）》"
        "（GB 18285-2018）和《柴油车污染物排放限值及测量方法（自由加速法及加载减速法）》（GB 3847-2018））："
    )
    header = ["序号", "号牌号码", "号牌颜色", "车辆所有人", "车辆类型", "监测时间", "监测点位", "超标项目"]
    rows = [
        ["1", "沪A·5M218", "黄", "上海申通物流有限公司", "重型厢式货车", "2026-04-03 09:14", "S20外环高速（莘庄立交东）", "不透光烟度"],
        ["2", "苏E52608", "蓝", "许家豪", "小型轿车", "2026-04-11 17:52", "沪太路（共康路南）", "NO"],
        ["3", "沪AF71236", "渐变绿", "方婉清", "小型轿车（插电式混合动力）", "2026-04-19 08:26", "欧阳路（四平路口）", "HC、NO"],
        ["4", "沪A03581F", "黄绿", "上海巴士公交（集团）有限公司", "大型普通客车", "2026-05-06 07:40", "曹杨路（武宁路北）", "不透光烟度"],
        ["5", "浙A·Q8T21", "蓝", "童建伟", "轻型厢式货车", "2026-05-14 22:05", "G1501绕城高速（嘉定段）", "不透光烟度"],
        ["6", "沪D 2H619", "黄", "上海宏运建材有限公司", "重型自卸货车", "2026-05-21 02:31", "张杨路（金桥路口）", "不透光烟度"],
        ["7", "沪B-6R305", "黄", "上海振华渣土运输有限公司", "重型自卸货车", "2026-06-02 01:47", "周家嘴路（黄兴路口）", "NO"],
        ["8", "沪C·9J472", "蓝", "司马瑞琪", "小型普通客车", "2026-06-09 18:33", "吴中路（虹许路东）", "CO、HC"],
        ["9", "皖A3M916", "蓝", "欧阳宏", "轻型普通货车", "2026-06-15 06:58", "沪宜公路（嘉定新城）", "不透光烟度"],
        ["10", "沪E·L7063", "黄", "上海松江公共交通有限公司", "大型普通客车", "2026-06-22 10:12", "沪松公路（九亭）", "不透光烟度"],
    ]
    _table(doc, header, rows)
    doc.add_paragraph(
        "请上述车辆所有人自本通告发布之日起30日内，将车辆送至具有资质的机动车排放检验机构进行复检，"
        "复检不合格的，应当及时维修。逾期未复检或者复检仍不合格的，由公安交通管理部门依法处理。"
    )
    doc.add_paragraph("咨询电话：021-23115730（机动车排放管理处，工作日9:00—17:00）；12345市民服务热线。")
    doc.add_paragraph("联系人：殷可馨")
    doc.add_paragraph("上海市生态环境局")
    doc.add_paragraph("2026年6月30日")
    _set_meta(doc, "机动车道路遥感监测排放超标车辆名单")
    return doc


def internal_report() -> Document:
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.sections[0].header.paragraphs[0].text = "内部资料 注意保存"
    doc.add_heading("关于九亭镇涞寅路1288弄小区居民反映异味致病情况的调查报告", level=1)
    doc.add_paragraph("松环〔2026〕内字第12号")
    doc.add_paragraph("局领导：")
    doc.add_paragraph(
        "2026年6月以来，九亭镇涞寅路1288弄小区部分居民多次反映夜间闻到刺激性异味，并认为与北侧约400米的"
        "上海九正新材料有限公司（地址：上海市松江区九亭镇九新公路1399号）排放有关。6月12日，我局会同九亭镇"
        "政府、松江区疾病预防控制中心入户走访，收集到4名居民的就医情况，汇总如下："
    )
    header = ["序号", "姓名", "性别", "出生日期", "身份证号码", "住址", "就医情况"]
    rows = [
        ["1", "林秀凤", "女", "1956年3月18日", "310110560318042", "上海市松江区九亭镇涞寅路1288弄16号502室", "松江区中心医院诊断为慢性阻塞性肺疾病急性加重，住院7天"],
        ["2", "欧阳宇航", "男", "1991年8月23日", "31011519910823177X", "上海市松江区九亭镇九新公路889弄7栋2单元1103室", "门诊诊断为过敏性鼻炎"],
        ["3", "林子涵（8岁，林秀凤孙女）", "女", "2018年4月6日", "310117201804060225", "上海市松江区九亭镇涞寅路1288弄16号502室", "儿童医院诊断为支气管哮喘，现仍在随访"],
        ["4", "汪德明", "男", "1960年10月4日", "310230196010042810", "上海市松江区九亭镇涞寅路1288弄3号101室", "自述头晕、咽痛，未就医"],
    ]
    _table(doc, header, rows)
    doc.add_paragraph(
        "走访中，欧阳宇航反映其于6月3日23时许驾驶沪AD52871送母亲至松江区中心医院急诊，途经九新公路时异味明显。"
        "居民代表林海（林秀凤之子，住宅电话：(021)57631845，微信号：linhai_jt1988）表示，如7月底前问题得不到解决，"
        "将组织居民到区政府反映。"
    )
    doc.add_paragraph(
        "经查，上海九正新材料有限公司（统一社会信用代码：91310117MA1H7KX908）6月份废气在线监测数据未见超标，"
        "但其RTO焚烧装置在6月3日、6月9日夜间存在两次各约40分钟的旁路开启记录，我局已立案调查。"
        "区疾控中心认为，现有资料尚不足以判断居民所患疾病与企业排放之间的因果关系。"
    )
    doc.add_paragraph("建议：一是加密夜间走航监测；二是由九亭镇做好居民解释工作，防止矛盾激化；三是案件查处结果另行报告。")
    doc.add_paragraph("上海市松江区生态环境局执法大队")
    doc.add_paragraph("2026年6月16日")
    doc.add_paragraph("（承办人：邬晓峰，电话：021-5774 3362）")
    _set_meta(doc, "居民反映异味致病情况调查报告")
    return doc


if __name__ == "__main__":
    _save(vehicle_list(), HERE / "vehicle_list_01.docx")
    _save(internal_report(), HERE / "internal_report_residents_01.docx")
    print("wrote", HERE / "vehicle_list_01.docx", HERE / "internal_report_residents_01.docx")
