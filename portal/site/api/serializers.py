"""How each record reads in the API: translated texts in the requested language, with fallbacks.

A translated field holds the text in the language asked for (`?lang=nb`), or, when it has none
in that language, the text in the fallback language; `fallbacks` names each field shown in
another language and that language: {"summary": "en"}. Countries are {"code", "name"} with the
name in the requested language; links to pages are absolute and in that language, null when the
record has no live, public page.
"""

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import serializers

from portal.core.i18n import field_text


class TranslatedField(serializers.Field):
    """A translated text field in the serializer's language (context["lang"]), or its fallback."""

    def __init__(self, field=None, **kwargs):
        self.translated = field
        super().__init__(source="*", read_only=True, **kwargs)

    def bind(self, field_name, parent):
        super().bind(field_name, parent)
        self.translated = self.translated or field_name

    def to_representation(self, obj):
        text = field_text(obj, self.translated, self.context["lang"])
        return "" if text.value is None else str(text.value)


class FallbacksField(serializers.Field):
    """{output field name: language} for each translated field shown in a fallback language."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, obj):
        lang = self.context["lang"]
        fallbacks = {}
        for name, field in self.parent.fields.items():
            if isinstance(field, TranslatedField):
                text = field_text(obj, field.translated, lang)
                if text and text.is_fallback:
                    fallbacks[name] = text.lang
        return fallbacks


def country(value):
    return {"code": value.code, "name": str(value.name)} if value else None


class CountryField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        return country(value)


class CountriesField(CountryField):
    def to_representation(self, value):
        return [country(item) for item in value]


class PageUrlField(serializers.Field):
    """The absolute URL, in the requested language, of a related page that is live and public.

    `source` names the attribute holding the page (office.page, objective.page); the view
    provides `page_url` in the context, which knows the private sections.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        try:
            return super().get_attribute(instance)
        except (ObjectDoesNotExist, AttributeError):
            return None

    def to_representation(self, page):
        return self.context["page_url"](page)


class OfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = TranslatedField()
    city = TranslatedField()
    address = TranslatedField()
    country = CountryField()
    covers = CountriesField()
    languages = serializers.ListField(child=serializers.CharField(), read_only=True)
    year_opened = serializers.IntegerField(read_only=True)
    email = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    website = serializers.CharField(read_only=True)
    url = PageUrlField(source="page")
    fallbacks = FallbacksField()


class ObjectiveSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True)
    title = TranslatedField()
    summary = TranslatedField()
    url = PageUrlField(source="page")
    fallbacks = FallbacksField()


class NumbersField(serializers.Field):
    """A related manager's objectives as their numbers: [5, 21]."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, manager):
        return [objective.number for objective in manager.all()]


class CountryActionSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    country = CountryField()
    year = serializers.IntegerField(read_only=True)
    description = TranslatedField()
    source = TranslatedField()
    source_url = serializers.CharField(read_only=True)
    objectives = NumbersField()
    fallbacks = FallbacksField()


class NamedOfficeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = TranslatedField()


class PartnerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = TranslatedField()
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    website = serializers.CharField(read_only=True)


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = TranslatedField()
    acronym = serializers.CharField(read_only=True)
    summary = TranslatedField()
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    start_date = serializers.DateField(read_only=True)
    end_date = serializers.DateField(read_only=True)
    offices = NamedOfficeSerializer(many=True, read_only=True)
    partners = PartnerSerializer(many=True, read_only=True)
    objectives = NumbersField()
    countries_of_origin = CountriesField()
    countries_of_destination = CountriesField()
    funding = TranslatedField()
    url = PageUrlField()
    fallbacks = FallbacksField()


class OfficeLinkField(serializers.Field):
    """A record's office as {"id", "name"} while it is live, else null."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, office):
        if office is None or not office.live:
            return None
        name = field_text(office, "name", self.context["lang"])
        return {"id": office.pk, "name": "" if name.value is None else str(name.value)}

    def get_attribute(self, instance):
        return instance.office


class PledgeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = TranslatedField()
    pledger = TranslatedField()
    pledger_kind = serializers.CharField(read_only=True)
    pledger_kind_label = serializers.CharField(source="get_pledger_kind_display", read_only=True)
    country = CountryField()
    office = OfficeLinkField()
    objectives = NumbersField()
    partners = PartnerSerializer(many=True, read_only=True)
    status = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    start_year = serializers.IntegerField(read_only=True)
    end_year = serializers.IntegerField(read_only=True)
    description = TranslatedField()
    fallbacks = FallbacksField()


class DocumentUrlField(serializers.Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance.document

    def to_representation(self, document):
        return self.context["request"].build_absolute_uri(document.url) if document else None


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    title = TranslatedField()
    summary = TranslatedField()
    country = CountryField()
    region = serializers.CharField(read_only=True)
    region_label = serializers.CharField(source="get_region_display", read_only=True)
    year = serializers.IntegerField(read_only=True)
    office = OfficeLinkField()
    objectives = NumbersField()
    document = DocumentUrlField()
    document_language = serializers.CharField(read_only=True)
    fallbacks = FallbacksField()
