"""Interface language: Chinese by default, English switchable. Messages are keyed by their English text."""
from __future__ import annotations

from flask import has_request_context, session

from review.entities import zh_label
from review.i18n import ACTION_LABELS, CATEGORY_LABELS, LAYER_LABELS, MODE_LABELS, describe_location, label
from webapp.messages_zh import ZH

LANGUAGES = ("zh", "en")
# English for the keys used as messages (statuses, states): everything else is written in English already.
EN = {"to_review": "to review", "awaiting_signoff": "awaiting second sign-off", "proposed": "redaction proposed",
      "open": "to decide", "info": "note", "redact": "redacted", "keep": "kept"}


def current_language() -> str:
    """The session's language, Chinese by default."""
    if has_request_context():
        lang = session.get("lang", "zh")
        return lang if lang in LANGUAGES else "zh"
    return "zh"


def gettext(message: str, **values) -> str:
    """The message in the current language, with {name} placeholders filled."""
    text = ZH.get(message, message) if current_language() == "zh" else EN.get(message, message)
    return text.format(**values) if values else text


def category_label(category: str) -> str:
    """A category's name in the current language."""
    return label(CATEGORY_LABELS, category, current_language())


def mode_label(mode: str | None) -> str:
    """A disclosure mode's name in the current language."""
    return label(MODE_LABELS, mode, current_language()) if mode else "-"


def action_label(action: str) -> str:
    """An engine action's name in the current language."""
    return label(ACTION_LABELS, action, current_language())


def layer_label(layer: str) -> str:
    """A document layer's name in the current language."""
    return label(LAYER_LABELS, layer, current_language())


def entity_label(entity_type: str) -> str:
    """An entity type's name: the Chinese label, or the type spelled out in English."""
    if current_language() == "zh":
        return zh_label(entity_type)
    return entity_type.replace("_", " ").lower()


def location_label(location) -> str:
    """A Location (object) described in the current language."""
    return describe_location(location, current_language())


def init_app(app) -> None:
    """Make the helpers available in every template."""
    app.jinja_env.globals.update(_=gettext, lang=current_language, category_label=category_label,
                                 mode_label=mode_label, action_label=action_label, layer_label=layer_label,
                                 entity_label=entity_label)
