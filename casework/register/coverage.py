"""Coverage both ways: the field declarations against what the programmes actually collect and
use. `manage.py register check` prints this report."""

from dataclasses import dataclass, field

from casework.programmes.models import Programme
from casework.register.categories import CATEGORIES, DataSubject
from casework.register.fields import PERSONAL_FIELDS
from casework.register.selectors import collected_fields, current_config


@dataclass
class CoverageReport:
    programmes: list[str] = field(default_factory=list)
    fields_unused: list[str] = field(default_factory=list)
    categories_unused: list[str] = field(default_factory=list)
    purposes_without_basis: list[str] = field(default_factory=list)
    # Bases the register keeps that the programme's own notice does not state: the DPO should
    # have the council's notice say them (UK GDPR Art 13(1)(c)).
    bases_not_in_notice: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.fields_unused or self.categories_unused or self.purposes_without_basis)


def coverage_report() -> CoverageReport:
    report = CoverageReport()
    collected: set[str] = set()
    used_categories: set[str] = set()
    for programme in Programme.objects.order_by("slug"):
        config = current_config(programme)
        if config is None:
            continue
        report.programmes.append(programme.slug)
        collected |= collected_fields(programme)
        for purpose in config.purposes:
            used_categories.update(purpose.categories)
            if purpose.art6 is None:
                report.purposes_without_basis.append(f"{programme.slug}: {purpose.key}")
            if not purpose.art6_in_notice:
                report.bases_not_in_notice.append(
                    f"{programme.slug}: {purpose.key} (Article 6: {purpose.art6})"
                )
            if not purpose.art9_in_notice and purpose.art9:
                report.bases_not_in_notice.append(
                    f"{programme.slug}: {purpose.key} (Article 9: {purpose.art9})"
                )
        for recipient in config.recipients:
            gateway = recipient.legal_gateway
            if gateway is not None and not gateway.stated:
                report.bases_not_in_notice.append(
                    f"{programme.slug}: recipient {recipient.key} (legal gateway: "
                    f"{gateway.kind.value}, {gateway.reference})"
                )
    participant_categories = set()
    for model_label, declared in PERSONAL_FIELDS.items():
        for name, personal in declared.items():
            if personal.subject != DataSubject.PARTICIPANT:
                continue
            participant_categories.add(personal.category)
            if f"{model_label}.{name}" not in collected:
                report.fields_unused.append(f"{model_label}.{name} ({personal.category})")
    report.categories_unused = [
        key
        for key in CATEGORIES
        if key not in used_categories
        and (key in participant_categories or not key.startswith("staff_"))
    ]
    return report
