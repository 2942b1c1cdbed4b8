"""The move of the learner's details from the site's user to the plugin's learner profile keeps every value, both
ways, on a database that already holds accounts."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

from course.models import LearnerProfile

BEFORE = [("accounts", "0004_user_personal_data_erased_at")]
AFTER = [("accounts", "0006_remove_user_learner_details")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# serialized_rollback: the flush after a transactional test would otherwise recreate the content types with new ids,
# and the next test that restores the database snapshot (threads, the task queue, the browser journeys) would clash.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_details_move_to_the_learner_profile_and_back():
    old = migrate(BEFORE)
    place = old.get_model("course", "Municipality").objects.create(
        region=old.get_model("course", "Region").objects.create(name="Татарстан", name_en="Tatarstan", slug="tt"),
        name="Казань",
        name_en="Kazan",
        slug="kazan",
    )
    consent_at = timezone.now()
    user_model = old.get_model("accounts", "User")
    alsu = user_model.objects.create(
        username="alsu",
        email="alsu@example.org",
        patronymic="Ринатовна",
        organisation="Гимназия № 7",
        position="deputy_head",
        municipality=place,
        personal_data_consent_at=consent_at,
        personal_data_consent_version="2026-11",
    )
    staff = user_model.objects.create(username="staff", email="staff@example.org")
    try:
        new = migrate(AFTER)
        profiles = {p.user_id: p for p in new.get_model("course", "LearnerProfile").objects.all()}
        assert set(profiles) == {alsu.pk, staff.pk}
        moved = profiles[alsu.pk]
        assert (moved.patronymic, moved.organisation, moved.position, moved.municipality_id) == (
            "Ринатовна",
            "Гимназия № 7",
            "deputy_head",
            place.pk,
        )
        assert (moved.personal_data_consent_at, moved.personal_data_consent_version) == (consent_at, "2026-11")
        assert profiles[staff.pk].patronymic == "" and profiles[staff.pk].municipality_id is None

        old = migrate(BEFORE)
        back = old.get_model("accounts", "User").objects.get(pk=alsu.pk)
        assert (back.patronymic, back.organisation, back.position, back.municipality_id) == (
            "Ринатовна",
            "Гимназия № 7",
            "deputy_head",
            place.pk,
        )
        assert back.personal_data_consent_at == consent_at
        # The profiles go with the columns' return, so that moving forward again copies the details afresh.
        assert not LearnerProfile.objects.exists()
    finally:
        migrate(AFTER)
