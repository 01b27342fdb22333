"""The worker task a page enqueues to build a return (django-tasks, database backend)."""

from django_tasks import task


@task()
def build_return(monthly_return_id: str) -> str:
    from casework.returns.models import MonthlyReturn
    from casework.returns.services import build

    built = build(MonthlyReturn.objects.get(pk=monthly_return_id))
    return f"{built.row_count} rows, {built.get_state_display()}"


@task()
def make_workbook(release_id: str) -> str:
    from casework.returns.models import ReturnRelease
    from casework.returns.services import make_workbook as make

    made = make(ReturnRelease.objects.select_related("monthly_return").get(pk=release_id))
    return f"workbook {made.size} bytes"
