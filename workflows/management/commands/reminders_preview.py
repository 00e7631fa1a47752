import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications import services as outbox
from notifications.models import Preference
from people.tenancy import agency_for_command, agency_scope, agency_unscoped
from workflows import reminders


def parse_moment(text: str, hour: int = 8, minute: int = 5) -> datetime.datetime:
    try:
        day = datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise CommandError(f"Ngày phải có dạng dd/mm/yyyy, ví dụ 21/06/2024 (đang là {text!r}).") from exc
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class Command(BaseCommand):
    help = "Xem trước ai sẽ được nhắc vào một ngày (lúc 08:05), không gửi gì: --as-of dd/mm/yyyy."

    def add_arguments(self, parser):
        parser.add_argument("--as-of", required=True, help="Ngày cần xem, dạng dd/mm/yyyy.")
        parser.add_argument("--agency", help="Chỉ xem của một cơ quan, đơn vị (mã); mặc định: mọi cơ quan.")

    def handle(self, *args, **options):
        now = parse_moment(options["as_of"])
        scope = agency_scope(agency_for_command(options["agency"])) if options.get("agency") else agency_unscoped()
        with scope:
            self._preview(now)

    def _preview(self, now):
        due = reminders.reminders_due(now=now)
        preferences = {p.user_id: p for p in Preference.objects.filter(user_id__in={r.user.pk for r in due})}
        self.stdout.write(f"Nhắc việc ngày {now:%d/%m/%Y %H:%M}: {len(due)} mục.")
        for reminder in sorted(due, key=lambda r: (r.user.username, r.kind, r.key)):
            mode = reminders.mode_of(preferences, reminder)
            sent = " (đã gửi)" if outbox.already_sent(reminder.key) else ""
            label = "thư gộp" if mode == Preference.Mode.DIGEST else "gửi ngay"
            self.stdout.write(f"  {reminder.user.username:<18} {reminder.kind:<14} {label:<9} {reminder.summary}{sent}")
