from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workflows.services import DATA_DIR, campaign_load


class Command(BaseCommand):
    help = "Nạp một chương trình thi đua từ tệp YAML (mặc định: chương trình năm 2024)."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DATA_DIR / "programme-2024.yaml"))

    def handle(self, *args, path, **options):
        try:
            campaign = campaign_load(path=Path(path))
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã nạp phong trào thi đua năm {campaign.year}."))
