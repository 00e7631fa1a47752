"""Outbox rows of an agency: messages and digest items written before agencies existed belong to their
recipient's agency (the installation's); those to an account without a staff record belong to none."""

import django.db.models.deletion
from django.db import migrations, models


def rows_assign(apps, schema_editor):
    Staff = apps.get_model("people", "Staff")
    for name in ("Message", "DigestItem"):
        model = apps.get_model("notifications", name)
        for agency_id in Staff.objects.values_list("agency_id", flat=True).distinct():
            users = Staff.objects.filter(agency_id=agency_id, user__isnull=False).values("user_id")
            model.objects.filter(agency__isnull=True, user_id__in=users).update(agency_id=agency_id)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_outbox"),
        ("people", "0009_agencies"),
    ]

    operations = [
        migrations.AddField(
            model_name="digestitem",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="people.agency",
            ),
        ),
        migrations.AddField(
            model_name="message",
            name="agency",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="people.agency",
                verbose_name="cơ quan, đơn vị",
            ),
        ),
        migrations.RunPython(rows_assign, migrations.RunPython.noop),
    ]
