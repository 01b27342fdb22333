"""The raw-SQL floor of each day's page: the least database work any implementation must do to
show the same data to the same person, written by hand (bench/page_bench.py times it).

Each floor runs, on one connection, what the page's data needs and nothing it can do without:
the session read, the user with their memberships, the parts of the programme their
organisation serves (the scope), the rows the page shows with everything it shows about them
in as few statements as SQL allows, the encrypted values it shows decrypted (crypto.decrypt_many,
the fastest path Casework has), and the audit event written (into a temporary copy of the
audit table, so the benchmark leaves the trail as it was). No ORM, no template, no middleware:
the page's cost above this floor is Django, Casework's Python and the HTML.
"""

import json

from casework.core import crypto
from casework.participants.selectors import NOT_LISTED

AUDIT_COPY = "bench_floor_audit"


def prepare(cursor) -> None:
    cursor.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {AUDIT_COPY} (LIKE audit_auditevent INCLUDING ALL)"
    )


def _signed_in(cursor, session_key: str, user_id: int) -> list[tuple]:
    cursor.execute(
        "SELECT session_data FROM django_session WHERE session_key = %s AND expire_date > now()",
        [session_key],
    )
    cursor.fetchall()
    cursor.execute(
        "SELECT u.id, u.first_name, u.last_name, u.is_active, u.organisation_id, "
        "m.programme_id, m.role, m.team_id FROM staff_staffuser u "
        "LEFT JOIN staff_membership m ON m.user_id = u.id WHERE u.id = %s",
        [user_id],
    )
    rows = cursor.fetchall()
    cursor.execute(
        "SELECT po.programme_id, po.role, poa.area_id FROM programmes_programmeorganisation po "
        "JOIN programmes_programmeorganisation_areas poa ON poa.programmeorganisation_id = po.id "
        "WHERE po.organisation_id = %s",
        [rows[0][4]],
    )
    return cursor.fetchall()


def _audit(cursor, user_id: int, action: str, participant_id, participant_ids) -> None:
    cursor.execute(
        f"INSERT INTO {AUDIT_COPY} (occurred_at, actor_id, actor_label, action, participant_id, "  # noqa: S608, E501
        "participant_ids, purpose, changed_fields, source_ip, user_agent, previous_hash, xid) "
        "VALUES (now(), %s, '', %s, %s, %s::jsonb, 'bench', '[]', '127.0.0.1', '', '', "
        "pg_current_xact_id()::text::bigint) RETURNING id",
        [user_id, action, participant_id, json.dumps(participant_ids)],
    )
    cursor.fetchall()


def _decrypt(rows: list[tuple], columns: list[int]) -> int:
    tokens = [r[c] for r in rows for c in columns if r[c]]
    crypto.decrypt_many(tokens)
    return len(tokens)


def caseload(cursor, session_key, user_id):
    areas = [r[2] for r in _signed_in(cursor, session_key, user_id)]
    cursor.execute(
        "SELECT p.id, p.first_name, p.last_name, p.preferred_name, p.status, p.next_contact_on, "
        "a.name, (SELECT min(ap.starts_at) FROM journey_appointment ap "
        "  WHERE ap.participant_id = p.id AND ap.attendance = '' AND ap.starts_at >= now()), "
        "(SELECT count(*) FROM journey_actionstep s WHERE s.participant_id = p.id "
        "  AND s.completed_on IS NULL AND s.due_on < current_date) "
        "FROM participants_participant p JOIN programmes_area a ON a.id = p.area_id "
        "WHERE p.assigned_specialist_id = %s AND p.status <> 'exited' AND p.area_id = ANY(%s) "
        "ORDER BY p.next_contact_on, p.last_name, p.first_name",
        [user_id, areas],
    )
    rows = cursor.fetchall()
    ids = [r[0] for r in rows]
    cursor.execute(  # what the milestones due are counted from
        "SELECT participant_id, started_on, ended_on, hours_per_week, NULL FROM journey_job "
        "WHERE participant_id = ANY(%s) UNION ALL SELECT participant_id, NULL, NULL, NULL, "
        "outcome_key FROM journey_milestone WHERE participant_id = ANY(%s)",
        [ids, ids],
    )
    cursor.fetchall()
    _audit(cursor, user_id, "list", None, [str(i) for i in ids])
    return len(rows)


