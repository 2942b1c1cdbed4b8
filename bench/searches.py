"""The 20 fixed registry searches, timed through the full request cycle and as hand-written SQL (the floor).

The floor answers the same question on the same tables with the fewest statements a hand-written page would need,
under the same rules as the registry (``mentors.registry.search``): the count, exact up to the limit (1,000); the page
of cards (their municipality joined), ranked with ``ts_rank_cd`` over at most the limit's candidates when there is a
text; and the formats of those cards (the cards show no subjects). On SQLite the text goes through the FTS5 table of
Wagtail's index, as the registry does there.
"""

import statistics
import time
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client

from mentors.models import MentorProfile
from mentors.registry.search import count_limit, uses_search_document
from mentors.registry.stemming import stem_text

PAGE_SIZE = 20
SEARCHES = [
    ("everyone, by name", {}),
    ("q=наставник", {"q": "наставник"}),
    ("q=наставника, Kazan", {"q": "наставника", "municipality": "kazan"}),
    ("q=наставникам, reverse format", {"q": "наставникам", "format": ["reverse"]}),
    ("municipality=almetyevsky", {"municipality": "almetyevsky"}),
    ("region=tatarstan, by level", {"region": "tatarstan", "sort": "-level"}),
    ("format=adaptive|accompanying", {"format": ["adaptive", "accompanying"]}),
    ("subject=mathematics", {"subject": "mathematics"}),
    ("position=head", {"position": "head"}),
    ("available=1", {"available": "1"}),
    ("min_expert=95", {"min_expert": "95"}),
    ("min_research=85, min_project=85", {"min_research": "85", "min_project": "85"}),
    ("newest certified in Kazan", {"municipality": "kazan", "sort": "-certified"}),
    ("q=проектной деятельности", {"q": "проектной деятельности"}),
    ("q=инклюзивного образования, by name", {"q": "инклюзивного образования", "sort": "name"}),
    ("q=Гарипова", {"q": "Гарипова"}),
    (
        "Kazan, expert format, managerial≥80, free",
        {
            "municipality": "kazan",
            "format": ["expert"],
            "min_managerial": "80",
            "available": "1",
        },
    ),
    (
        "q=наставничество, mathematics, teachers",
        {"q": "наставничество", "subject": "mathematics", "position": "teacher"},
    ),
    ("page 5 of Kazan", {"municipality": "kazan", "page": "5"}),
    ("nobody: q=квантовая", {"q": "квантовая хромодинамика"}),
]


def run_all(repeat: int) -> list[dict]:
    client = Client()
    rows = []
    for name, params in SEARCHES:
        url = "/ru/mentors/?" + urlencode(params, doseq=True)
        timings, queries = _time_request(client, url, repeat)
        floor, count = _time_floor(params, repeat)
        p95, floor_p95 = _p95(timings), _p95(floor)
        rows.append(
            {
                "name": name,
                "url": url,
                "count": count,
                "p50_ms": round(statistics.median(timings), 2),
                "p95_ms": round(p95, 2),
                "floor_p50_ms": round(statistics.median(floor), 2),
                "floor_p95_ms": round(floor_p95, 2),
                "ratio_p95": round(p95 / floor_p95, 2) if floor_p95 else None,
                "queries": queries,
            }
        )
    return rows


def _p95(samples):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _time_request(client, url, repeat):
    for _ in range(3):  # warm caches (site root, locales, templates)
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    statements = []
    # Counted at the cursor: outside a test run Django resets its query log at each request.
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: statements.append(sql) or execute(sql, params, many, context)
    ):
        client.get(url)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, len(statements)


# The floor ---------------------------------------------------------------------------------------------------


def _time_floor(params, repeat):
    statements = floor_statements(params)
    count = None
    for _ in range(3):
        count = _run_floor(statements)
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        _run_floor(statements)
        timings.append((time.perf_counter() - started) * 1000)
    return timings, count


def _run_floor(statements):
    count_sql, count_args, page_sql, page_args = statements
    with connection.cursor() as cursor:
        cursor.execute(count_sql, count_args)
        count = cursor.fetchone()[0]
        cursor.execute(page_sql, page_args)
        ids = [row[0] for row in cursor.fetchall()]
        if ids:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"SELECT profile_id, format FROM mentors_mentorformat WHERE profile_id IN ({marks})", ids)
            cursor.fetchall()
    return count


