"""Many agencies on one installation: the Agency table, and an agency key on every row the organisation owns.

Rows written before agencies existed all belong to one agency: the installation's, made from its Ban Quản lý
(the unit of kind "board"), or with the product's default name when there is none. Keys are added nullable,
filled, then made required; codes that were unique across the installation become unique per agency.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.utils.text import slugify

OWNED = ["orgunit", "staff", "roleassignment", "councilmembership", "delegation", "importjob", "annualrating",
         "hold", "discipline", "leave"]  # fmt: skip

DEFAULT_CODE = "ban-quan-ly"


def _key(null: bool):
    return models.ForeignKey(
        null=null,
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="people.agency",
        verbose_name="cơ quan, đơn vị",
    )


def installation_agency(apps):
    """The agency every existing row belongs to (made once; a later migration finds it again)."""
    Agency = apps.get_model("people", "Agency")
    OrgUnit = apps.get_model("people", "OrgUnit")
    agency = Agency.objects.order_by("pk").first()
    if agency is not None:
        return agency
    board = OrgUnit.objects.filter(kind="board").order_by("pk").first()
    values = {
        "name": "Ban Quản lý Khu kinh tế tỉnh",
        "short_name": "Ban Quản lý",
        "kind": "agency",
        "issuer_title": "Trưởng ban",
    }
    code = DEFAULT_CODE
    if board is not None:
        values["name"] = board.name
        values["short_name"] = board.short_name or board.name[:64]
        code = slugify(board.code)[:32] or DEFAULT_CODE
    return Agency.objects.create(code=code, **values)


def rows_assign(apps, schema_editor):
    agency = installation_agency(apps)
    for name in OWNED:
        apps.get_model("people", name).objects.filter(agency__isnull=True).update(agency=agency)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new keys now, so the columns can be altered in this same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0007_unit_holds"),
    ]

    operations = [
        migrations.CreateModel(
            name="Agency",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=32, unique=True, verbose_name="mã")),
                ("name", models.CharField(max_length=255, verbose_name="tên cơ quan, đơn vị")),
                ("short_name", models.CharField(blank=True, max_length=64, verbose_name="tên viết tắt")),
                (
                    "kind",
                    models.CharField(
                        choices=[("agency", "Cơ quan, đơn vị"), ("province", "Cấp tỉnh")],
                        default="agency",
                        max_length=16,
                        verbose_name="cấp",
                    ),
                ),
                (
                    "place_name",
                    models.CharField(
                        blank=True, help_text="Ghi trên văn bản, ví dụ: Tây Ninh.", max_length=64, verbose_name="địa danh"
                    ),
                ),
                (
                    "issuer_title",
                    models.CharField(
                        blank=True,
                        help_text="Ví dụ: Trưởng ban.",
                        max_length=128,
                        verbose_name="chức danh người ký quyết định",
                    ),
                ),
                ("is_active", models.BooleanField(default=True, verbose_name="đang sử dụng")),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        limit_choices_to={"kind": "province"},
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="agencies",
                        to="people.agency",
                        verbose_name="cấp tỉnh quản lý",
                    ),
                ),
            ],
            options={
                "verbose_name": "cơ quan, đơn vị sử dụng",
                "verbose_name_plural": "cơ quan, đơn vị sử dụng",
                "ordering": ["kind", "name"],
                "constraints": [
                    models.CheckConstraint(condition=~models.Q(parent=models.F("pk")), name="agency_not_its_own_parent")
                ],
            },
        ),
        *[migrations.AddField(model_name=name, name="agency", field=_key(null=True)) for name in OWNED],
        migrations.RunPython(rows_assign, migrations.RunPython.noop),
        *[migrations.AlterField(model_name=name, name="agency", field=_key(null=False)) for name in OWNED],
        migrations.RemoveConstraint(model_name="orgunit", name="one_board"),
        migrations.RemoveConstraint(model_name="councilmembership", name="one_chair_per_year"),
        migrations.AlterField(
            model_name="orgunit", name="code", field=models.CharField(max_length=32, verbose_name="mã đơn vị")
        ),
        migrations.AlterField(
            model_name="staff", name="staff_code", field=models.CharField(max_length=32, verbose_name="mã cán bộ")
        ),
        migrations.AddConstraint(
            model_name="orgunit",
            constraint=models.UniqueConstraint(fields=("agency", "code"), name="one_unit_code_per_agency"),
        ),
        migrations.AddConstraint(
            model_name="orgunit",
            constraint=models.UniqueConstraint(
                condition=models.Q(("kind", "board")), fields=("agency",), name="one_board_per_agency"
            ),
        ),
        migrations.AddConstraint(
            model_name="staff",
            constraint=models.UniqueConstraint(fields=("agency", "staff_code"), name="one_staff_code_per_agency"),
        ),
        migrations.AddConstraint(
            model_name="councilmembership",
            constraint=models.UniqueConstraint(
                condition=models.Q(("position", "chair")),
                fields=("agency", "year"),
                name="one_chair_per_agency_and_year",
            ),
        ),
    ]