def participant(cursor, session_key, user_id, pid):
    areas = [r[2] for r in _signed_in(cursor, session_key, user_id)]
    cursor.execute(
        "SELECT p.*, a.name, o.name, s.first_name, s.last_name, "
        "EXISTS (SELECT 1 FROM access_breakglassgrant g WHERE g.participant_id = p.id "
        "  AND g.user_id = %s AND g.expires_at > now()), "
        "EXISTS (SELECT 1 FROM rights_restriction r WHERE r.participant_id = p.id "
        "  AND r.lifted_at IS NULL) "
        "FROM participants_participant p JOIN programmes_area a ON a.id = p.area_id "
        "LEFT JOIN programmes_organisation o ON o.id = p.responsible_organisation_id "
        "LEFT JOIN staff_staffuser s ON s.id = p.assigned_specialist_id "
        "WHERE p.id = %s AND p.area_id = ANY(%s)",
        [user_id, pid, areas],
    )
    rows = cursor.fetchall()
    names = [d.name for d in cursor.description]
    encrypted = [names.index(n) for n in NOT_LISTED]  # the participant's encrypted columns
    _decrypt(rows, encrypted)
    cursor.execute(  # the referral it came from and the corrections made to the record
        "SELECT 'referral', r.received_at, r.channel, r.route, 0 FROM referrals_referral r "
        "WHERE r.participant_id = %s UNION ALL SELECT 'rectification', c.corrected_at, c.field, "
        "c.reason, 1 FROM rights_rectification c WHERE c.participant_id = %s UNION ALL "
        "SELECT 'statement', t.recorded_at, t.field, t.statement, 1 "
        "FROM rights_supplementarystatement t WHERE t.participant_id = %s",
        [pid, pid, pid],
    )
    _decrypt([r for r in cursor.fetchall() if r[4]], [3])
    _audit(cursor, user_id, "view", pid, [])
    return len(rows)


_TIMELINE = [
    ("status", "changed_at", "to_status", "exit_reason_detail", "participants_statuschange", False),
    ("appointment", "starts_at", "kind", "attendance", "journey_appointment", False),
    ("note", "created_at", "'Case note'", "text", "journey_casenote", True),
    ("job", "recorded_at", "job_title", "employer", "journey_job", False),
    ("placement", "recorded_at", "organisation", "role", "journey_workplacement", False),
    ("milestone", "recorded_at", "label", "evidence::text", "journey_milestone", False),
    ("referral", "received_at", "channel", "route", "referrals_referral", False),
    (
        "eligibility",
        "decided_at",
        "decision",
        "decision_reason",
        "eligibility_eligibilityassessment",
        False,
    ),
    ("consent", "recorded_at", "purpose", "recipient", "consents_consentdecision", False),
    ("document", "uploaded_at", "title", "kind", "documents_document", False),
]


