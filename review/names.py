"""Chinese person names: surname lexicon (compound surnames first). (Foundation version.)"""
from __future__ import annotations

COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙",
                     "宇文", "司徒", "夏侯", "轩辕", "令狐", "钟离", "闾丘", "端木", "南宫", "西门")
COMMON_SURNAMES = set("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
                      "任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武"
                      "戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮"
                      "柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
                      "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫"
                      "寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name) for a Chinese name; ('', name) when no known surname starts it."""
    for compound in COMPOUND_SURNAMES:
        if name.startswith(compound):
            return compound, name[len(compound):]
    if name[:1] in COMMON_SURNAMES:
        return name[:1], name[1:]
    return "", name
