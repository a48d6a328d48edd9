"""The entity types the engine reports, one vocabulary for rules, gold annotations, masks and the UI."""
from __future__ import annotations

# entity type -> (category, default mask style, Chinese label)
# Mask styles are implemented in review.masks: "surname" (刘某某), "phone" (138****1234),
# "id" (310101********1234), "address" (cut to street level), "keep_ends", "label".
ENTITY_TYPES: dict[str, tuple[str, str, str]] = {
    # personal data: structured identifiers
    "CN_ID_CARD": ("personal", "id", "居民身份证号码"),
    "CN_MOBILE": ("personal", "phone", "手机号码"),
    "CN_LANDLINE": ("personal", "phone", "固定电话"),
    "PHONE_NUMBER": ("personal", "phone", "电话号码"),
    "EMAIL_ADDRESS": ("personal", "label", "电子邮箱"),
    "CN_BANK_CARD": ("personal", "keep_ends", "银行卡号"),
    "CREDIT_CARD": ("personal", "keep_ends", "银行卡号"),
    "PASSPORT": ("personal", "label", "护照号码"),
    "CN_HMT_PERMIT": ("personal", "label", "港澳台通行证号码"),
    "CN_LICENSE_PLATE": ("personal", "keep_ends", "机动车号牌"),
    "VIN": ("personal", "keep_ends", "车辆识别代号"),
    "QQ_NUMBER": ("personal", "label", "QQ号"),
    "WECHAT_ID": ("personal", "label", "微信号"),
    "IP_ADDRESS": ("personal", "label", "IP地址"),
    "DATE_OF_BIRTH": ("personal", "label", "出生日期"),
    "CN_SOCIAL_SECURITY": ("personal", "label", "社会保障号码"),
    "MEDICAL_RECORD": ("personal", "label", "病历号"),
    "US_SSN": ("personal", "label", "social security number"),
    # personal data: unstructured
    "PERSON": ("personal", "surname", "姓名"),
    "ADDRESS": ("personal", "address", "住址"),
    "SENSITIVE_HEALTH": ("personal", "label", "健康信息"),
    "SENSITIVE_RELIGION": ("personal", "label", "宗教信仰"),
    "SENSITIVE_ETHNICITY": ("personal", "label", "民族"),
    "SENSITIVE_CRIMINAL": ("personal", "label", "违法犯罪记录"),
    "SENSITIVE_MINOR": ("personal", "label", "未成年人信息"),
    "SENSITIVE_FINANCIAL": ("personal", "label", "金融账户"),
    "SENSITIVE_WHEREABOUTS": ("personal", "label", "行踪轨迹"),
    # organisations (usually kept; reported so roles can be shown)
    "ORGANIZATION": ("personal", "label", "单位名称"),
    "CN_USCC": ("personal", "keep_ends", "统一社会信用代码"),
    # confidentiality
    "CLASSIFICATION_MARK": ("classification", "label", "密级标志"),
    "INTERNAL_MARK": ("internal", "label", "内部标志"),
    "PROCESS_INFO": ("internal", "label", "过程性信息"),
    "INTERNAL_AFFAIRS": ("internal", "label", "内部事务信息"),
    "TRADE_SECRET": ("trade_secret", "label", "商业秘密"),
    # aggregation
    "RECORD_DENSITY": ("aggregation", "label", "个人信息汇聚"),
    "LOW_K_ANONYMITY": ("aggregation", "label", "可识别组合"),
    "SMALL_CELL": ("aggregation", "label", "小样本统计"),
    "COORDINATES": ("aggregation", "label", "坐标"),
    "SENSITIVE_SITE": ("aggregation", "label", "敏感设施"),
    "LEDGER_LINKAGE": ("aggregation", "label", "跨文件关联"),
    "MASK_RECOMBINATION": ("aggregation", "label", "遮盖还原"),
    # hidden content
    "HIDDEN_CONTENT": ("hidden_content", "label", "隐藏内容"),
    "FAKE_REDACTION": ("hidden_content", "label", "无效遮盖"),
    "UNVERIFIABLE_PAGE": ("hidden_content", "label", "无法核查页面"),
}


# Findings that describe a situation (a table, a layer, a mark, a document type) rather than a
# value in the text. A redactor must not blank their span: the remedy is elsewhere (masking the
# column's values, removing the layer on export, not publishing at all).
DESCRIPTIVE_TYPES = frozenset({
    "HIDDEN_CONTENT", "UNVERIFIABLE_PAGE", "RECORD_DENSITY", "LOW_K_ANONYMITY", "SMALL_CELL",
    "SENSITIVE_SITE", "LEDGER_LINKAGE", "MASK_RECOMBINATION", "CLASSIFICATION_MARK", "INTERNAL_MARK",
    "PROCESS_INFO", "INTERNAL_AFFAIRS",
})


def category_of(entity_type: str) -> str:
    """The category an entity type belongs to (personal when unknown)."""
    return ENTITY_TYPES.get(entity_type, ("personal",))[0]


def mask_style_of(entity_type: str) -> str:
    """The default mask style for an entity type."""
    return ENTITY_TYPES.get(entity_type, ("personal", "label"))[1]


def zh_label(entity_type: str) -> str:
    """The Chinese label of an entity type."""
    return ENTITY_TYPES.get(entity_type, ("", "", entity_type))[2]
