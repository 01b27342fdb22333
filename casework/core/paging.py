"""A page of a long list without counting the list (issue 16: a count of every waiting
referral at 500,000 cost more than reading the page). The page reads one row more than it
shows to know whether there is a next page; pages are numbered from 1 in the address
(`?page=N`, a number, never personal data). A number that is not one, or past the end, gives
the first page, as Django's paginator gives a page that exists."""

from dataclasses import dataclass


@dataclass(frozen=True)
class UncountedPage:
    object_list: list
    number: int
    _more: bool

    def has_next(self) -> bool:
        return self._more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def uncounted_page(queryset, page_number, size: int) -> UncountedPage:
    try:
        number = max(1, int(page_number))
    except (TypeError, ValueError):
        number = 1
    rows = list(queryset[(number - 1) * size : number * size + 1])
    if not rows and number > 1:  # past the end (the list shrank since the link was made)
        number, rows = 1, list(queryset[: size + 1])
    return UncountedPage(rows[:size], number, len(rows) > size)
