from django.apps import AppConfig


class WorkerConfig(AppConfig):
    name = "casework.worker"
    label = "worker"
    verbose_name = "Scheduled jobs"
