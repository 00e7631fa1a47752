from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from people.demo import (
    BOARD_AGENCY,
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    PROVINCE_ACCOUNTS,
    PROVINCE_AGENCY,
    SECOND_ACCOUNTS,
    SECOND_AGENCY,
    demo_agencies_under_province,
    demo_agency_ensure,
    demo_organisation_load,
    demo_province_load,
    demo_second_agency_load,
)
from people.tenancy import agency_scope
from workflows.demo import (
    demo_campaign_province_link,
    demo_cases_load,
    demo_exemplars_load,
    demo_history_load,
    demo_initiatives_load,
    demo_province_campaign_load,
    demo_second_agency_cases_load,
)
from workflows.services import DATA_DIR, campaign_load, reference_data_load
from workflows.signatures.demo import demo_pki_load


class Command(BaseCommand):
    help = (
        "Nạp dữ liệu trình diễn: tổ chức, cán bộ, Hội đồng TĐKT và chương trình thi đua năm 2024 của Ban Quản lý, "
        "một cơ quan thứ hai (Sở Khoa học và Công nghệ) bên cạnh, và Ban Thi đua – Khen thưởng tỉnh ở trên cả hai "
        "(chạy lại không đổi gì)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-cases",
            action="store_true",
            help=(
                "Chỉ nạp tổ chức và chương trình, không nạp hồ sơ của năm trình diễn và lịch sử khen thưởng 2022–2023."
            ),
        )
        parser.add_argument(
            "--single-agency",
            action="store_true",
            help="Chỉ nạp Ban Quản lý, không nạp cơ quan thứ hai và cấp tỉnh.",
        )

    def handle(self, *args, **options):
        if not settings.DEMO_DATA_ALLOWED:
            raise CommandError("Dữ liệu trình diễn không được nạp với cấu hình production (DEMO_DATA_ALLOWED tắt).")
        second = province = None
        try:
            reference_data_load()  # the law's data, shared by every agency
            board_agency = demo_agency_ensure(BOARD_AGENCY)
            with agency_scope(board_agency):
                campaign_load(path=DATA_DIR / "programme-2024.yaml")
                counts = demo_organisation_load()
                demo_initiatives_load()
                demo_exemplars_load()
            if not options["single_agency"]:
                # The organisations and the province above them first, so that the Board's demo year goes where a real
                # year's would (its registration into the province's inbox).
                second_agency = demo_agency_ensure(SECOND_AGENCY)
                with agency_scope(second_agency):
                    second = demo_second_agency_load()
                    second["cases"] = demo_second_agency_cases_load(cases=not options["no_cases"])
                province_agency = demo_agency_ensure(PROVINCE_AGENCY)
                with agency_scope(province_agency):
                    province = demo_province_load()
                    province_campaign = demo_province_campaign_load()
                demo_agencies_under_province(province=province_agency, agencies=[board_agency, second_agency])
                for agency in (board_agency, second_agency):
                    with agency_scope(agency):
                        demo_campaign_province_link(province_campaign)
            with agency_scope(board_agency):
                history = 0 if options["no_cases"] else demo_history_load()
                cases = 0 if options["no_cases"] else demo_cases_load()
            # The signers' demo certificates (made once, read afterwards).
            demo_pki_load()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp {counts['units']} đơn vị, {counts['staff']} cán bộ, {counts['council']} thành viên Hội đồng "
                f"và chương trình thi đua năm 2024; {history} khen thưởng 2022–2023 và {cases} hồ sơ mới."
            )
        )
        if second is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{SECOND_AGENCY['name']}: {second['units']} đơn vị, {second['staff']} cán bộ, "
                    f"{second['council']} thành viên Hội đồng, {second['cases']} hồ sơ mới."
                )
            )
        if province is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{PROVINCE_AGENCY['name']}: {province['units']} đơn vị, {province['staff']} cán bộ, "
                    f"{province['council']} thành viên Hội đồng TĐKT tỉnh; chương trình thi đua năm 2024 của tỉnh."
                )
            )
        self.stdout.write(f"Mật khẩu các tài khoản trình diễn: {DEMO_PASSWORD}")
        accounts = DEMO_ACCOUNTS + (SECOND_ACCOUNTS if second is not None else [])
        for username, label in accounts + (PROVINCE_ACCOUNTS if province is not None else []):
            self.stdout.write(f"  {username:<22} {label}")
