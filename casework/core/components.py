"""GOV.UK Frontend components drawn in Python where pages draw many of them (decision 0232).

`summary_list(params)` takes the parameters of GOV.UK Frontend's `govukSummaryList` macro
(govuk-frontend-jinja 4.1) and gives the same HTML: the same elements, classes and attributes,
text escaped and HTML passed through, trimmed and indented the same, a line break wherever the
macro leaves whitespace between elements. The macro's nested calls cost about 0.2 ms a list;
this costs a twentieth of that. Templates call it as `govukSummaryList`, the macro's name
(casework.core.jinja). A test draws both over generated parameters and compares them.
"""

from jinja2.filters import do_indent
from markupsafe import Markup, escape

_MISSING = object()


def _get(mapping, key):
    """What Jinja's `mapping.key` gives: the item, or missing (Jinja's Undefined)."""
    if isinstance(mapping, dict):
        return mapping.get(key, _MISSING)
    return _MISSING


def _truthy(value) -> bool:
    return value is not _MISSING and bool(value)


def _out(value) -> str:
    """`{{ value }}` under autoescape: missing prints nothing, anything else escaped."""
    return "" if value is _MISSING else escape(value)


def _classes(params) -> str:
    classes = _get(params, "classes")
    return f" {_out(classes)}" if _truthy(classes) else ""


def _content(part, width: int, *, trim: bool = True) -> str:
    """`part.html | safe | trim | indent(width) if part.html else part.text` (an action's link
    and the card's name in it are not trimmed)."""
    html = _get(part, "html")
    if _truthy(html):
        html = Markup(str(html))  # noqa: S704 - given as HTML, as the macro takes it
        return do_indent(html.strip() if trim else html, width)
    return _out(_get(part, "text"))


def _items(actions) -> list:
    items = _get(actions, "items")
    return list(items) if _truthy(items) else []


def attributes(value) -> str:
    """GOV.UK Frontend's `govukAttributes`: ` name="value"` pairs (a string passes through)."""
    if isinstance(value, str):
        return str(value) if isinstance(value, Markup) else value
    if not isinstance(value, dict) or not value:
        return ""
    html = ""
    for name, given in value.items():
        if isinstance(given, dict) and given.get("val") is not None and len(given):
            given = given["val"]
        if isinstance(given, dict):
            options = given
        else:
            options = {"value": str(given).lower() if isinstance(given, bool) else given}
        optional, shown = options.get("optional", _MISSING), options.get("value", _MISSING)
        if optional is True and shown is True:
            html += f" {escape(name)}"
        elif optional is not True or (shown not in (_MISSING, None) and shown is not False):
            html += f' {escape(name)}="{_out(shown)}"'
    return html


def _action_link(action, card_title) -> str:
    hidden = _get(action, "visuallyHiddenText")
    link = f'<a class="govuk-link{_classes(action)}" href="{_out(_get(action, "href"))}"'
    link += f"{attributes(_get(action, 'attributes'))}>{_content(action, 4, trim=False)}"
    if _truthy(hidden) or _truthy(card_title):
        link += '<span class="govuk-visually-hidden">'
        if _truthy(hidden):
            link += f" {escape(hidden)}"
        if _truthy(card_title):
            link += f" ({_content(card_title, 6, trim=False)})"
        link += "</span>"
    return link + "</a>"


def _actions(actions, card_title, *, card: bool) -> str:
    items = _items(actions)
    if not items:
        return ""
    prefix = "govuk-summary-card" if card else "govuk-summary-list"
    if len(items) == 1:
        tag, inner = "div" if card else "dd", _action_link(items[0], card_title)
    else:
        tag = "ul"
        item_class = (
            "govuk-summary-card__action" if card else "govuk-summary-list__actions-list-item"
        )
        inner = "\n".join(
            f'<li class="{item_class}">\n{_action_link(item, card_title)}\n</li>' for item in items
        )
        if not card:
            tag, inner = "dd", f'<ul class="govuk-summary-list__actions-list">\n{inner}\n</ul>'
    return f'<{tag} class="{prefix}__actions{_classes(actions)}">\n{inner}\n</{tag}>'


def _row(row, any_actions: bool, card_title) -> str:
    actions = _get(row, "actions")
    has_actions = _truthy(actions) and _truthy(_get(actions, "items"))
    no_actions = " govuk-summary-list__row--no-actions" if any_actions and not has_actions else ""
    key, value = _get(row, "key"), _get(row, "value")
    return (
        f'<div class="govuk-summary-list__row{no_actions}{_classes(row)}">\n'
        f'<dt class="govuk-summary-list__key{_classes(key)}">\n{_content(key, 6)}\n</dt>\n'
        f'<dd class="govuk-summary-list__value{_classes(value)}">\n{_content(value, 6)}\n</dd>\n'
        f"{_actions(actions, card_title, card=False)}\n</div>"
    )


def summary_list(params) -> Markup:
    """The summary list `params` describes, as GOV.UK Frontend's macro draws it."""
    rows = [row for row in (_get(params, "rows") or []) if row] if _truthy(params) else []
    card = _get(params, "card")
    card_title = _get(card, "title") if _truthy(card) else _MISSING
    any_actions = any(_items(_get(row, "actions")) for row in rows)
    html = (
        f'<dl class="govuk-summary-list{_classes(params)}"{attributes(_get(params, "attributes"))}>'
        + "\n"
        + "\n".join(_row(row, any_actions, card_title) for row in rows)
        + "\n</dl>"
    )
    if _truthy(card):
        html = _card(card, html)
    return Markup(html)  # noqa: S704 - every value above is escaped or was given as HTML


def _card(card, content: str) -> str:
    title = _get(card, "title")
    level = _get(title, "headingLevel") if _truthy(title) else _MISSING
    level = level if _truthy(level) else 2
    head = ""
    if _truthy(title):
        head = (
            f'<h{level} class="govuk-summary-card__title{_classes(title)}">\n'
            f"{_content(title, 6)}\n</h{level}>"
        )
    return (
        f'<div class="govuk-summary-card{_classes(card)}"{attributes(_get(card, "attributes"))}>\n'
        f'<div class="govuk-summary-card__title-wrapper">\n{head}\n'
        f"{_actions(_get(card, 'actions'), title, card=True)}\n</div>\n"
        f'<div class="govuk-summary-card__content">\n{content}\n</div>\n</div>'
    )
