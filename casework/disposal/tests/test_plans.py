"""Every model holding personal data has a disposal plan and a record type; anonymisation never
keeps an identifying value as it is."""

from django.apps import apps

from casework.disposal.plans import AGE_BAND, AS_IS, GENERALISERS, OUTWARD_CODE, PLANS
from casework.register.fields import PERSONAL_FIELDS
from casework.register.record_types import RECORD_TYPES, record_type_of

# Never kept as they are: they name, locate or describe the person.
IDENTIFYING = {
    "identity",
    "contact",
    "government_identifier",
    "local_authority_identifier",
    "case_notes",
    "health",
    "ethnicity",
    "religion",
    "sexual_orientation",
    "criminal_offence",
}


def _models_with_personal_data() -> set[str]:
    installed = {m._meta.label for m in apps.get_models()}
    return {label for label, fields in PERSONAL_FIELDS.items() if fields and label in installed}


def test_every_model_with_personal_data_has_a_plan():
    missing = sorted(_models_with_personal_data() - set(PLANS))
    assert not missing, f"models holding personal data with no disposal plan: {missing}"


def test_every_plan_names_a_real_model_and_fields():
    for label, plan in PLANS.items():
        model = apps.get_model(label)
        names = {f.name for f in model._meta.get_fields()}
        assert set(plan.keep) <= names, label
        if plan.files:
            assert plan.files in names, label
        assert all(g in GENERALISERS for g in plan.keep.values()), label


def test_every_disposed_model_belongs_to_a_record_type_and_knows_its_owner():
    for label, plan in PLANS.items():
        if plan.retained:
            assert record_type_of(label) is None, f"{label} is retained, so no rule may name it"
            continue
        assert record_type_of(label) is not None, f"{label} is in no record type"
        assert plan.owner, label
    for record_type in RECORD_TYPES.values():
        for label in record_type.model_labels:
            assert label in PLANS, f"{record_type.key}: {label} has no plan"
        if record_type.created:
            apps.get_model(record_type.model_label)._meta.get_field(record_type.created)


def test_anonymisation_keeps_nothing_that_identifies_as_it_is():
    for label, plan in PLANS.items():
        for name, generaliser in plan.keep.items():
            declared = PERSONAL_FIELDS.get(label, {}).get(name)
            if declared is None:
                continue
            if declared.category in IDENTIFYING or declared.encrypted:
                assert generaliser is not AS_IS, f"{label}.{name} would be kept as it is"
    participant = PLANS["participants.Participant"].keep
    assert participant["date_of_birth"] is AGE_BAND
    assert participant["postcode"] is OUTWARD_CODE
    assert "first_name" not in participant and "national_insurance_number" not in participant


def test_generalisers():
    import datetime

    born = datetime.date(1990, 5, 17)
    assert AGE_BAND(born, {"referred_on": datetime.date(2026, 5, 16)}) == "35-49"
    assert AGE_BAND(born, {"referred_on": datetime.date(2015, 5, 16)}) == "16-24"
    assert AGE_BAND(datetime.date(1950, 1, 1), {"referred_on": datetime.date(2026, 1, 1)}) == "65+"
    assert OUTWARD_CODE("mk9 3ej", {}) == "MK9"
    assert OUTWARD_CODE("SW1A1AA", {}) == "SW1A"
    assert OUTWARD_CODE("", {}) is None


def test_every_model_pointing_at_a_participants_record_has_a_plan():
    """The engine deletes each planned model with one statement; a model it does not know that
    points at one of them would make the disposal fail at commit (never orphan a row), so every
    such model needs a plan, or a pointer without a database constraint (the audit trail)."""
    planned = {
        apps.get_model(label)
        for label, plan in PLANS.items()
        if not (plan.retained or plan.in_place)  # rows that stay may be pointed at
    }
    missing = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not (field.is_relation and field.related_model in planned):
                continue
            if model._meta.label in PLANS or not field.db_constraint:
                continue
            missing.append(f"{model._meta.label}.{field.name}")
    assert not missing, f"point at disposed records but have no disposal plan: {missing}"
