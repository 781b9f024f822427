"""Data months: a monthly vintage is keyed by its first day and dated by its last."""

from __future__ import annotations

import calendar
from datetime import date

MONTH_NAMES = tuple(calendar.month_name[m].lower() for m in range(1, 13))


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    """Every month start from `first` to `last`, inclusive."""
    months, current = [], month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months
