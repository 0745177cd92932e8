"""Dates said the way a resident reads them, one function for every page."""

WEEKDAY_NAMES = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def date_zh(date, year=False, weekday=True):
    """2026-11-28 -> '11月28日（周六）'; year=True, weekday=False -> '2026年11月28日'."""
    text = f"{date.year}年" if year else ""
    text += f"{date.month}月{date.day}日"
    return f"{text}（{WEEKDAY_NAMES[date.weekday()]}）" if weekday else text


def days_ago_text(days):
    """0 -> '今天', 1 -> '昨天', 5 -> '5 天前'."""
    return "今天" if days == 0 else "昨天" if days == 1 else f"{days} 天前"
