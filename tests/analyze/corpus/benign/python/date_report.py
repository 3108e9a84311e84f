from datetime import date, datetime, timedelta
import calendar
import sys


def parse_day(s):
    return datetime.strptime(s, "%Y-%m-%d").date()


def business_days(start, end):
    days = 0
    d = start
    while d <= end:
        if d.weekday() < 5:
            days += 1
        d += timedelta(days=1)
    return days


def month_grid(year, month):
    return calendar.TextCalendar(calendar.MONDAY).formatmonth(year, month)


def humanize(delta):
    secs = int(delta.total_seconds())
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if secs >= size:
            n = secs // size
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return "just now"


if __name__ == "__main__":
    start = parse_day(sys.argv[1]) if len(sys.argv) > 1 else date.today()
    end = start + timedelta(days=30)
    print(f"{start:%A %d %B %Y} -> {end:%A %d %B %Y}")
    print("business days:", business_days(start, end))
    print(month_grid(start.year, start.month))
    print("deadline in", humanize(datetime.combine(end, datetime.min.time()) - datetime.now()))
