"""Chinese interface messages, keyed by the English text used in templates and views."""
from __future__ import annotations

ZH: dict[str, str] = {
    # navigation and frame
    "Pre-publication review": "公开前保密审查", "Queue": "待审队列", "Upload": "上传", "Audit log": "审计日志",
    "Users": "用户管理", "API tokens": "API 令牌", "Log out": "退出", "Log in": "登录",
    "Back to the queue": "返回队列",
    "Confidentiality review before publication: review first, publish after.": "政府信息公开保密审查：先审查、后公开。",
    "User name": "用户名", "Password": "密码",
    "Wrong user name or password, or the account is locked for a few minutes.": "用户名或密码错误，或账号已被暂时锁定，请稍后再试。",
    # errors
    "The form expired or was not sent by this site. Reload the page and try again.": "表单已过期或并非由本系统提交，请刷新页面后重试。",
    "Your role does not allow this.": "您的角色无权执行此操作。", "Not found.": "未找到。",
    "The upload is larger than the limit.": "上传内容超过大小限制。", "The request was not understood.": "请求无法识别。",
    "Something went wrong on our side. Nothing from the document was shown or logged.": "系统内部错误。文件内容未被显示或记录。",
    # roles and statuses
    "drafter": "拟稿人", "reviewer": "审核人", "admin": "管理员",
    "queued": "排队中", "analysing": "分析中", "failed": "分析失败", "to_review": "待审核",
    "awaiting_signoff": "待二次签发", "decided": "已决定", "exported": "已导出", "refused": "已拒收",
    "redact": "删除/遮盖", "keep": "保留", "proposed": "建议遮盖", "open": "待决定", "info": "提示",
    "newest": "最新", "oldest": "最早", "name": "名称", "status": "状态",
    # queue
    "Review queue": "审查队列", "Upload drafts": "上传草稿", "All": "全部", "Recommended mode": "建议公开方式",
    "any": "不限", "Sort": "排序", "Apply": "筛选", "Draft": "草稿", "Status": "状态",
    "Findings by category": "各类发现", "Uploader": "上传人", "Age": "时长", "engine": "引擎建议",
    "No drafts here yet.": "暂无草稿。", "just now": "刚刚", "{n} min": "{n} 分钟", "{n} h": "{n} 小时", "{n} d": "{n} 天",
    # upload
    "Drop files here or click to choose": "将文件拖到此处，或点击选择",
    ".docx, .pdf, .xlsx, .csv, .txt · up to {n} MB each · the type is checked by content":
        ".docx、.pdf、.xlsx、.csv、.txt · 每个文件不超过 {n} MB · 按内容识别文件类型",
    "Upload and analyse": "上传并分析", "Open": "打开",
    "The analysis failed:": "分析失败：",
    "The upload is kept. Fix the file and upload it again, or retry once the engine is fixed.":
        "上传的文件已保留。请修正文件后重新上传，或待引擎修复后重试。",
    "Retry the analysis": "重新分析", "The analysis is running; this page opens the result when it is ready.":
        "正在分析，完成后本页将自动显示结果。",
    # document view
    "{n} pages": "{n} 页", "uploaded by {name}": "上传人 {name}", "analysed in {ms} ms": "分析用时 {ms} 毫秒",
    "Engine recommends": "引擎建议", "Required": "须完成",
    "Select text to redact something the engine missed": "选中文字可手工遮盖引擎遗漏的内容",
    "Redact selection": "遮盖所选文字", "{n} characters selected": "已选 {n} 个字符",
    "No visible text.": "没有可见文字。", "Hidden layers": "隐藏内容",
    "Comments, tracked changes, hidden text, document properties: none of this shows on the page, all of it is in the file.":
        "批注、修订记录、隐藏文字、文档属性：页面上看不到，但都在文件里。",
    "No hidden layers in this file.": "本文件没有隐藏内容。",
    "Hidden content and fake redaction findings": "隐藏内容与无效遮盖", "Manual redactions": "手工遮盖",
    "Remove": "撤销", "to decide": "项待决定", "flags": "项发现",
    "Confirm every redaction the engine proposed that has no decision yet": "确认引擎建议的所有尚未决定的遮盖",
    "Redact all proposed": "全部按建议遮盖",
    "Keys: j / k next / previous, r redact, x keep (with a reason).": "快捷键：j / k 下一项 / 上一项，r 遮盖，x 保留（须填理由）。",
    "role": "身份", "Mask": "遮盖为", "mask": "遮盖为", "reason (required to keep)": "理由（保留时必填）",
    "Reason": "理由", "apply to every occurrence of this value": "应用到该值的所有出现位置",
    "Redact": "遮盖", "Keep": "保留", "Nothing flagged.": "未发现需要处理的内容。",
    "Keeping a flagged item needs a reason.": "保留被标记的内容须填写理由。",
    "Select text within one paragraph or cell.": "请在同一段落或单元格内选择文字。",
    "Added by the reviewer": "审核人手工添加",
    # decision and sign-off
    "Decision and sign-off": "审查结论与签发", "Step {n}": "第 {n} 步", "Disclosure mode": "公开方式",
    "recommended": "引擎建议", "Reasons (required when you differ from the recommendation)": "理由（与引擎建议不同时必填）",
    "Title": "文件标题", "Document number": "文号", "e.g. 环罚〔2024〕12号": "如 环罚〔2024〕12号",
    "Basis (optional, in addition to the cited articles)": "依据（可选，补充已引用条款）", "Sign off": "签发",
    "{n} flagged item(s) still need a decision.": "还有 {n} 项发现尚未决定。",
    "Remarks of the supervising leader": "分管领导意见", "Second sign-off": "分管领导签发",
    "Export redacted document": "导出遮盖后的文件", "Download the redacted document": "下载遮盖后的文件",
    "Download the decisions file (for review check --decisions)": "下载审核决定文件（供 review check --decisions 使用）",
    "Review record (printable)": "保密审查表（可打印）", "Reopen for changes": "撤回签发以便修改",
    "Choose a disclosure mode.": "请选择公开方式。",
    "Give the reasons when the mode differs from the engine's recommendation.": "公开方式与引擎建议不同时须填写理由。",
    "The second sign-off must come from another reviewer.": "二次签发须由另一名审核人完成。",
    "Export failed: {reason}": "导出失败：{reason}",
    "Exported: the redacted document passed the residue check.": "已导出：遮盖后的文件通过了残留检查。",
    # record
    "Review record": "保密审查表", "Back to the document": "返回文件", "Print": "打印",
    "Confidentiality review form for government information disclosure": "政府信息公开保密审查表",
    "Drafted / uploaded by": "拟稿人", "File fingerprint (SHA-256)": "文件指纹（SHA-256）",
    "Engine recommendation": "引擎建议", "Review conclusion": "审查结论", "not decided yet": "尚未决定",
    "Handling": "处理情况", "{r} value(s) redacted, {k} kept with reasons, {m} manual redaction(s)":
        "遮盖 {r} 项，说明理由后保留 {k} 项，手工遮盖 {m} 处",
    "Basis": "依据", "Reviewer": "审核人", "Date": "日期", "Supervising leader": "分管领导",
    "Printed {time}. Review first, publish after; whoever publishes reviews and answers for it.":
        "打印时间 {time}。先审查、后公开；谁公开、谁审查、谁负责。",
    # admin
    "Chain intact: {n} entries verified.": "审计链完整：已核验 {n} 条记录。",
    "Chain broken: entry {i} was altered, removed or reordered.": "审计链已被破坏：第 {i} 条记录被修改、删除或调换。",
    "Each entry carries the SHA-256 of the previous one. Values and reasons appear only as hashes.":
        "每条记录都带有上一条记录的 SHA-256 值；敏感值和理由只以哈希值记录。",
    "Time": "时间", "Who": "操作人", "Action": "操作", "Document": "文件", "Details": "详情", "Hash": "哈希",
    "newer": "较新", "older": "较早", "Role": "角色", "Created": "创建时间", "active": "启用", "disabled": "停用",
    "Disable": "停用", "Enable": "启用", "new password": "新密码", "Set password": "设置密码",
    "Add a user": "添加用户", "Add": "添加", "User added.": "已添加用户。", "Password changed.": "密码已修改。",
    # tokens
    "The publishing workflow calls the JSON API with a token: Authorization: Bearer TOKEN. Only a hash of the token is stored; it is shown once.":
        "发布系统使用令牌调用 JSON API：Authorization: Bearer 令牌。系统只保存令牌的哈希值，令牌仅显示一次。",
    "Your new token (copy it now):": "新令牌（请立即复制）：", "Label": "用途", "Create a token": "创建令牌",
    "Endpoints": "接口", "the report of review check --format json": "与 review check --format json 的报告相同",
    "Token revoked.": "令牌已吊销。", "Revoke": "吊销",
    "Only {n} documents are listed: narrow the list with the tabs and filters.":
        "仅列出 {n} 份文档：请用上方的状态标签和筛选条件缩小范围。",
}
