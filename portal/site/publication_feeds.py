"""RSS 2.0 and Atom feeds of the publications library, per language:
/<lang>/feeds/publications/rss/ and .../atom/.

As the news feeds (portal/site/feeds.py): titles and summaries in the feed's language, the
English text marked where it stands in; each item says in which languages the publication's
files are, and links to its page in the feed's language.
"""

import datetime

from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext

from portal.core.i18n import field_text, language_name
from portal.publications.finder import publication_scope, with_listing_data
from portal.publications.models import PublicationIndexPage
from portal.site.feeds import NewsFeed, Source, site_home
from portal.site.seo import publications_feed_title


class PublicationFeed(NewsFeed):
    """Every live, public publication under the site's home page, newest first."""

    def get_object(self, request):
        home = site_home(request)
        library = PublicationIndexPage.objects.live().public().child_of(home).first()
        landing = library or home
        summary = field_text(library, "summary") if library else None
        return Source(
            request=request,
            home=home,
            link=landing.get_url(request=request),
            description=str(summary) if summary else self.site_description(),
        )

    def articles(self, source):
        scope = publication_scope(under_path=source.home.path)
        return with_listing_data(scope).order_by("-first_published_at", "-pk")

    def title(self, source):
        return publications_feed_title()

    def item_description(self, page):
        text = super().item_description(page)
        names = ", ".join(language_name(f.language) for f in page.files.all())
        if names:
            text += format_html(
                "<p>{}</p>", gettext("Available in: %(languages)s") % {"languages": names}
            )
        return text

    def item_pubdate(self, page):
        published = page.first_published_at
        if published:
            return published
        return timezone.make_aware(datetime.datetime(page.year, 1, 1))

    def item_author_name(self, page):
        return page.authors or str(field_text(page, "publisher")) or None

    def item_categories(self, page):
        return [str(page.get_publication_type_display())]


class PublicationAtomFeed(PublicationFeed):
    feed_type = Atom1Feed


publications_rss = PublicationFeed()
publications_atom = PublicationAtomFeed()
