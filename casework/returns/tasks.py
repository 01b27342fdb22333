"""The worker task a page enqueues to build a return (django-tasks, database backend)."""

from django_tasks import task


@task()
def build_return(monthly_return_id: str) -> str:
    from casework.returns.models import MonthlyReturn
    from casework.returns.services import build

    built = build(MonthlyReturn.objects.get(pk=monthly_return_id))
    return f"{built.row_count} rows, {built.get_state_display()}"
