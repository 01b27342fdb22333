from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    name = "casework.subjectaccess"
    label = "subjectaccess"
    verbose_name = "Subject access packs"
