"""Pydantic's validation errors, said again in Chinese for the clerk."""

import difflib

# An error message shows at most this much of a value the clerk wrote.
SHOWN_CHARS = 30


def shown(value):
    """A value as an error message quotes it: cut short, so a huge one cannot flood the report."""
    text = str(value)
    return text if len(text) <= SHOWN_CHARS else f"{text[:SHOWN_CHARS]}…（共 {len(text)} 个字）"


_SIMPLE = {
    "string_type": "这里应填写文字",
    "float_parsing": "这里应填写数字，例如 35.2101",
    "float_type": "这里应填写数字，例如 35.2101",
    "int_parsing": "这里应填写整数",
    "int_type": "这里应填写整数",
    "bool_parsing": "这里应填写 true（是）或 false（否）",
    "bool_type": "这里应填写 true（是）或 false（否）",
    "date_parsing": "日期的格式不对，请写成 2026-11-28 这样（年-月-日）",
    "date_from_datetime_parsing": "日期的格式不对，请写成 2026-11-28 这样（年-月-日）",
    "date_type": "日期的格式不对，请写成 2026-11-28 这样（年-月-日）",
    "dict_type": "这里应是一组“字段: 值”，写在下一行并缩进",
    "model_type": "这里应是一组“字段: 值”，写在下一行并缩进",
    "model_attributes_type": "这里应是一组“字段: 值”，写在下一行并缩进",
    "list_type": "这里应是一个列表，每一项另起一行，以“- ”开头",
    "tuple_type": "这里应是一个列表，每一项另起一行，以“- ”开头",
    "too_short": "这里至少要写一项",
    "finite_number": "这里应填写一个正常的数字",
}


_MISSING_HINTS = {
    "location": "请填写坐标 location: {lat: 纬度, lon: 经度, datum: 坐标来源}，或者运行 make geocode 按地址自动查出坐标",
    "verified": "请写明最近一次核实的日期和核实人，如 verified: {date: 2026-11-28, by: 县疾控中心}",
}


def all_field_names(*models):
    names = set()
    for model in models:
        names.update(model.model_fields)
    return sorted(names)


def translate(error, known_fields=(), labels=None):
    """One pydantic error dict -> a Chinese sentence that says how to fix it.

    `known_fields` feed "是不是想写…" suggestions; `labels` give allowed values a Chinese gloss.
    """
    labels = labels or {}
    kind = error["type"]
    field = next((str(p) for p in reversed(error["loc"]) if isinstance(p, str) and p != "[key]"), "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"缺少必填字段「{field}」，{_MISSING_HINTS.get(field, '请补上')}"
    if kind == "extra_forbidden":
        guess = difflib.get_close_matches(field, known_fields, n=1)
        hint = f"是不是想写「{guess[0]}」？" if guess else "请检查拼写，或删去这一行"
        return f"不认识的字段「{field}」，{hint}"
    if kind == "literal_error":
        choices = [c.strip(" '\"") for c in str(ctx.get("expected", "")).replace(" or ", ",").split(",")]
        listed = "、".join(f"{c}（{labels[c]}）" if c in labels else c for c in choices if c)
        return f"「{shown(error['input'])}」不是可选的值，请从这些里选一个：{listed}"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return f"数值 {shown(error['input'])} 超出了允许的范围，请检查是否多写或少写了位数"
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind in _SIMPLE:
        return f"{_SIMPLE[kind]}（现在写的是「{error['input']}」）" if _printable(error.get("input")) else _SIMPLE[kind]
    return f"{field}：{error['msg']}"


def _printable(value):
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and len(str(value)) < 60

