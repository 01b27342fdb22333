"""Whether the schedule is well formed: unique names, and every job importable with `now=`."""

import inspect
import re

from django.utils.module_loading import import_string

from casework.worker import schedule

NAME = re.compile(r"^[a-z][a-z0-9-]*$")


def schedule_problems(jobs=None) -> list[str]:
    jobs = schedule.SCHEDULE if jobs is None else jobs
    problems = []
    names = [job.name for job in jobs]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{name}: two entries have this name.")
    for job in jobs:
        if not NAME.match(job.name):
            problems.append(f"{job.name}: a name is lower-case letters, digits and hyphens.")
        try:
            function = import_string(job.path)
        except ImportError as error:
            problems.append(f"{job.name}: {job.path} does not import ({error}).")
            continue
        if not callable(function):
            problems.append(f"{job.name}: {job.path} is not a function.")
            continue
        parameters = inspect.signature(function).parameters
        now = parameters.get("now")
        if now is None or now.kind is not inspect.Parameter.KEYWORD_ONLY:
            problems.append(f"{job.name}: {job.path} must take a keyword-only `now`.")
            continue
        required = [
            p.name
            for p in parameters.values()
            if p.name != "now"
            and p.default is inspect.Parameter.empty
            and p.kind not in (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
        ]
        if required:
            problems.append(f"{job.name}: {job.path} needs more than `now` ({required}).")
    return problems
