"""What each kind of audit event means, in the words a data protection officer expects ("Started
a job", not "journey.job.start"): one table for every event kind the apps record as an event's
purpose. A test finds every kind used in the code and fails on one without a label here."""

from casework.audit.models import Purpose

EVENT_LABELS: dict[str, str] = {
    # The participant's journey
    "journey.appointment.book": "Booked an appointment",
    "journey.appointment.attendance": "Recorded attendance at an appointment",
    "journey.case_note.add": "Wrote a case note",
    "journey.goal.add": "Added a goal to the action plan",
    "journey.goal.achieve": "Marked a goal as achieved",
    "journey.action_step.add": "Added a step to the action plan",
    "journey.action_step.complete": "Marked a step as done",
    "journey.job.start": "Recorded a job start",
    "journey.job.end": "Recorded the end of a job",
    "journey.in_work_support.record": "Recorded in-work support",
    "journey.work_placement.record": "Recorded volunteering or work experience",
    "journey.milestone.record": "Recorded a job outcome milestone",
    # The vocational profile
    "profiles.profile.update": "Changed the vocational profile",
    "profiles.profile.replace": "Replaced the vocational profile (through the API)",
    "profiles.employment.add": "Added a job to the employment history",
    "profiles.employment.remove": "Removed a job from the employment history",
    "profiles.qualification.add": "Added a qualification",
    "profiles.qualification.remove": "Removed a qualification",
    # Group sessions
    "groupwork.session.create": "Set up a group session",
    "groupwork.session.update": "Changed a group session",
    "groupwork.session.cancel": "Cancelled a group session",
    "groupwork.booking.book": "Booked a place on a group session",
    "groupwork.booking.cancel": "Cancelled a place on a group session",
    "groupwork.register": "Kept the sign-in register of a group session",
    # Referrals
    "referral.submit": "Sent a referral",
    "referral.record_contact": "Recorded someone asking to join",
    "referral.expression_of_interest": "Asked to join through the public form",
    "referral.read": "Opened a referral",
    "referral.accepted": "Accepted a referral as a new participant",
    "referral.linked": "Linked a referral to an existing participant",
    "referral.declined": "Declined a referral",
    # Access and staff accounts
    "break_glass.opened": "Opened a record outside their scope (break-glass)",
    "break_glass.reviewed": "Reviewed a break-glass access",
    "permission.denied": "Was refused access",
    "staff.confidentiality_acknowledged": "Acknowledged the confidentiality statement",
    "staff.disabled": "Disabled a staff account",
    "staff.second_factor_reset": "Reset a staff member's authenticator app",
    "staff.second_factor_set_up": "Set up their authenticator app",
    "staff.training_recorded": "Recorded data protection training",
    # Disclosures and the rights they respect
    "disclosure.safeguarding.request": "Asked for approval of a disclosure without consent",
    "disclosure.safeguarding.decline": "Declined a disclosure without consent",
    "disclosure.safeguarding.inform": "Recorded whether the person is told of a disclosure",
    "disclosure log CSV": "Downloaded the disclosure log",
    "rights.restriction.start": "Restricted the processing of a record",
    "rights.restriction.lift": "Lifted the restriction of a record",
    "rights.objection.record": "Recorded an objection to processing",
    "rights.objection.decide": "Decided an objection to processing",
    "rights.rectification.correct": "Corrected a detail of a record (rectification)",
    "rights.rectification.statement": "Attached a supplementary statement to a record",
    # Rights requests (casework/rights/requests.py)
    "rights.request.submit": "Made a rights request through the public page",
    "rights.request.record": "Recorded a rights request",
    "rights.request.match": "Matched a rights request to a participant",
    "rights.request.identity": "Verified the identity of a rights requester",
    "rights.request.pause": "Paused the clock of a rights request",
    "rights.request.resume": "Resumed the clock of a rights request",
    "rights.request.extend": "Extended the deadline of a rights request",
    "rights.request.transfer": "Transferred a rights request to another controller",
    "rights.request.decide": "Decided a rights request",
    "rights.request.read": "Opened a rights request",
    "rights.request.list": "Listed rights requests",
    # Retention
    "legal_hold": "Placed or lifted a legal hold",
    "retention.paper_file": "Recorded a paper file to destroy when its retention ends",
    "paper_destroyed": "Confirmed a paper file destroyed",
    # Complaints
    # DWP monthly returns
    "returns.build": "Built a DWP monthly return",
    "returns.release": "Released a DWP monthly return",
    "returns.download": "Downloaded a released DWP monthly return",
    "returns.findings": "Downloaded a DWP return's validation report",
    "complaint.submit": "Made a complaint through the public form",
    "complaint.record": "Recorded a complaint",
    "complaint.link": "Linked a complaint to a participant, breach or request",
    "complaint.acknowledge": "Acknowledged a complaint",
    "complaint.note": "Added an investigation note to a complaint",
    "complaint.update": "Sent the complainant an update",
    "complaint.close": "Sent the outcome of a complaint",
    "complaint.read": "Opened a complaint",
    "complaint.list": "Listed complaints",
    "complaint.history": "Looked at a participant's complaints",
    # The breach register
    "breach.record": "Recorded a personal data breach",
    "breach.update": "Changed a breach record",
    "breach.assess": "Assessed the risk of a breach",
    "breach.decide": "Decided whether to report a breach to the ICO",
    "breach.report": "Recorded the report of a breach to the ICO",
    "breach.link_people": "Linked the people affected by a breach",
    "breach.count_people": "Counted the people a breach affected who cannot be named",
    "breach.tell_person": "Recorded telling a person of a breach",
    "breach.tell_controller": "Recorded telling another controller of a breach",
    "breach.close": "Closed a breach",
    "breach.people": "Looked at the people a breach affected",
    "breach.letter": "Opened the letter to a person affected by a breach",
    # Evaluation extracts
    "evaluation.extract.request": "Asked for a de-identified evaluation extract",
    "evaluation.extract.build": "Built a de-identified evaluation extract",
    "evaluation.extract.rebuild": "Built again an evaluation extract whose build had stopped",
    "evaluation.extract.list": "Listed the evaluation extracts",
    "evaluation.extract.report": "Opened an evaluation extract's risk report",
    "evaluation.extract.download": "Downloaded a released evaluation extract",
    # Subject access packs
    "subject_access.list": "Looked at a participant's subject access packs",
    "subject_access.prepare": "Prepared a subject access pack",
    "subject_access.review": "Reviewed a third-party item of a subject access pack",
    "subject_access.preview": "Read a draft subject access pack",
    "subject_access.release": "Released a subject access pack to the person",
    "subject_access.download": "Downloaded a released subject access pack",
}


def event_label(kind: str) -> str | None:
    return EVENT_LABELS.get(kind)


def describe(event) -> tuple[str, str]:
    """(what happened, why) for an audit event, in words. An event whose purpose is an event
    kind says what was done, for case management; one with a declared purpose says why; any
    other purpose is words someone typed (a break-glass reason) or wrote (a report's period)."""
    label = event_label(event.purpose)
    if label:
        return label, Purpose.CASE_MANAGEMENT.label
    what = event.get_action_display()
    if not event.purpose:
        return what, "Not given"
    try:
        return what, Purpose(event.purpose).label
    except ValueError:
        return what, event.purpose
