"""The agency training report: for each agency and each module that agency asks for, how many
of its practitioners are passed and in date, expiring, expired, need a refresher, are in
progress or have not started; and the people behind each number.

Who sees what (the same on the site and in the admin):

- SMB approvers (training.view_all_training_report): every agency;
- agency leads (training.view_agency_training_report): the agency on their own profile only;
- everyone else, and any session without two factors: nothing.

The counting is done by the database (training.status.counts), so the report asks a fixed
number of questions whatever the number of people and records.
"""

import re
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from portal.accounts.gate import is_verified
from portal.accounts.models import PractitionerProfile

from . import status as st
from .guidance_link import reviews_for
from .models import ModuleAudience

VIEW_ALL = "training.view_all_training_report"
VIEW_AGENCY = "training.view_agency_training_report"

CSV_COLUMNS = [
    "Agency",
    "Module",
    "Requirement",
    "Practitioners",
    "Passed and in date",
    "Per cent in date",
    "Expiring within 30 days",
    "Expired",
    "Refresher needed",
    "In progress",
    "Not started",
    "Guidance changed",
]
PEOPLE_COLUMNS = [
    "Name",
    "Username",
    "Agency",
    "Module",
    "Status",
    "Completed",
    "Valid until",
    "Version",
]


class BadFilter(ValueError):
    """A filter value the report cannot use: the message says which and why."""


def may_see_report(user):
    return is_verified(user) and (user.has_perm(VIEW_ALL) or user.has_perm(VIEW_AGENCY))


OWN_AGENCY = "own agency"


def scope(user):
    """None if this user sees every agency, OWN_AGENCY if only the agency on their profile.
    Raises PermissionDenied for anyone who may not see the report."""
    if not is_verified(user):
        raise PermissionDenied
    if user.has_perm(VIEW_ALL):
        return None
    if user.has_perm(VIEW_AGENCY):
        return OWN_AGENCY
    raise PermissionDenied


@dataclass
class Row:
    agency: object
    module: object
    requirement: str
    counts: dict
    review: object = None

    @property
    def practitioners(self):
        return sum(self.counts.values())

    @property
    def in_date(self):
        return sum(self.counts[s] for s in st.IN_DATE)

    @property
    def percentage(self):
        return round(100 * self.in_date / self.practitioners) if self.practitioners else None

    agency_title = property(lambda self: self.agency.title)
    requirement_label = property(lambda self: self.requirement.capitalize())
    module_title = property(lambda self: self.module.title)
    expiring = property(lambda self: self.counts[st.EXPIRING])
    expired = property(lambda self: self.counts[st.EXPIRED])
    refresher = property(lambda self: self.counts[st.REFRESHER])
    in_progress = property(lambda self: self.counts[st.IN_PROGRESS])
    not_started = property(lambda self: self.counts[st.NOT_STARTED])
    guidance_changed = property(lambda self: self.review.message if self.review else "")

    def cells(self):
        """(status, number) for each linked number, in the table's order."""
        return [
            (None, self.in_date),
            (st.EXPIRING, self.counts[st.EXPIRING]),
            (st.EXPIRED, self.counts[st.EXPIRED]),
            (st.REFRESHER, self.counts[st.REFRESHER]),
            (st.IN_PROGRESS, self.counts[st.IN_PROGRESS]),
            (st.NOT_STARTED, self.counts[st.NOT_STARTED]),
        ]

    def csv_row(self):
        return [
            self.agency.title,
            self.module.title,
            self.requirement_label,
            self.practitioners,
            self.in_date,
            "" if self.percentage is None else self.percentage,
            self.counts[st.EXPIRING],
            self.counts[st.EXPIRED],
            self.counts[st.REFRESHER],
            self.counts[st.IN_PROGRESS],
            self.counts[st.NOT_STARTED],
            self.review.message if self.review else "",
        ]


@dataclass
class Report:
    rows: list
    agencies: list  # the agencies this user may filter by, by title
    modules: list  # the live modules for those agencies, by title
    agency: object = None
    module: object = None
    all_agencies: bool = False
    reviews: dict = field(default_factory=dict)


def _audiences(user, seen):
    """Every (agency, module) pair the report could show this user: one query (a lead's
    agency is read from their profile inside it)."""
    audiences = ModuleAudience.objects.filter(module__live=True).select_related("agency", "module")
    if seen == OWN_AGENCY:
        audiences = audiences.filter(
            agency_id__in=PractitionerProfile.objects.filter(
                user=user, agency__isnull=False
            ).values("agency_id")
        )
    return list(
        audiences.only(
            "requirement",
            "agency__title",
            "agency__slug",
            "module__title",
            "module__url_path",
            "module__depth",
            "module__path",
        )
    )


