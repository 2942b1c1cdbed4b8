"""The learner's details move from the site's user to the plugin's learner profile (``course.LearnerProfile``), so
that the plugin works with any user model: this copies them over, the next migration drops the user's columns (apart,
so that each runs in its own transaction on PostgreSQL). Reversible: the details are copied back from the profiles,
which go."""

from django.db import migrations

DETAILS = (
    "patronymic",
    "organisation",
    "position",
    "municipality_id",
    "personal_data_consent_at",
    "personal_data_consent_version",
)
BATCH = 2000


def details_to_profiles(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    LearnerProfile = apps.get_model("course", "LearnerProfile")
    having = set(LearnerProfile.objects.values_list("user_id", flat=True))
    profiles = []
    for pk, *details in User.objects.order_by("pk").values_list("pk", *DETAILS).iterator(chunk_size=BATCH):
        if pk not in having:
            profiles.append(LearnerProfile(user_id=pk, **dict(zip(DETAILS, details, strict=True))))
        if len(profiles) == BATCH:
            LearnerProfile.objects.bulk_create(profiles)
            profiles = []
    LearnerProfile.objects.bulk_create(profiles)


def profiles_to_details(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    LearnerProfile = apps.get_model("course", "LearnerProfile")
    users = []
    for profile in LearnerProfile.objects.order_by("pk").iterator(chunk_size=BATCH):
        users.append(User(pk=profile.user_id, **{name: getattr(profile, name) for name in DETAILS}))
        if len(users) == BATCH:
            User.objects.bulk_update(users, DETAILS)
            users = []
    User.objects.bulk_update(users, DETAILS)
    LearnerProfile.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_personal_data_erased_at"),
        ("course", "0010_learner_profile"),
    ]

    operations = [
        migrations.RunPython(details_to_profiles, profiles_to_details, elidable=True),
    ]
