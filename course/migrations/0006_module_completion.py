import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("course", "0005_curriculum_hours_sources_editor_note"),
    ]

    operations = [
        migrations.CreateModel(
            name="ModuleCompletion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("completed_at", models.DateTimeField(auto_now_add=True, verbose_name="completed")),
                (
                    "counted_items",
                    models.JSONField(
                        blank=True,
                        default=list,
                        help_text=(
                            "The required pages of the module when it was completed; pages made required later are"
                            " new material."
                        ),
                        verbose_name="items counted",
                    ),
                ),
                (
                    "module",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="completions",
                        to="course.modulepage",
                        verbose_name="module",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="modules_done",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="learner",
                    ),
                ),
            ],
            options={"verbose_name": "module completed", "verbose_name_plural": "modules completed"},
        ),
        migrations.AddConstraint(
            model_name="modulecompletion",
            constraint=models.UniqueConstraint(fields=("user", "module"), name="course_module_completion_unique"),
        ),
    ]
