"""The task the queue runs for each claimed slot (django-tasks, database backend)."""

from django_tasks import task


@task()
def run_scheduled_job(run_id: int) -> str:
    from casework.worker.services import execute_run

    return execute_run(run_id=run_id)
