import json

import django.core.serializers.json
import django.core.validators
from django.db import migrations, models

OLD, NEW = "competency_pass_level", "certification_level"


def rename_key(content: dict, old: str, new: str) -> bool:
    if old not in content:
        return False
    content[new] = content.pop(old)
    return True


def rename_in_stored_copies(apps, old: str, new: str):
    """Drafts and translation sources keep the page as JSON: without the new key, publishing a draft saved before
    the rename, or syncing a translation, would put the default back."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    course_type = ContentType.objects.filter(app_label="course", model="coursepage").first()
    if course_type is None:
        return
    Revision = apps.get_model("wagtailcore", "Revision")
    for revision in Revision.objects.filter(content_type_id=course_type.pk).only("pk", "content"):
        if rename_key(revision.content, old, new):
            revision.save(update_fields=["content"])
    TranslationSource = apps.get_model("wagtail_localize", "TranslationSource")
    for source in TranslationSource.objects.filter(specific_content_type_id=course_type.pk).only("pk", "content_json"):
        content = json.loads(source.content_json)
        if rename_key(content, old, new):
            source.content_json = json.dumps(content, cls=django.core.serializers.json.DjangoJSONEncoder)
            source.save(update_fields=["content_json"])


def forwards(apps, schema_editor):
    rename_in_stored_copies(apps, OLD, NEW)


def backwards(apps, schema_editor):
    rename_in_stored_copies(apps, NEW, OLD)


class Migration(migrations.Migration):
    """The course's level per competency for the certificate had an assessment field's name
    (``competency_pass_level``, a share of one attempt's points): renamed, values kept."""

    dependencies = [
        ("course", "0006_module_completion"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtail_localize", "0016_rename_page_revision_translationlog_revision"),
    ]

    operations = [
        migrations.RenameField(
            model_name="coursepage", old_name="competency_pass_level", new_name="certification_level"
        ),
        migrations.AlterField(
            model_name="coursepage",
            name="certification_level",
            field=models.PositiveSmallIntegerField(
                default=50,
                help_text="Each competency must reach this level (0-100) to pass and to be certified.",
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(100),
                ],
                verbose_name="certification level per competency",
            ),
        ),
        migrations.RunPython(forwards, backwards, elidable=True),
    ]
