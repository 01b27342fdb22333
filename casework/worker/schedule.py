"""The one schedule of Casework's background jobs, declared in code.

An app with a job writes it as a plain function in `casework/<app>/jobs.py`:

    def job_name(*, now: datetime.datetime) -> str:
        '''Idempotent (safe to run twice for the same moment); returns a one-line summary of
        what it did, without personal data.'''

and adds one entry below. The worker (`manage.py worker`) imports the job by its dotted path
when it runs, so this module imports no app; `test_schedule.py` checks that every path imports
and takes `now=`. Names are stable keys: the history of runs is kept under them.
"""

import datetime
from dataclasses import dataclass

from casework.worker.timing import Daily, EveryMinutes, Hourly, Timing

__all__ = ["SCHEDULE", "Daily", "EveryMinutes", "Hourly", "ScheduledJob", "entry"]


@dataclass(frozen=True)
class ScheduledJob:
    name: str  # stable key, lower-case with hyphens: "audit-alerts"
    title: str  # what the DPO's page calls it
    path: str  # dotted path to `def job(*, now: datetime.datetime) -> str`
    when: Timing
    purpose: str = ""  # one sentence for the DPO's page


SCHEDULE: tuple[ScheduledJob, ...] = (
    ScheduledJob(
        name="evaluation-extracts",
        title="Evaluation extracts built",
        path="casework.evaluation.jobs.build_requested_extracts",
        when=EveryMinutes(5),
        purpose="Builds the de-identified evaluation extracts the DPO asked for, and refuses "
        "those whose thresholds cannot be met (the same as `manage.py evaluation_extract "
        "build-requested`).",
    ),
    ScheduledJob(
        name="audit-seal",
        title="Audit events sealed into the chain",
        path="casework.audit.jobs.seal_audit_events",
        when=EveryMinutes(1),
        purpose="Chains the audit events written since the last run into the tamper-evident "
        "trail, and fails if any has waited more than five minutes (the same as "
        "`manage.py audit seal`).",
    ),
    ScheduledJob(
        name="audit-alerts",
        title="Access alerts",
        path="casework.oversight.jobs.raise_monitoring_alerts",
        when=Hourly(),
        purpose="Applies the monitoring rules to the last 24 hours of the audit trail and raises "
        "an alert for each new finding (the same as `manage.py audit alerts`).",
    ),
    ScheduledJob(
        name="session-clean-up",
        title="Expired sign-in sessions removed",
        path="casework.staff.jobs.clear_expired_sessions",
        when=Daily(at=datetime.time(3, 30)),
        purpose="Deletes the server-side sessions of staff whose sign-in has expired.",
    ),
    ScheduledJob(
        name="job-history-clean-up",
        title="Old job runs removed",
        path="casework.worker.jobs.prune_job_history",
        when=Daily(at=datetime.time(3, 45)),
        purpose="Deletes finished queue entries after 30 days and this page's run history "
        "after 400 days.",
    ),
    ScheduledJob(
        name="report-figures",
        title="Report figures counted",
        path="casework.reports.jobs.keep_report_figures",
        when=Daily(at=datetime.time(1, 30)),
        purpose="Counts each programme's referrals, starts, job starts, outcomes and exits by "
        "partner and day up to yesterday, so the reports read those counts, not every record.",
    ),
    ScheduledJob(
        name="retention-sweep",
        title="Retention sweep",
        path="casework.disposal.jobs.retention_sweep",
        when=Daily(at=datetime.time(2, 0)),
        purpose="Deletes or anonymises the records whose retention period has ended, as each "
        "programme's rules say, except those under a legal hold (the same as "
        "`manage.py retention sweep`).",
    ),
    ScheduledJob(
        name="agreement-expiry-warnings",
        title="Data-sharing agreements about to expire",
        path="casework.disclosures.jobs.warn_of_expiring_agreements",
        when=Daily(at=datetime.time(7, 0)),
        purpose="Emails the DPO once about each data-sharing agreement that expires within 60 "
        "days (disclosures under it are refused from the day after it expires).",
    ),
    ScheduledJob(
        name="inform-decision-reviews",
        title="Safeguarding disclosures: telling the person, to revisit",
        path="casework.disclosures.jobs.remind_inform_reviews",
        when=Daily(at=datetime.time(7, 15)),
        purpose="Reminds the DPO of safeguarding disclosures whose decision not to tell the "
        "person yet has reached its review date.",
    ),
    ScheduledJob(
        name="complaint-reminders",
        title="Complaints to acknowledge or answer",
        path="casework.complaints.jobs.remind_complaints_due",
        when=Daily(at=datetime.time(7, 30)),
        purpose="Reminds the DPO of complaints whose 30-day acknowledgement is due or overdue.",
    ),
    ScheduledJob(
        name="rights-request-reminders",
        title="Rights requests due or overdue",
        path="casework.rights.jobs.remind_requests_due",
        when=Daily(at=datetime.time(7, 35)),
        purpose="Reminds the DPO of rights requests due within a week, and of those overdue "
        "(by reference only).",
    ),
    ScheduledJob(
        name="breach-report-reminders",
        title="Breaches: the 72-hour report",
        path="casework.breaches.jobs.remind_breach_reports_due",
        when=Hourly(minute=5),
        purpose="Reminds the DPO of breaches with no decision on reporting to the ICO in the last "
        "24 of their 72 hours, and again once the 72 hours have passed.",
    ),
)


def entry(name: str) -> ScheduledJob | None:
    return next((job for job in SCHEDULE if job.name == name), None)
