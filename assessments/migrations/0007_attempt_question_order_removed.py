from django.db import migrations


def restore_order(apps, schema_editor):
    """Going back: the order is the snapshot's (``items``), as it always was since snapshots (0005)."""
    Attempt = apps.get_model("assessments", "Attempt")
    for attempt in Attempt.objects.exclude(items=[]).only("pk", "items"):
        attempt.question_order = [item["id"] for item in attempt.items]
        attempt.save(update_fields=["question_order"])


class Migration(migrations.Migration):
    """``Attempt.question_order`` repeated the ids of the snapshot ``items`` (0005 filled the snapshot of older
    attempts from it)."""

    dependencies = [
        ("assessments", "0006_casereview_criterion_comments"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, restore_order, elidable=True),
        migrations.RemoveField(model_name="attempt", name="question_order"),
    ]
