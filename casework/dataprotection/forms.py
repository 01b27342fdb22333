import datetime

from django.utils import timezone

from casework.oversight.forms import ReportPeriodForm


class PeriodForm(ReportPeriodForm):
    @staticmethod
    def last_year() -> tuple[datetime.date, datetime.date]:
        today = timezone.localdate()
        start = (today.replace(day=1) - datetime.timedelta(days=335)).replace(day=1)
        return start, today
