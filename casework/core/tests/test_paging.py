"""A page of a list read without counting the list: every row reached once, in order."""

import pytest

from casework.core.paging import uncounted_page


@pytest.mark.parametrize("length", [0, 1, 4, 5, 6, 11])
def test_following_next_reaches_every_row_once_in_order(length):
    rows, seen, number = list(range(length)), [], 1
    while True:
        page = uncounted_page(rows, number, 5)
        seen += page.object_list
        assert page.has_previous() == (number > 1)
        if not page.has_next():
            break
        number = page.next_page_number()
    assert seen == rows
    last_page_rows = (length - 1) % 5 + 1 if length else 0
    assert len(page.object_list) == last_page_rows


@pytest.mark.parametrize("asked", ["x", "", None, "-3", "0", "99"])
def test_a_page_number_that_is_not_one_or_past_the_end_gives_the_first_page(asked):
    page = uncounted_page(list(range(12)), asked, 5)
    assert page.number == 1 and page.object_list == [0, 1, 2, 3, 4] and page.has_next()
    assert not page.has_previous() and page.has_other_pages()
