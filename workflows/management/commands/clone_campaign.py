from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from workflows.models import Campaign
from workflows.services import campaign_clone


class Command(BaseCommand):
    help = "Sao chép phong trào thi đua sang năm khác, dời mọi mốc thời hạn theo số năm."

    def add_arguments(self, parser):
        parser.add_argument("source_year", type=int)
        parser.add_argument("target_year", type=int)

    def handle(self, *args, source_year, target_year, **options):
        campaign = Campaign.objects.filter(year=source_year).first()
        if campaign is None:
            raise CommandError(f"Không có phong trào thi đua năm {source_year}.")
        try:
            new = campaign_clone(campaign=campaign, year=target_year)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Đã tạo phong trào thi đua năm {new.year} (dự thảo)."))
