"""Where each learner stands with each module their agency asks them to take.

A module is *for* a practitioner when it lists their agency (PractitionerProfile.agency) as
required or recommended. For each such pair there is exactly one status, decided in this order:

- **expired**: their standing completion's valid-until date has passed;
- **refresher needed**: their standing completion is of a version lower than the module's
  current one (the version number only rises on a major change, so a lower number means a major
  change came after they passed);
- **expiring**: still valid, on the current version, with at most 30 days left;
- **passed**: valid, on the current version, more than 30 days left;
- **in progress**: no standing completion, but an attempt (open, failed, or a pass whose
  completion was withdrawn by a correction);
- **not started**: nothing at all.

A standing completion is one neither replaced by a correction nor withdrawn (void); when a
learner has several (they took the module again), the latest completed counts.

Everything is decided in one SQL statement (`_PAIRS_SQL`) over every (learner, module) pair it is
asked about, so one person's page and the report for 5,000 people ask the database the same fixed
number of questions, and the two can never disagree. Dates come from django.utils.timezone.
"""

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal.accounts.models import PractitionerProfile

from .models import Attempt, Completion, ModuleAudience, ModulePage, ModuleVersion

EXPIRING_DAYS = 30

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
PASSED = "passed"
EXPIRING = "expiring"
EXPIRED = "expired"
REFRESHER = "refresher"

# status: (label, GOV.UK tag colour class or "" for the default blue)
STATUSES = {
    NOT_STARTED: ("Not started", "govuk-tag--grey"),
    IN_PROGRESS: ("In progress", "govuk-tag--light-blue"),
    PASSED: ("Passed", "govuk-tag--green"),
    EXPIRING: ("Expiring soon", "govuk-tag--yellow"),
    EXPIRED: ("Expired", "govuk-tag--red"),
    REFRESHER: ("Refresher needed", "govuk-tag--orange"),
}
# Valid now, on the current version: what the report counts as "passed and in date".
IN_DATE = (PASSED, EXPIRING)


def label(status):
    return STATUSES[status][0]


def tag_class(status):
    return STATUSES[status][1]


def today():
    return timezone.localdate()


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _pairs_sql(where):
    page_table = _table(ModulePage._meta.get_field("page_ptr").related_model)
    return f"""
SELECT q.user_id, q.agency_id, q.module_id, q.requirement, q.current_version, q.attempted,
       c.id, c.completed_at, c.valid_until, c.module_version, c.code,
       CASE
         WHEN c.id IS NULL THEN
           CASE WHEN q.attempted IS NOT NULL THEN '{IN_PROGRESS}' ELSE '{NOT_STARTED}' END
         WHEN c.valid_until < %(today)s THEN '{EXPIRED}'
         WHEN q.current_version IS NOT NULL AND c.module_version < q.current_version
           THEN '{REFRESHER}'
         WHEN c.valid_until <= %(soon)s THEN '{EXPIRING}'
         ELSE '{PASSED}'
       END AS status
FROM (
  SELECT p.user_id AS user_id, p.agency_id AS agency_id, a.module_id AS module_id,
         a.requirement AS requirement,
         (SELECT v.number FROM {_table(ModuleVersion)} v WHERE v.module_key = a.module_id
            ORDER BY v.sequence DESC LIMIT 1) AS current_version,
         (SELECT CASE WHEN t.finished_at IS NULL THEN 'open'
                      WHEN t.passed = %(true)s THEN 'passed' ELSE 'failed' END
            FROM {_table(Attempt)} t
            WHERE t.user_id = p.user_id AND t.module_key = a.module_id
            ORDER BY t.started_at DESC, t.id DESC LIMIT 1) AS attempted,
         (SELECT s.id FROM {_table(Completion)} s
            WHERE s.user_id = p.user_id AND s.module_key = a.module_id AND s.void = %(false)s
              AND NOT EXISTS (SELECT 1 FROM {_table(Completion)} r WHERE r.replaces_id = s.id)
            ORDER BY s.completed_at DESC, s.id DESC LIMIT 1) AS completion_id
  FROM {_table(PractitionerProfile)} p
  JOIN {_table(get_user_model())} u ON u.id = p.user_id
  JOIN {_table(ModuleAudience)} a ON a.agency_id = p.agency_id
  JOIN {page_table} m ON m.id = a.module_id
  WHERE u.is_active = %(true)s AND m.live = %(true)s {where}
) q
LEFT JOIN {_table(Completion)} c ON c.id = q.completion_id
"""