def floor_statements(params):
    """(count SQL, args, page SQL, args) for one search, mirroring the registry's rules."""
    limit = count_limit()
    where = ["p.is_listed", "(p.expires_on IS NULL OR p.expires_on >= CURRENT_DATE)"]
    args: list = []
    join = ""
    text = None
    if params.get("q"):
        if uses_search_document():
            where.append("p.search_vector @@ plainto_tsquery('russian', %s)")
            args.append(params["q"])
            text = "document"
        else:
            content_type = ContentType.objects.get_for_model(MentorProfile).pk
            join = (
                "JOIN wagtailsearch_indexentry e ON e.content_type_id = %s AND e.object_id = CAST(p.id AS TEXT) "
                "JOIN wagtailsearch_indexentry_fts f ON f.rowid = e.id"
            )
            args.append(content_type)
            where.append("wagtailsearch_indexentry_fts MATCH %s")
            args.append(" AND ".join(f'"{stem}"' for stem in stem_text(params["q"]).split()))
            text = "fts"
    if params.get("region"):
        where.append("p.region_id = (SELECT id FROM course_region WHERE slug = %s)")
        args.append(params["region"])
    if params.get("municipality"):
        where.append("p.municipality_id = (SELECT id FROM course_municipality WHERE slug = %s)")
        args.append(params["municipality"])
    if params.get("format"):
        marks = ", ".join(["%s"] * len(params["format"]))
        where.append(
            f"EXISTS (SELECT 1 FROM mentors_mentorformat f2 WHERE f2.profile_id = p.id AND f2.format IN ({marks}))"
        )
        args += params["format"]
    if params.get("subject"):
        where.append(
            "EXISTS (SELECT 1 FROM mentors_mentorprofile_subjects s JOIN course_subject c ON c.id = s.subject_id "
            "WHERE s.mentorprofile_id = p.id AND c.slug = %s)"
        )
        args.append(params["subject"])
    if params.get("position"):
        where.append("p.position = %s")
        args.append(params["position"])
    if params.get("available"):
        where.append("p.active_mentees < p.capacity")
    for code in ("expert", "communicative", "managerial", "research", "project"):
        if params.get(f"min_{code}"):
            where.append(f"p.level_{code} >= %s")
            args.append(int(params[f"min_{code}"]))
    sort = params.get("sort") or ("relevance" if params.get("q") else "name")
    page = int(params.get("page", 1))
    sql_where = " AND ".join(where)
    count_sql = (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM mentors_mentorprofile p {join} WHERE {sql_where} LIMIT {limit + 1}) s"
    )
    columns = (
        "p.id, p.slug, p.display_name, p.position, p.organisation, p.capacity, p.active_mentees, "
        "p.level_expert, p.level_communicative, p.level_managerial, p.level_research, p.level_project, "
        "m.slug, m.name, m.name_en"
    )
    window = f"LIMIT {PAGE_SIZE} OFFSET {(page - 1) * PAGE_SIZE}"
    municipality = "LEFT JOIN course_municipality m ON m.id = p.municipality_id"
    order = {
        "name": "p.display_name, p.id",
        "-certified": "p.certified_at DESC, p.id",
        "-level": "p.level_mean DESC, p.id",
    }.get(sort)
    page_args = list(args)
    if sort == "relevance" and text == "document":
        candidates = (
            f"SELECT p.id FROM mentors_mentorprofile p WHERE {sql_where} "
            f"ORDER BY p.level_mean DESC, p.id LIMIT {limit}"
        )
        page_sql = (
            f"SELECT {columns} FROM mentors_mentorprofile p {municipality} WHERE p.id IN ({candidates}) "
            "ORDER BY ts_rank_cd(p.search_vector, plainto_tsquery('russian', %s)) DESC, p.level_mean DESC, p.id "
            f"{window}"
        )
        page_args.append(params["q"])
    else:
        if sort == "relevance":
            order = "bm25(wagtailsearch_indexentry_fts), p.id DESC"
        page_sql = (
            f"SELECT {columns} FROM mentors_mentorprofile p {join} {municipality} WHERE {sql_where} "
            f"ORDER BY {order} {window}"
        )
    return count_sql, args, page_sql, page_args
