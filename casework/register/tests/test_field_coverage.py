"""Every field of every Casework model is declared in the processing register, either as
personal data with its category or as not personal with a reason."""

from django.apps import apps

from casework.register.fields import NOT_PERSONAL, PERSONAL_FIELDS


def _casework_models():
    return [m for m in apps.get_models() if m.__module__.startswith("casework.")]


def test_every_model_field_is_declared():
    missing = []
    for model in _casework_models():
        label = model._meta.label
        declared = set(PERSONAL_FIELDS.get(label, {})) | set(NOT_PERSONAL.get(label, {}))
        for field in model._meta.get_fields():
            if field.auto_created and not field.concrete:
                continue  # reverse relations are declared on the model that holds them
            if field.name not in declared:
                missing.append(f"{label}.{field.name}")
    assert missing == [], f"Declare these in casework/register/fields.py: {missing}"


def test_nothing_is_declared_twice_or_for_a_field_that_does_not_exist():
    for label in set(PERSONAL_FIELDS) | set(NOT_PERSONAL):
        model = apps.get_model(label)
        names = {f.name for f in model._meta.get_fields()}
        personal = set(PERSONAL_FIELDS.get(label, {}))
        not_personal = set(NOT_PERSONAL.get(label, {}))
        assert not personal & not_personal, label
        assert (personal | not_personal) <= names, label
