from django.core.management.base import BaseCommand

from workflows import reminders

from .reminders_preview import parse_moment


class Command(BaseCommand):
    help = (
        "Chạy ngay một lượt nhắc hạn (như Celery beat), ghi thư vào hộp thư đi và gửi; --as-of dd/mm/yyyy để chọn ngày."
    )

    def add_arguments(self, parser):
        parser.add_argument("--as-of", help="Ngày (08:05), dạng dd/mm/yyyy; mặc định là bây giờ.")

    def handle(self, *args, **options):
        now = parse_moment(options["as_of"]) if options.get("as_of") else None
        counts = reminders.reminders_sweep(now=now)
        self.stdout.write(
            f"Đã ghi {counts['messages']} thư, {counts['digest_items']} mục thư gộp, {counts['digests']} thư gộp; "
            f"gửi lại {counts['requeued']} thư chưa gửi."
        )