def _parse(params, audiences):
    """The agency and module chosen in params (None: all), from the pairs this user sees."""
    agencies = {a.agency.slug: a.agency for a in audiences}
    modules = {a.module.pk: a.module for a in audiences}
    agency = module = None
    slug = (params.get("agency") or "").strip()
    if slug:
        agency = agencies.get(slug)
        if agency is None:
            raise BadFilter(
                f"There is no agency “{slug[:60]}” in this report. Choose one from the list."
            )
    raw = (params.get("module") or "").strip()
    if raw:
        if not (raw.isascii() and raw.isdigit()) or int(raw) not in modules:
            raise BadFilter(
                f"There is no module “{raw[:60]}” in this report. Choose one from the list."
            )
        module = modules[int(raw)]
    return agency, module


def build(user, params, counted=True):
    """The report this user may see, filtered by params["agency"] (slug) and params["module"]
    (id); counted=False leaves the numbers out (for the list of people). Raises
    PermissionDenied or BadFilter."""
    seen = scope(user)
    audiences = _audiences(user, seen)
    slug = (params.get("agency") or "").strip()
    if seen == OWN_AGENCY and slug and all(a.agency.slug != slug for a in audiences):
        # A lead asking for another agency is refused; their own, with no modules, is empty;
        # an agency that does not exist is a bad filter, for everyone.
        if slug != _own_slug(user):
            from portal.agencies.models import AgencyPage

            well_formed = re.fullmatch(r"[-\w]{1,255}", slug) is not None
            if not (well_formed and AgencyPage.objects.filter(slug=slug).exists()):
                raise BadFilter(
                    f"There is no agency “{slug[:60]}” in this report. Choose one from the list."
                )
            raise PermissionDenied
        return Report(rows=[], agencies=[], modules=[], all_agencies=False)
    if seen == OWN_AGENCY and not audiences:
        return Report(rows=[], agencies=[], modules=[], all_agencies=False)
    agency_id = audiences[0].agency_id if seen == OWN_AGENCY else None
    agency, module = _parse(params, audiences)
    chosen = [
        a
        for a in audiences
        if (agency is None or a.agency_id == agency.pk)
        and (module is None or a.module_id == module.pk)
    ]
    found, reviews = {}, {}
    if counted:
        found = st.counts(
            agency_ids=None
            if agency is None and agency_id is None
            else [agency.pk if agency else agency_id],
            module_ids=None if module is None else [module.pk],
        )
        reviews = reviews_for({a.module_id for a in chosen})
    rows = [
        Row(
            agency=a.agency,
            module=a.module,
            requirement=a.requirement,
            counts=found.get((a.agency_id, a.module_id), dict.fromkeys(st.STATUSES, 0)),
            review=reviews.get(a.module_id),
        )
        for a in chosen
    ]
    rows.sort(key=lambda r: (r.agency.title.lower(), r.module.title.lower()))
    return Report(
        rows=rows,
        agencies=sorted(
            {a.agency.pk: a.agency for a in audiences}.values(), key=lambda a: a.title.lower()
        ),
        modules=sorted(
            {a.module.pk: a.module for a in audiences}.values(), key=lambda m: m.title.lower()
        ),
        agency=agency,
        module=module,
        all_agencies=seen is None,
        reviews=reviews,
    )


def _own_slug(user):
    profile = getattr(user, "practitioner_profile", None)
    return profile.agency.slug if profile is not None and profile.agency_id else None


def parse_status(params):
    raw = (params.get("status") or "").strip()
    if not raw:
        return None
    if raw == "in_date":
        return "in_date"
    if raw not in st.STATUSES:
        raise BadFilter(f"There is no status “{raw[:60]}”. Use one of the report's links.")
    return raw


def people(user, params):
    """(report, status, rows of people) behind one number: params name the agency, the module
    and the status (or "in_date")."""
    report = build(user, params, counted=False)
    wanted = parse_status(params)
    if report.agency is None or report.module is None or wanted is None:
        raise BadFilter(
            "Choose an agency, a module and a status to see the people behind a number."
        )
    if not report.rows:
        raise BadFilter("That agency is not asked to take that module.")
    rows = st.statuses(
        agency_ids=[report.agency.pk],
        module_ids=[report.module.pk],
        status=None if wanted == "in_date" else wanted,
    )
    if wanted == "in_date":
        rows = [row for row in rows if row.in_date]
    users = get_user_model().objects.in_bulk([row.user_id for row in rows])
    for row in rows:
        row.person = users.get(row.user_id)
    rows = [row for row in rows if row.person is not None]
    rows.sort(
        key=lambda r: (r.person.last_name.lower(), r.person.first_name.lower(), r.person.username)
    )
    return report, wanted, rows


def status_heading(wanted):
    return "Passed and in date" if wanted == "in_date" else st.label(wanted)


def person_row(report, row):
    return [
        row.person.get_full_name() or row.person.get_username(),
        row.person.get_username(),
        report.agency.title,
        report.module.title,
        row.label,
        row.completed_at.date().isoformat() if row.completed_at else "",
        row.valid_until.isoformat() if row.valid_until else "",
        row.completed_version or "",
    ]
