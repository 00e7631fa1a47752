from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from workflows.signatures.demo import demo_pki_load
from workflows.signatures.pki import DEMO_CA_NAME, pki_dir


class Command(BaseCommand):
    help = (
        "Tạo tổ chức chứng thực trình diễn (“TDKT DEMO CA – KHÔNG DÙNG THẬT”) và tệp PKCS#12 cho Trưởng ban, Chủ tịch "
        "Hội đồng của mỗi cơ quan trình diễn; tin cậy CA này trong các cơ quan đó (chạy lại không đổi gì)."
    )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Không tạo chứng thư trình diễn với cấu hình production (DEMO_DATA_ALLOWED tắt).")
        counts = demo_pki_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"{DEMO_CA_NAME}: {counts['signers']} người ký, tin cậy trong {counts['agencies']} cơ quan; "
                f"tệp ở {pki_dir()}."
            )
        )
