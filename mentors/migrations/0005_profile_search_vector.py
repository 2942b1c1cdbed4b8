"""The registry's own full-text index: a stored, weighted ``tsvector`` on the profile table with a GIN index, filled
for the existing profiles; and an index for each filter that had none (position, the five levels, free places)."""

import django.contrib.postgres.search
from django.db import migrations, models

import mentors.models.profiles


def keep_vectors_in_the_row(apps, schema_editor):
    """The search document stays in the row (compressed), the bio goes to TOAST first: every filtered scan reads the
    document, only the profile page reads the bio."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE mentors_mentorprofile ALTER COLUMN search_vector SET STORAGE MAIN")


def fill_search_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The model's own expression (the historical model has no queryset methods); the columns it reads exist here.
    MentorProfile = apps.get_model("mentors", "MentorProfile")
    MentorProfile.objects.update(search_vector=mentors.models.profiles.search_vector_expression())


class Migration(migrations.Migration):
    dependencies = [
        ("mentors", "0004_certificate_pdfs_private_storage"),
    ]

    operations = [
        migrations.AddField(
            model_name="mentorprofile",
            name="search_vector",
            field=django.contrib.postgres.search.SearchVectorField(
                editable=False,
                help_text="Names, organisation, place, subjects and bio for the registry's full text (PostgreSQL).",
                null=True,
                verbose_name="search document",
            ),
        ),
        migrations.AddIndex(
            model_name="mentorprofile",
            index=mentors.models.profiles.SearchVectorIndex(fields=["search_vector"], name="mentors_search_vector"),
        ),
        migrations.AddIndex(
            model_name="mentorprofile",
            index=models.Index(fields=["position", "display_name"], name="mentors_position_name"),
        ),
        migrations.AddIndex(
            model_name="mentorprofile",
            index=models.Index(fields=["level_expert"], name="mentors_level_expert"),
        ),
        migrations.AddIndex(
            model_name="mentorprofile",
            index=models.Index(fields=["level_communicative"], name="mentors_level_communicative"),
        ),
        migrations.AddIndex(
            model_name="mentorprofile",
            index=models.Index(fields=["level_managerial"], name="mentors_level_managerial"),
        ),
        migrations.AddIndex(
            model_name="mentorprofile",
            index=models.Index(fields=["level_research"], name="mentors_level_research"),
        ),
        migrations.AddIndex(
            model_name="mentorprofile",
            index=models.Index(fields=["level_project"], name="mentors_level_project"),
        ),
        migrations.AddIndex(
            model_name="mentorprofile",
            index=models.Index(
                condition=models.Q(("active_mentees__lt", models.F("capacity"))),
                fields=["display_name"],
                name="mentors_available_name",
            ),
        ),
        migrations.RunPython(keep_vectors_in_the_row, migrations.RunPython.noop),
        migrations.RunPython(fill_search_vectors, migrations.RunPython.noop, elidable=True),
    ]
