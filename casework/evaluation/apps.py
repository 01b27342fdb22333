from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "casework.evaluation"
    verbose_name = "Evaluation extracts"
    default_auto_field = "django.db.models.BigAutoField"
