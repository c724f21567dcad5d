"""Who may translate into which language: one permission per language, held through groups."""

from django.conf import settings
from django.core.exceptions import PermissionDenied


def language_permission(lang):
    return f"portal.translate_{lang}"


def can_translate(user, lang):
    return user.is_active and (user.is_superuser or user.has_perm(language_permission(lang)))


def translatable_languages(user):
    return [code for code, _name in settings.LANGUAGES if can_translate(user, code)]


def can_use_translation_tools(user):
    return user.is_authenticated and bool(translatable_languages(user))


def require_translator(request):
    """Refuse a request from anyone who may not translate into any language."""
    if not can_use_translation_tools(request.user):
        raise PermissionDenied
