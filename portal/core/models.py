"""The foundation's own model: old URL paths, kept so that old links redirect."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class UrlPathHistory(models.Model):
    """A url_path a page had in one language before a slug edit or a move: kept as a redirect."""

    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.CASCADE, related_name="+"
    )
    language = models.CharField(_("language"), max_length=10)
    url_path = models.TextField(_("old URL path"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old URL path")
        verbose_name_plural = _("old URL paths")
        constraints = [
            models.UniqueConstraint(
                fields=["language", "url_path"], name="portal_urlpathhistory_unique_path"
            )
        ]

    def __str__(self):
        return f"{self.language}: {self.url_path}"
