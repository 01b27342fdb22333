"""Every field Casework stores is classified: personal data with a category, or not personal."""

from django.apps import apps

from casework.core.fields import EncryptedTextField
from casework.register.categories import CATEGORIES
from casework.register.fields import NOT_PERSONAL, PERSONAL_FIELDS


def casework_models():
    return [m for m in apps.get_models() if m.__module__.startswith("casework.")]


def stored_fields(model):
    return [f for f in model._meta.get_fields() if f.concrete or f.many_to_many]


def test_every_stored_field_of_every_casework_model_is_classified():
    unclassified = []
    for model in casework_models():
        label = model._meta.label
        declared = set(PERSONAL_FIELDS.get(label, {})) | set(NOT_PERSONAL.get(label, {}))
        for field in stored_fields(model):
            if field.auto_created and not field.concrete:
                continue
            if field.name not in declared:
                unclassified.append(f"{label}.{field.name}")
    assert not unclassified, (
        "These fields are not in casework/register/fields.py; declare each as personal data "
        f"(with its category) or as not personal (with the reason): {unclassified}"
    )


def test_declarations_name_fields_that_exist():
    existing = {m._meta.label: {f.name for f in stored_fields(m)} for m in apps.get_models()}
    stale = [
        f"{label}.{name}"
        for table in (PERSONAL_FIELDS, NOT_PERSONAL)
        for label, fields in table.items()
        for name in fields
        if name not in existing.get(label, set())
    ]
    assert not stale, f"Declared in the register but not in any model: {stale}"


def test_no_field_is_declared_both_personal_and_not():
    both = [
        f"{label}.{name}"
        for label, fields in PERSONAL_FIELDS.items()
        for name in fields
        if name in NOT_PERSONAL.get(label, {})
    ]
    assert not both


def test_special_category_and_nino_fields_are_encrypted_columns():
    for label, fields in PERSONAL_FIELDS.items():
        model = apps.get_model(label)
        for name, declared in fields.items():
            category = CATEGORIES[declared.category]
            field = model._meta.get_field(name)
            must_encrypt = (
                category.special_category
                or category.criminal_offence
                or (declared.category == "government_identifier" and name != "nino_index")
            )
            if must_encrypt:
                assert isinstance(field, EncryptedTextField), f"{label}.{name} must be encrypted"
            assert declared.encrypted == isinstance(field, EncryptedTextField), (
                f"{label}.{name}: the register and the model disagree about encryption"
            )


def test_free_text_written_by_staff_is_declared_special_category_and_encrypted():
    """Case notes, action plans and in-work support summaries may hold health information."""
    for label, name in (
        ("journey.CaseNote", "text"),
        ("journey.Goal", "description"),
        ("journey.ActionStep", "description"),
        ("journey.InWorkSupportContact", "summary"),
    ):
        declared = PERSONAL_FIELDS[label][name]
        assert CATEGORIES[declared.category].special_category, f"{label}.{name}"
        assert declared.encrypted, f"{label}.{name}"
