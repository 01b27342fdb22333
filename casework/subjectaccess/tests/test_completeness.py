"""The pack is complete by construction: every model with a path to a participant, and every
field the register declares for it, is in the pack or left out with a written reason."""

from django.apps import apps

from casework.register.categories import DataSubject
from casework.register.fields import PERSONAL_FIELDS
from casework.subjectaccess.pack import shown_fields
from casework.subjectaccess.sections import EXCLUDED, PARTICIPANT, SECTIONS, SECTIONS_BY_MODEL


def _forward(model):
    for f in model._meta.get_fields():
        forward = f.is_relation and (f.concrete or f.many_to_many) and not f.auto_created
        if forward and f.related_model is not None:
            yield f.related_model


def reaches_participant(model, depth: int = 4) -> bool:
    """Whether a chain of foreign keys, one-to-ones or many-to-manys leads to a participant."""
    frontier, seen = [model], {model}
    for _ in range(depth):
        following = []
        for current in frontier:
            for target in _forward(current):
                if target._meta.label == PARTICIPANT:
                    return True
                if target not in seen:
                    seen.add(target)
                    following.append(target)
        frontier = following
    return False


def declares_participant_data(label: str) -> bool:
    return any(
        p.subject == DataSubject.PARTICIPANT for p in PERSONAL_FIELDS.get(label, {}).values()
    )


def models_about_participants() -> list[str]:
    return sorted(
        m._meta.label
        for m in apps.get_models()
        if m._meta.label != PARTICIPANT
        and (reaches_participant(m) or declares_participant_data(m._meta.label))
    )


def test_every_model_with_a_path_to_a_participant_is_in_the_pack_or_excluded_with_a_reason():
    missing = [
        label
        for label in models_about_participants()
        if label not in SECTIONS_BY_MODEL and label not in EXCLUDED
    ]
    assert not missing, (
        "These models hold data about a participant but the subject access pack neither "
        "includes them (a Section in casework/subjectaccess/sections.py) nor excludes them "
        f"with a reason (EXCLUDED there): {missing}"
    )


def test_every_field_the_register_declares_is_shown_or_left_out_with_a_reason():
    missing = []
    for section in SECTIONS:
        shown = set(shown_fields(section))
        for name in PERSONAL_FIELDS.get(section.model, {}):
            if name not in shown and not section.omit.get(name, "").strip():
                missing.append(f"{section.model}.{name}")
    assert not missing, f"Declared in the register, not in the pack, no reason given: {missing}"


def test_the_tables_name_real_models_and_fields_and_every_exclusion_has_a_reason():
    labels = {m._meta.label for m in apps.get_models()}
    for section in SECTIONS:
        assert section.model in labels, section.model
        model = apps.get_model(section.model)
        for name in (*section.omit, *section.extra, section.when):
            model._meta.get_field(name)  # raises on a stale name
    for label, reason in EXCLUDED.items():
        assert label in labels and reason.strip(), label
    assert not set(EXCLUDED) & set(SECTIONS_BY_MODEL)


def test_a_new_model_with_a_path_to_a_participant_fails_naming_it(monkeypatch):
    from casework.subjectaccess import sections

    monkeypatch.delitem(sections.SECTIONS_BY_MODEL, "journey.CaseNote")
    missing = [
        label
        for label in models_about_participants()
        if label not in sections.SECTIONS_BY_MODEL and label not in EXCLUDED
    ]
    assert missing == ["journey.CaseNote"]
