"""The summary list drawn in Python (casework.core.components) is GOV.UK Frontend's: over
generated parameters its HTML reads as the macro's, whitespace collapsed as the browser
collapses it."""

import re

from django.template import engines
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from casework.core.components import summary_list

_MACRO = engines["jinja2"].env.from_string(
    '{% from "govuk_frontend_jinja/components/summary-list/macro.html" '
    "import govukSummaryList as macro %}{{ macro(params) }}"
)


def macro(params) -> str:
    return _MACRO.render(params=params)


def layout_free(html: str) -> str:
    """With each run of whitespace as one space, as the browser shows it, and none before a
    tag's closing bracket (the macro leaves one where an attribute was left out): the
    template's line breaks and indents are not the component's."""
    return re.sub(r"\s+>", ">", re.sub(r"\s+", " ", str(html))).strip()


words = st.text(alphabet="ab <>&\"'\n", max_size=12)
html = st.builds(lambda a, b: f"<strong>{a}</strong>\n  <em>{b}</em>", words, words)
classes = st.one_of(st.none(), st.just(""), st.sampled_from(["x-one", "x-one x-two"]))
attributes = st.one_of(
    st.none(),
    st.just('data-raw="1"'),
    st.dictionaries(
        st.sampled_from(["data-a", "aria-label", "hidden", "id"]),
        st.one_of(
            st.booleans(),
            words,
            st.none(),
            st.fixed_dictionaries(
                {"value": st.one_of(st.booleans(), words, st.none())},
                optional={"optional": st.booleans()},
            ),
        ),
        max_size=3,
    ),
)


def part(**extra):
    return st.fixed_dictionaries({}, optional={"text": words, "html": html, **extra})


action = st.fixed_dictionaries(
    {"href": words},
    optional={
        "text": words,
        "html": html,
        "visuallyHiddenText": st.one_of(words, st.none()),
        "classes": classes,
        "attributes": attributes,
    },
)
actions = st.fixed_dictionaries(
    {"items": st.lists(action, max_size=3)}, optional={"classes": classes}
)
row = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {"key": part(classes=classes), "value": part(classes=classes)},
        optional={"actions": actions, "classes": classes},
    ),
)
card = st.fixed_dictionaries(
    {},
    optional={
        "title": part(classes=classes, headingLevel=st.sampled_from([2, 3, 4])),
        "actions": actions,
        "classes": classes,
        "attributes": attributes,
    },
)
params = st.fixed_dictionaries(
    {"rows": st.lists(row, max_size=4)},
    optional={"classes": classes, "attributes": attributes, "card": card},
)


@given(params)
def test_the_python_summary_list_draws_what_the_macro_draws(params):
    assert layout_free(summary_list(params)) == layout_free(macro(params))


def test_a_record_summary_with_change_links_reads_as_the_macro_does():
    params = {
        "rows": [
            {
                "key": {"text": "Full name"},
                "value": {"text": "Alice <Archer> & co"},
                "actions": {
                    "items": [
                        {
                            "href": "/p/1/edit#name",
                            "text": "Change",
                            "visuallyHiddenText": "full name",
                        }
                    ]
                },
            },
            {"key": {"text": "Address"}, "value": {"html": Markup("1 High St<br>Luton")}},
        ]
    }
    drawn = summary_list(params)
    assert layout_free(drawn) == layout_free(macro(params))
    assert "Alice &lt;Archer&gt; &amp; co" in drawn
    assert '<span class="govuk-visually-hidden"> full name</span>' in drawn
    assert "govuk-summary-list__row--no-actions" in drawn  # the address row has no link
    assert "1 High St<br>Luton" in drawn
