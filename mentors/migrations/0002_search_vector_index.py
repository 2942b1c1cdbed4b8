"""Two expression indexes that let PostgreSQL use indexes for Wagtail's search of mentor profiles.

Wagtail's database backend matches ``title || body`` of its index entries, while its own GIN indexes are on each
column alone, so PostgreSQL read every entry; and it joins entries to profiles on ``profiles.id::varchar``, which the
primary key cannot serve. Indexes on the two expressions themselves take a search for a rare word at 100,000 mentors
from about 850 ms to about 90 ms (see bench/). PostgreSQL only.
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS mentors_search_title_body ON wagtailsearch_indexentry USING gin ((title || body))",
    "CREATE INDEX IF NOT EXISTS mentors_profile_id_text ON mentors_mentorprofile (((id)::varchar(50)))",
]
DROP = [
    "DROP INDEX IF EXISTS mentors_search_title_body",
    "DROP INDEX IF EXISTS mentors_profile_id_text",
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("mentors", "0001_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
