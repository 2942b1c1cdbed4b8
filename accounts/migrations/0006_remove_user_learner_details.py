"""The learner's details are in the plugin's learner profile now (copied by the previous migration)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_learner_details_to_course"),
    ]

    operations = [
        migrations.RemoveField(model_name="user", name="municipality"),
        migrations.RemoveField(model_name="user", name="organisation"),
        migrations.RemoveField(model_name="user", name="patronymic"),
        migrations.RemoveField(model_name="user", name="personal_data_consent_at"),
        migrations.RemoveField(model_name="user", name="personal_data_consent_version"),
        migrations.RemoveField(model_name="user", name="position"),
    ]
