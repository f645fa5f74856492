from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo


def start_of_week(day: date) -> date:
    return day - timedelta(days=day.weekday())


def to_local(moment: datetime, tz: str = "Europe/Berlin") -> datetime:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(ZoneInfo(tz))


def business_days(start: date, end: date) -> int:
    days = 0
    current = start
    while current < end:
        if current.weekday() < 5:
            days += 1
        current += timedelta(days=1)
    return days
