"""The one body StreamBlock every page type shares, and its blocks."""

from django.db.models import prefetch_related_objects
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=160, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section heading")), ("h3", _("Sub-heading"))],
        default="h2",
        label=_("Level"),
    )

    class Meta:
        icon = "title"
        template = "components/blocks/heading.html"
        label = _("Heading")
        description = _("A heading that starts a new section of the page.")
        preview_value = {"text": "Who we are", "level": "h2"}


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=250,
        label=_("Alternative text"),
        help_text=_("Describe what the image shows for people who cannot see it."),
    )
    caption = blocks.CharBlock(max_length=250, required=False, label=_("Caption"))

    class Meta:
        icon = "image"
        template = "components/blocks/image.html"
        label = _("Image")
        description = _("A picture with a description for screen readers and a caption.")

    def bulk_to_python(self, values):
        """Every image block of a body at once: the images in one query, their renditions
        (which the template's <picture> needs) in one more, however many images the body has."""
        struct_values = super().bulk_to_python(values)
        images = [value["image"] for value in struct_values if value["image"] is not None]
        if images:
            prefetch_related_objects(images, "renditions")
        return struct_values


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(max_length=200, required=False, label=_("Who said it"))

    class Meta:
        icon = "openquote"
        template = "components/blocks/quote.html"
        label = _("Quote")
        description = _("A quotation, with who said it.")
        preview_value = {
            "text": "No country can manage migration alone.",
            "attribution": "Office communications",
        }


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Text"))
    button = blocks.CharBlock(max_length=60, label=_("Button label"))
    page = blocks.PageChooserBlock(required=False, label=_("Page on this site"))
    url = blocks.URLBlock(required=False, label=_("Or an address elsewhere"))

    class Meta:
        icon = "pick"
        template = "components/blocks/call_to_action.html"
        label = _("Call to action")
        description = _("A short invitation with a button that leads to a page.")
        preview_value = {"text": "Find out where we work.", "button": "Our offices"}

    def clean(self, value):
        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "page": blocks.BlockValidationError(_("Choose a page or give an address."))
                }
            )
        return value


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    label = blocks.CharBlock(max_length=200, required=False, label=_("Link text"))

    class Meta:
        icon = "doc-full"
        template = "components/blocks/document.html"
        label = _("Document link")
        description = _("A link to download a document, with its type and size.")


class NumberedItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=300, label=_("Item"))
    points = blocks.ListBlock(
        blocks.CharBlock(max_length=600), required=False, label=_("Sub-points")
    )


class NumberedListBlock(blocks.StructBlock):
    items = blocks.ListBlock(NumberedItemBlock(), label=_("Items"))

    class Meta:
        icon = "list-ol"
        template = "components/blocks/numbered_list.html"
        label = _("Numbered list")
        description = _(
            "Numbered items, each with optional sub-points (recommendations, priorities)."
        )
        preview_value = {
            "items": [
                {"title": "Awareness and capacity building", "points": []},
                {"title": "Empowerment of migrant workers", "points": []},
            ]
        }


LISTING_KINDS = [
    ("offices", _("Offices")),
    ("partners", _("Partners")),
    ("objectives", _("Global Compact objectives")),
    ("country_actions", _("Country actions")),
]


# What each kind lists: filled by the apps that own the data, from their AppConfig.ready(), so
# that the foundation names none of their models. A source takes the block's value and returns
# the rows to show. The kinds themselves are fixed above: the editor's choices are in migrations.
LISTING_SOURCES = {}


def register_listing(kind, source):
    if kind not in dict(LISTING_KINDS):
        raise ValueError(f"Unknown listing kind {kind!r}: add it to LISTING_KINDS first.")
    LISTING_SOURCES[kind] = source


class DataListingBlock(blocks.StructBlock):
    """Shows live structured data (offices, partners, objectives, country actions) in a page."""

    kind = blocks.ChoiceBlock(choices=LISTING_KINDS, label=_("What to list"))
    heading = blocks.CharBlock(max_length=160, required=False, label=_("Heading"))
    objective_number = blocks.IntegerBlock(
        required=False,
        min_value=1,
        max_value=23,
        label=_("Only for objective number"),
        help_text=_("For country actions: show only those that advance this objective."),
    )

    class Meta:
        icon = "table"
        template = "components/blocks/data_listing.html"
        label = _("Structured data listing")
        description = _("A live list of offices, partners, objectives or country actions.")
        preview_value = {"kind": "objectives", "heading": "The 23 objectives"}

    def get_items(self, value):
        source = LISTING_SOURCES.get(value.get("kind"))
        return source(value) if source else []

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["items"] = self.get_items(value)
        return context


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "document-link", "ol", "ul"],
        icon="pilcrow",
        label=_("Text"),
        template="components/blocks/paragraph.html",
        description=_("Paragraphs of text with links and lists."),
        preview_value="<p>Our office gives free, confidential advice in many languages.</p>",
    )
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    document = DocumentLinkBlock()
    numbered_list = NumberedListBlock()
    data_listing = DataListingBlock()

    class Meta:
        template = "components/blocks/body.html"
