from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from people.tenancy import agency_for_command, agency_scope
from workflows.models import Campaign
from workflows.services import campaign_clone


class Command(BaseCommand):
    help = "Sao chép phong trào thi đua sang năm khác, dời mọi mốc thời hạn theo số năm."

    def add_arguments(self, parser):
        parser.add_argument("source_year", type=int)
        parser.add_argument("target_year", type=int)
        parser.add_argument("--agency", help="Mã cơ quan, đơn vị (bỏ trống khi hệ thống chỉ có một cơ quan).")

    def handle(self, *args, source_year, target_year, **options):
        with agency_scope(agency_for_command(options.get("agency"))):
            self._clone(source_year, target_year)

    def _clone(self, source_year, target_year):
        campaign = Campaign.objects.filter(year=source_year).first()
        if campaign is None:
            raise CommandError(f"Không có phong trào thi đua năm {source_year}.")
        try:
            new = campaign_clone(campaign=campaign, year=target_year)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã tạo phong trào thi đua năm {new.year} (dự thảo)."))
