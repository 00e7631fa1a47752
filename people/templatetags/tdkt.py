from django import template

register = template.Library()


@register.filter
def links_for(app, user):
    return list(app.links_for(user))


@register.filter
def percent(value, digits=1):
    """12.345 → "12,3 %" (Vietnamese decimal comma)."""
    if value is None:
        return "—"
    text = f"{value:.{int(digits)}f}".replace(".", ",")
    return f"{text} %"


@register.filter
def item(mapping, key):
    """mapping[key] in a template, or None (e.g. a proposal's judgement by its id)."""
    return mapping.get(key) if mapping else None
