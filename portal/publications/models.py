"""The publication page types and a publication's files (one per language)."""

import os
from functools import cached_property

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from portal.core import identifiers, pdf
from portal.core.i18n import active_language, language_name
from portal.core.pages import BasePage
from portal.core.query import live_record, without_bodies

FIRST_YEAR, LAST_YEAR = 1900, 2100

# What a file's format is called on the page, by extension.
FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word",
    "odt": "OpenDocument",
    "xlsx": "Excel",
    "pptx": "PowerPoint",
    "rtf": "RTF",
    "csv": "CSV",
    "txt": _("Text"),
}


class PublicationIndexPage(BasePage):
    """The library: every live publication of the site, global and offices', filtered by the
    visitor (portal/publications/finder.py), as a page, a CSV file and a feed."""

    parent_page_types = ["portal.HomePage"]
    subpage_types = ["portal.PublicationPage"]
    max_count = 1
    cache_parameters = (
        *BasePage.cache_parameters,
        "page",
        "format",
        *("office", "objective", "year", "language", "type"),
    )

    class Meta:
        verbose_name = _("publication library")

    def get_context(self, request, *args, **kwargs):
        from portal.publications.finder import library_context

        context = super().get_context(request, *args, **kwargs)
        context.update(library_context(request, self))
        return context

    def serve(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":  # the filtered list, as a file
            from portal.publications.export import publications_csv

            return publications_csv(request, self)
        return super().serve(request, *args, **kwargs)


class PublicationPage(BasePage):
    class Type(models.TextChoices):
        REPORT = "report", _("Report")
        RECOMMENDATIONS = "recommendations", _("Recommendations")
        FACTSHEET = "factsheet", _("Factsheet")
        BRIEF = "brief", _("Brief")

    publication_type = models.CharField(
        _("type"), max_length=20, choices=Type.choices, default=Type.REPORT
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text=_("The year the publication came out, as printed on it."),
    )
    authors = models.CharField(
        _("authors"),
        max_length=500,
        blank=True,
        help_text=_(
            "People or bodies who wrote it, separated by semicolons. Leave empty when the "
            "publisher is the author."
        ),
    )
    publisher = models.CharField(_("publisher"), max_length=200)
    cover = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    isbn = models.CharField(
        _("ISBN"), max_length=20, blank=True, validators=[identifiers.validate_isbn]
    )
    issn = models.CharField(
        _("ISSN"), max_length=9, blank=True, validators=[identifiers.validate_issn]
    )
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[identifiers.validate_doi],
        help_text=_("For example 10.1000/182, without https://doi.org/ in front."),
    )
    office = models.ForeignKey(
        "offices.Office",
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="publications",
        help_text=_("The office that published it. Leave empty for a global publication."),
    )
    objectives = ParentalManyToManyField(
        "compact.Objective",
        verbose_name=_("Global Compact objectives"),
        blank=True,
        related_name="publications",
    )

    parent_page_types = ["portal.PublicationIndexPage", "offices.CountryOfficePage"]
    subpage_types = []
    cache_parameters = (*BasePage.cache_parameters, "cite")

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("publication_type"),
                FieldPanel("year"),
                FieldPanel("authors"),
                FieldPanel("publisher"),
                FieldPanel("office"),
                FieldPanel("cover"),
            ],
            heading=_("About this publication"),
        ),
        MultiFieldPanel(
            [FieldPanel("isbn"), FieldPanel("issn"), FieldPanel("doi")],
            heading=_("Identifiers"),
        ),
        InlinePanel("files", heading=_("Files"), label=_("file"), min_num=1),
        FieldPanel("objectives", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("authors"),
        index.SearchField("publisher"),
        index.FilterField("year"),
        index.FilterField("publication_type"),
    ]

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        indexes = [models.Index(fields=["year", "page_ptr"], name="portal_publication_year_idx")]

    @property
    def shown_office(self):
        """The publication's office as visitors see it: None when the office is not live."""
        return live_record(self.office)

    @cached_property
    def shown_objectives(self):
        """The live objectives ticked, with their pages, by number (read once per instance)."""
        objectives = self.objectives.filter(live=True).select_related("page").order_by("number")
        return list(without_bodies(objectives, "page"))

    @property
    def author_list(self):
        return [name.strip() for name in self.authors.split(";") if name.strip()]

    def clean(self):
        super().clean()
        if self.doi:
            self.doi = identifiers.normal_doi(self.doi)

    @cached_property
    def file_list(self):
        """The files with their documents, read once per page instance."""
        return list(self.files.select_related("document").order_by("sort_order", "pk"))

    def files_in_order(self, lang=None):
        """The publication's files, the one in `lang` (default: the visitor's) first, then the
        others in the order of the site's languages."""
        lang = lang or active_language()
        order = [code for code, _name in settings.LANGUAGES]
        return sorted(
            self.file_list,
            key=lambda f: (
                f.language != lang,
                order.index(f.language) if f.language in order else 99,
            ),
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        files = self.files_in_order()
        lang = active_language()
        context["main_file"] = files[0] if files and files[0].language == lang else None
        context["other_files"] = files[1:] if context["main_file"] else files
        context["objectives_list"] = self.shown_objectives
        return context

    def serve(self, request, *args, **kwargs):
        cite = request.GET.get("cite")
        if cite in ("ris", "bib"):
            from portal.publications.export import citation_response

            return citation_response(request, self, cite)
        return super().serve(request, *args, **kwargs)


MISMATCH = _(
    "The file “%(name)s” is not a real %(format)s file: its contents do not match its "
    "extension. Save it again as %(format)s and upload the new copy."
)
NO_PAGES = _(
    "The pages of “%(name)s” could not be counted: the PDF may be damaged. Enter the number "
    "of pages yourself, or upload a new copy."
)


class PublicationFile(Orderable):
    """A publication in one language: a document from the library, its format and pages."""

    page = ParentalKey(PublicationPage, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    pages = models.PositiveIntegerField(
        _("number of pages"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Counted from the PDF when left empty."),
    )

    panels = [FieldPanel("language"), FieldPanel("document"), FieldPanel("pages")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")
        constraints = [
            models.UniqueConstraint(
                fields=["page", "language"], name="portal_publicationfile_one_per_language"
            )
        ]

    @property
    def extension(self):
        return os.path.splitext(self.document.file.name)[1][1:].lower()

    @property
    def format_name(self):
        return str(FORMAT_NAMES.get(self.extension, self.extension.upper()))

    @property
    def size(self):
        return self.document.file_size

    @property
    def language_name(self):
        return language_name(self.language)

    def _document_bytes(self, head_bytes):
        """The start of the stored document, and for a PDF the whole of it; None if unreadable."""
        file = self.document.file
        try:
            file.open("rb")
            try:
                head = file.read(head_bytes)
                return head, (file.read() if self.extension == "pdf" else b"")
            finally:
                file.close()
        except OSError:
            return None

    def clean(self):
        """The document's bytes are what its extension says; a PDF's pages are counted."""
        from portal.core.uploads import DOCUMENT_SIGNATURES, HEAD_BYTES  # imports Wagtail's forms

        super().clean()
        if not self.document_id:
            return
        signature = DOCUMENT_SIGNATURES.get(self.extension)
        if signature is None:
            return
        params = {"name": os.path.basename(self.document.file.name), "format": self.format_name}
        read = self._document_bytes(HEAD_BYTES)
        head, rest = read or (b"", b"")
        found = signature in head if self.extension == "pdf" else head.startswith(signature)
        if not found:
            raise ValidationError({"document": ValidationError(MISMATCH, params=params)})
        if self.extension == "pdf" and self.pages is None:
            self.pages = pdf.page_count(head + rest)
            if self.pages is None:
                raise ValidationError({"pages": ValidationError(NO_PAGES, params=params)})

    def save(self, *args, **kwargs):
        if self.pages is None and self.document_id and self.extension == "pdf":
            self.pages = pdf.file_page_count(self.document.file)
        super().save(*args, **kwargs)
