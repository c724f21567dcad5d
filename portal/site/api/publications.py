"""/api/v1/publications/: the library's publications, filtered like the library page
(?office=<id>&objective=<1-23>&year=<year>&language=<code>&type=<type>), through the library's
own form and queryset (portal/publications/finder.py). A filter value that is not understood
is a 400 naming it, as for programmes."""

from rest_framework import serializers, viewsets
from wagtail.models import Site

from portal.publications.finder import (
    FILTER_NAMES,
    PublicationFilterForm,
    find_publications,
    publication_scope,
    with_listing_data,
)
from portal.site.api.serializers import (
    FallbacksField,
    NamedOfficeSerializer,
    NumbersField,
    PageUrlField,
    TranslatedField,
)
from portal.site.api.views import Pagination, ReadOnlyAPIMixin, invalid_filters


class FileSerializer(serializers.Serializer):
    language = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField()
    format = serializers.CharField(source="extension", read_only=True)
    size = serializers.IntegerField(read_only=True)
    pages = serializers.IntegerField(read_only=True)

    def get_url(self, file):
        return self.context["request"].build_absolute_uri(file.document.url)


class PublicationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = TranslatedField()
    summary = TranslatedField()
    type = serializers.CharField(source="publication_type", read_only=True)
    type_label = serializers.CharField(source="get_publication_type_display", read_only=True)
    year = serializers.IntegerField(read_only=True)
    authors = serializers.ListField(source="author_list", read_only=True)
    publisher = TranslatedField()
    office = NamedOfficeSerializer(source="shown_office", read_only=True, allow_null=True)
    objectives = NumbersField()
    isbn = serializers.CharField(read_only=True)
    issn = serializers.CharField(read_only=True)
    doi = serializers.CharField(read_only=True)
    files = FileSerializer(many=True, read_only=True)
    url = PageUrlField()
    fallbacks = FallbacksField()


class PublicationViewSet(ReadOnlyAPIMixin, viewsets.ReadOnlyModelViewSet):
    """Live, public publications of the site, newest first."""

    serializer_class = PublicationSerializer
    pagination_class = Pagination
    cache_parameters = (*ReadOnlyAPIMixin.cache_parameters, *FILTER_NAMES)
    lookup_value_regex = "[0-9]{1,18}"

    def scope(self):
        site = Site.find_for_request(self.request)
        return publication_scope(under_path=site.root_page.path if site else None)

    def get_queryset(self):
        if self.action != "list":
            return with_listing_data(self.scope())
        form = PublicationFilterForm(self.request.GET, scope=self.scope(), lang=self.lang)
        if form.ignored:
            raise invalid_filters(form)
        return with_listing_data(find_publications(form))
