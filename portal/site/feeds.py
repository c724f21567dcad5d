"""RSS 2.0 and Atom feeds of the news, per language: the whole site's, and each office's.

/<lang>/feeds/news/rss/ and .../atom/; /<lang>/feeds/offices/<office id>/rss/ and .../atom/.
Titles and summaries are in the feed's language; where an article has none yet, the English text
is shown with the language's name after the title and the site's usual notice in the summary.
Links lead to the articles' URLs in the feed's language.
"""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape, format_html
from django.utils.translation import gettext

from portal.core.availability import marker_text, reading_language
from portal.core.i18n import active_language, field_text, language_name
from portal.models import ArticlePage, NewsIndexPage
from portal.site.seo import feed_title, site_name

FEED_SIZE = 20
MAX_ID = 2**63 - 1  # larger ids cannot be in the database (and SQLite cannot even look)


@dataclass
class Source:
    """What one feed is about, with the request its URLs are built for."""

    request: object
    home: object
    link: str
    description: str
    office: object = None
    office_page: object = None


def site_home(request):
    from portal.site.templatetags.portal_tags import _site_root

    home = _site_root(request)
    if home is None:
        raise Http404
    return home


def summary_of(page):
    text = field_text(page, "search_description")
    return text if text else field_text(page, "summary")


class NewsFeed(Feed):
    """The site's news: every live, public article under the site's home page."""

    feed_type = Rss201rev2Feed

    def get_object(self, request):
        home = site_home(request)
        index = NewsIndexPage.objects.live().public().child_of(home).order_by("path").first()
        landing = index or home
        description = field_text(index, "summary") if index else None
        return Source(
            request=request,
            home=home,
            link=landing.get_url(request=request),
            description=str(description) if description else self.site_description(),
        )

    @staticmethod
    def site_description():
        return gettext(
            "Country offices, their programmes and the 23 objectives of the Global Compact for "
            "Safe, Orderly and Regular Migration."
        )

    def articles(self, source):
        return (
            ArticlePage.objects.live()
            .public()
            .descendant_of(source.home)
            .select_related("office")
            .order_by("-date", "-pk")
        )

    def items(self, source):
        pages = list(self.articles(source)[:FEED_SIZE])
        for page in pages:
            page.feed_link = page.get_url(request=source.request)
            page.feed_lang = reading_language(page, request=source.request)
        return pages

    def title(self, source):
        return feed_title(source.office)

    def link(self, source):
        return source.link

    def description(self, source):
        # Feed readers show an RSS channel's description as HTML (the RSS Best Practices Profile
        # allows markup there), so the plain text is escaped once more, as the items' texts are:
        # a "<script>" typed in a summary stays text.
        return escape(source.description)

    def subtitle(self, source):
        return source.description  # Atom's <subtitle> is plain text (type="text")

    def author_name(self, source):
        return site_name()

    def feed_copyright(self, source):
        return site_name()

    # Items: the article in the feed's language, the English text marked where it stands in.

    def item_title(self, page):
        # The article's title, and the language it is read in when that is not the feed's
        # (its title or body has no text of its own in it): as links say (availability.py).
        text = str(field_text(page, "title"))
        code = getattr(page, "feed_lang", None)
        if code:
            text = f"{text} {marker_text(code)}"
        return text  # plain text: the feed generator escapes it

    def item_description(self, page):
        wanted = active_language()
        title, summary = field_text(page, "title"), summary_of(page)
        fallbacks = [t.lang for t in (title, summary) if t and t.is_fallback]
        parts = []
        for lang in dict.fromkeys(fallbacks):
            notice = gettext(
                "This text is not yet available in %(language)s; it is shown in "
                "%(fallback_language)s."
            ) % {"language": language_name(wanted), "fallback_language": language_name(lang)}
            parts.append(format_html("<p><em>{}</em></p>", notice))
        if summary:
            if summary.is_fallback:
                parts.append(format_html('<p lang="{}">{}</p>', summary.lang, summary.value))
            else:
                parts.append(format_html("<p>{}</p>", summary.value))
        return "".join(parts)

    def item_link(self, page):
        return page.feed_link

    def item_pubdate(self, page):
        published = page.first_published_at
        if published and timezone.localdate(published) == page.date:
            return published
        return timezone.make_aware(datetime.datetime.combine(page.date, datetime.time.min))

    def item_updateddate(self, page):
        return page.last_published_at or self.item_pubdate(page)

    def item_author_name(self, page):
        if page.author:
            return page.author
        office = page.shown_office
        return str(field_text(office, "name")) if office else None

    def item_categories(self, page):
        return [str(page.get_kind_display())]


class OfficeNewsFeed(NewsFeed):
    """One office's news: articles that name the office, and articles under its page."""

    def get_object(self, request, office_id):
        from django.apps import apps

        if office_id > MAX_ID:
            raise Http404
        home = site_home(request)
        page_model = apps.get_model("offices", "CountryOfficePage")
        office_page = (
            page_model.objects.live()
            .public()
            .descendant_of(home)
            .select_related("office")
            .filter(office_id=office_id, office__live=True)
            .first()
        )
        if office_page is None:
            raise Http404
        summary = field_text(office_page, "summary")
        return Source(
            request=request,
            home=home,
            link=office_page.get_url(request=request),
            description=str(summary) if summary else self.site_description(),
            office=office_page.office,
            office_page=office_page,
        )

    def articles(self, source):
        return (
            super()
            .articles(source)
            .filter(Q(office=source.office) | Q(path__startswith=source.office_page.path))
        )


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed


class OfficeNewsAtomFeed(OfficeNewsFeed):
    feed_type = Atom1Feed


news_rss = NewsFeed()
news_atom = NewsAtomFeed()
office_rss = OfficeNewsFeed()
office_atom = OfficeNewsAtomFeed()
