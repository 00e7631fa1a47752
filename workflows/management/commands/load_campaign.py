from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from people.tenancy import agency_for_command, agency_scope
from workflows.services import DATA_DIR, campaign_load


class Command(BaseCommand):
    help = "Nạp một chương trình thi đua từ tệp YAML (mặc định: chương trình năm 2024)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DATA_DIR / "programme-2024.yaml"))
        parser.add_argument("--agency", help="Mã cơ quan, đơn vị (bỏ trống khi hệ thống chỉ có một cơ quan).")

    def handle(self, *args, path, **options):
        try:
            with agency_scope(agency_for_command(options.get("agency"))):
                campaign = campaign_load(path=Path(path))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã nạp phong trào thi đua năm {campaign.year}."))
