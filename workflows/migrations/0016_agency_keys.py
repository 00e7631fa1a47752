"""An agency key on every row of the year's work: campaigns and their milestones and targets, cases and what they
hold, commendations, initiatives, history imports and the council's sessions. Existing rows all go to the
installation's agency (made by people 0009); a campaign's year becomes unique per agency."""

import django.db.models.deletion
from django.db import migrations, models

OWNED = ["campaign", "milestone", "target", "case", "registrationentry", "proposal", "casefile", "caseevent",
         "casedocument", "commendation", "initiative", "findingacknowledgement", "commendationimportjob",
         "councilsession", "agendaitem", "ballot", "vote", "sessionevent"]  # fmt: skip


def _key(null: bool):
    return models.ForeignKey(
        null=null,
        editable=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to="people.agency",
        verbose_name="cơ quan, đơn vị",
    )


def rows_assign(apps, schema_editor):
    Agency = apps.get_model("people", "Agency")
    models_owned = [apps.get_model("workflows", name) for name in OWNED]
    if not any(model.objects.exists() for model in models_owned):
        return
    agency = Agency.objects.order_by("pk").first()
    if agency is None:  # people 0009 makes it; only a database edited by hand in between lacks it
        agency = Agency.objects.create(code="ban-quan-ly", name="Ban Quản lý Khu kinh tế tỉnh", kind="agency")
    for model in models_owned:
        model.objects.filter(agency__isnull=True).update(agency=agency)
    if schema_editor.connection.vendor == "postgresql":
        # Check the new keys now, so the columns can be altered in this same transaction.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0015_proposal_initiatives"),
        ("people", "0009_agencies"),
    ]

    operations = [
        *[migrations.AddField(model_name=name, name="agency", field=_key(null=True)) for name in OWNED],
        migrations.RunPython(rows_assign, migrations.RunPython.noop),
        *[migrations.AlterField(model_name=name, name="agency", field=_key(null=False)) for name in OWNED],
        migrations.AlterField(model_name="campaign", name="year", field=models.PositiveIntegerField(verbose_name="năm")),
        migrations.AddConstraint(
            model_name="campaign",
            constraint=models.UniqueConstraint(fields=("agency", "year"), name="one_campaign_per_agency_and_year"),
        ),
    ]