def timeline(cursor, session_key, user_id, pid):
    areas = [r[2] for r in _signed_in(cursor, session_key, user_id)]
    cursor.execute(
        "SELECT p.id, p.first_name, p.last_name, p.status FROM participants_participant p "
        "WHERE p.id = %s AND p.area_id = ANY(%s)",
        [pid, areas],
    )
    cursor.fetchall()
    parts = [
        f"SELECT '{kind}', {when}, {a}::text, {b}::text, {int(enc)} FROM {table} "  # noqa: S608
        "WHERE participant_id = %(p)s"
        for kind, when, a, b, table, enc in _TIMELINE
    ]
    parts += [
        "SELECT 'support', c.recorded_at, c.channel, c.summary, 1 FROM "
        "journey_inworksupportcontact c JOIN journey_job j ON j.id = c.job_id "
        "WHERE j.participant_id = %(p)s",
        "SELECT 'group', s.starts_at, s.title, b.status, 0 FROM groupwork_groupbooking b "
        "JOIN groupwork_groupsession s ON s.id = b.session_id WHERE b.participant_id = %(p)s",
        "SELECT 'notice', n.recorded_at, v.number::text, n.method, 0 FROM "
        "register_noticeacknowledgement n JOIN register_registerversion v ON v.id = n.version_id "
        "WHERE n.participant_id = %(p)s",
        "SELECT 'disclosure', d.disclosed_at, d.kind, d.recipient_name, 0 FROM "
        "disclosures_disclosure d JOIN disclosures_disclosure_participants dp "
        "ON dp.disclosure_id = d.id WHERE dp.participant_id = %(p)s",
        "SELECT 'plan', g.created_at, g.description, s.description, 2 FROM journey_goal g "
        "LEFT JOIN journey_actionstep s ON s.goal_id = g.id WHERE g.participant_id = %(p)s",
    ]
    cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 2 DESC", {"p": pid})
    rows = cursor.fetchall()
    _decrypt([r for r in rows if r[4] == 1], [3])
    _decrypt([r for r in rows if r[4] == 2], [2, 3])  # a goal and its steps
    _audit(cursor, user_id, "view", pid, [])
    return len(rows)


def search(cursor, session_key, user_id, programme_id, words, per_page, listed):
    """As the page does (decision 0220): the matches' ids and names, as far as one more than
    are listed, through the trigram indexes; if not too many, the page's rows with their area."""
    areas = [r[2] for r in _signed_in(cursor, session_key, user_id)]
    each_word = " AND ".join(
        "(upper(p.first_name) LIKE %s OR upper(p.last_name) LIKE %s "
        "OR upper(p.preferred_name) LIKE %s)"
        for _ in words
    )
    likes = [f"%{w.upper()}%" for w in words for _ in range(3)]
    cursor.execute(
        "SELECT p.id, p.last_name, p.first_name FROM participants_participant p "  # noqa: S608
        f"WHERE p.programme_id = %s AND p.area_id = ANY(%s) AND {each_word} "
        f"LIMIT {int(listed) + 1}",  # a constant, as Django writes it (a prepared statement's
        [programme_id, areas, *likes],  # generic plan would not know it)
    )
    keys = cursor.fetchall()
    shown = []
    if len(keys) <= listed:
        keys.sort(key=lambda k: (k[1].lower(), k[2].lower(), str(k[0])))
        cursor.execute(
            "SELECT p.id, p.first_name, p.last_name, p.preferred_name, p.date_of_birth, "
            "p.status, p.postcode, a.name FROM participants_participant p "
            "JOIN programmes_area a ON a.id = p.area_id WHERE p.id = ANY(%s)",
            [[k[0] for k in keys[:per_page]]],
        )
        shown = cursor.fetchall()
    _audit(cursor, user_id, "search", None, [str(r[0]) for r in shown])
    return len(shown)


def referrals(cursor, session_key, user_id, programme_id, limit):
    areas = [r[2] for r in _signed_in(cursor, session_key, user_id)]
    cursor.execute(
        "SELECT r.id, r.first_name, r.last_name, r.received_at, r.channel, a.name, "  # noqa: S608
        "EXISTS (SELECT 1 FROM participants_participant p WHERE p.programme_id = r.programme_id "
        "  AND upper(p.last_name) = upper(r.last_name) AND p.date_of_birth = r.date_of_birth) "
        "FROM referrals_referral r JOIN programmes_area a ON a.id = r.area_id "
        "WHERE r.programme_id = %s AND r.status = 'received' AND r.area_id = ANY(%s) "
        f"ORDER BY r.received_at LIMIT {int(limit)}",  # a constant, as above
        [programme_id, areas],
    )
    rows = cursor.fetchall()
    _audit(cursor, user_id, "list", None, [])
    return len(rows)
