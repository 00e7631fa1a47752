"""Staff and user addresses stored in lower case, as the import and the forms now save them, so that one
mailbox typed in two cases is one address."""

from django.conf import settings
from django.db import migrations
from django.db.models.functions import Lower, Trim


def lower_emails(apps, schema_editor):
    Staff = apps.get_model("people", "Staff")
    Staff.objects.exclude(email="").update(email=Lower(Trim("email")))
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    User.objects.exclude(email="").update(email=Lower(Trim("email")))


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0002_importjob"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(lower_emails, migrations.RunPython.noop)]
