import re

from django.db import migrations

# The system's lines written before they were kept as data, in either language, turned into notes so they too
# follow the reader's language. Anything else stays as it was written.
KNOWN = [
    ("Nhận thay %(name)s (ủy quyền)", [r"^Nhận thay (?P<name>.+) \(ủy quyền\)$", r"^Claimed on behalf of (?P<name>.+) \(delegation\)$"]),
    ("Giao cho %(name)s", [r"^Giao cho (?P<name>.+)$", r"^Assigned to (?P<name>.+)$"]),
    (
        "Không có đề nghị nào được Hội đồng thông qua.",
        [r"^Không có đề nghị nào được Hội đồng thông qua\.$", r"^No nominations were approved by the Council\.$"],
    ),
]
ACTIONS = {"Nhận thay %(name)s (ủy quyền)": "claimed", "Giao cho %(name)s": "reassigned"}


def notes_from_old_comments(apps, schema_editor):
    CaseEvent = apps.get_model("workflows", "CaseEvent")
    for event in CaseEvent.objects.filter(data={}).exclude(comment="").iterator():
        for msgid, patterns in KNOWN:
            if msgid in ACTIONS and event.action != ACTIONS[msgid]:
                continue
            match = next((m for m in (re.match(p, event.comment) for p in patterns) if m), None)
            if match:
                event.data = {"msgid": msgid, "params": match.groupdict()}
                event.save(update_fields=["data"])
                break


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0006_council_figures"),
    ]

    operations = [
        migrations.RunPython(notes_from_old_comments, migrations.RunPython.noop),
    ]
