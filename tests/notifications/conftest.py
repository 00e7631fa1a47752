import datetime

from django.utils import timezone


def at(day: str, hour: int = 8, minute: int = 5) -> datetime.datetime:
    """dd/mm/yyyy at hh:mm in Asia/Ho_Chi_Minh."""
    date = datetime.datetime.strptime(day, "%d/%m/%Y").date()
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(hour, minute)))
