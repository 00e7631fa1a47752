from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workflows.services import reference_data_load


class Command(BaseCommand):
    help = "Nạp danh mục danh hiệu, hình thức khen thưởng và quy định theo thời kỳ (chạy lại không đổi gì)."

    def handle(self, *args, **options):
        try:
            count = reference_data_load()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã nạp {count} danh hiệu / hình thức khen thưởng."))