def _filters(user_ids=None, agency_ids=None, module_ids=None):
    """SQL conditions and parameters restricting the pairs (None: no restriction)."""
    where, params = [], {}
    for column, name, values in (
        ("p.user_id", "users", user_ids),
        ("p.agency_id", "agencies", agency_ids),
        ("a.module_id", "modules", module_ids),
    ):
        if values is None:
            continue
        values = [int(v) for v in values]
        if not values:
            where.append("AND 1 = 0")
            continue
        names = [f"{name}{i}" for i in range(len(values))]
        where.append(f"AND {column} IN ({', '.join(f'%({n})s' for n in names)})")
        params.update(zip(names, values, strict=True))
    return " ".join(where), params


def _params(extra):
    now = today()
    return {
        "today": now,
        "soon": now + datetime.timedelta(days=EXPIRING_DAYS),
        "true": True,
        "false": False,
        **extra,
    }


def _as_date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(str(value)[:10])


def _as_datetime(value):
    """A datetime from the database, aware (SQLite gives naive UTC values, or text)."""
    if value is None:
        return None
    parsed = (
        value
        if isinstance(value, datetime.datetime)
        else datetime.datetime.fromisoformat(str(value))
    )
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, datetime.UTC)


@dataclass
class ModuleStatus:
    """One learner and one module their agency asks them to take."""

    user_id: int
    agency_id: int
    module_id: int
    requirement: str
    status: str
    current_version: int | None
    completion_id: int | None = None
    completed_at: datetime.datetime | None = None
    valid_until: datetime.date | None = None
    completed_version: int | None = None
    code: str = ""
    last_attempt: str | None = None  # "open", "failed" or "passed": the latest attempt
    module: ModulePage | None = field(default=None, repr=False)

    @property
    def label(self):
        return label(self.status)

    @property
    def tag_class(self):
        return tag_class(self.status)

    @property
    def in_date(self):
        return self.status in IN_DATE

    @property
    def certificate_url(self):
        return certificate_url(self.code) if self.code else None


def statuses(user_ids=None, agency_ids=None, module_ids=None, status=None):
    """Every (learner, module) pair asked about, with its status: one query."""
    where, extra = _filters(user_ids, agency_ids, module_ids)
    sql = _pairs_sql(where)
    params = _params(extra)
    if status is not None:
        sql = f"SELECT * FROM ({sql}) z WHERE z.status = %(status)s"
        params["status"] = status
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        ModuleStatus(
            user_id=row[0],
            agency_id=row[1],
            module_id=row[2],
            requirement=row[3],
            current_version=row[4],
            last_attempt=row[5],
            completion_id=row[6],
            completed_at=_as_datetime(row[7]),
            valid_until=_as_date(row[8]),
            completed_version=row[9],
            code=row[10] or "",
            status=row[11],
        )
        for row in rows
    ]


def counts(agency_ids=None, module_ids=None):
    """{(agency id, module id): {status: number of learners}}, counted by the database."""
    where, extra = _filters(None, agency_ids, module_ids)
    sql = (
        f"SELECT z.agency_id, z.module_id, z.status, COUNT(*) FROM ({_pairs_sql(where)}) z "
        "GROUP BY z.agency_id, z.module_id, z.status"
    )
    found = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, _params(extra))
        for agency_id, module_id, status, number in cursor.fetchall():
            found.setdefault((agency_id, module_id), dict.fromkeys(STATUSES, 0))[status] = number
    return found


def for_user(user):
    """The modules required or recommended for this user's agency, each with its status and
    its module page, required first, then by title (two queries)."""
    rows = statuses(user_ids=[user.pk])
    modules = ModulePage.objects.in_bulk([row.module_id for row in rows])
    for row in rows:
        row.module = modules.get(row.module_id)
    rows = [row for row in rows if row.module is not None]
    rows.sort(key=lambda row: (row.requirement != "required", row.module.title.lower()))
    return rows


def certificate_url(completion):
    """The certificate's address (of a completion, or its code), or None while the certificate
    pages are not installed."""
    code = getattr(completion, "code", completion)
    try:
        return reverse("training:certificate", args=[code])
    except NoReverseMatch:
        return None
