from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal.core import security, uploads
from portal.localization.demand_views import request_translation
from portal.site import feeds, matrix_data, policies, publication_feeds, sitemaps, views

# The 500 page styles itself with an inline <style>: rendered with the response's CSP nonce.
handler500 = "portal.core.security.server_error"

urlpatterns = [
    # Before Wagtail's admin: the image preview refuses absurd sizes (portal/core/uploads.py).
    path(
        "admin/images/<int:image_id>/preview/<str:filter_spec>/",
        uploads.image_preview,
        name="portal_image_preview",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The read-only open-data API; its language is the `lang` parameter, not a URL prefix.
    path("api/v1/", include("portal.site.api.urls", namespace="api")),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemaps.sitemap, name="sitemap"),
    path("sitemap-<int:number>.xml", sitemaps.sitemap_file, name="sitemap_file"),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Every public URL carries its language: /en/..., /nb/...; "/" goes to the visitor's best match.
urlpatterns += i18n_patterns(
    path("search/", views.search, name="search"),
    path("accessibility/", policies.accessibility, name="accessibility"),
    path("language-policy/", policies.language_policy, name="language_policy"),
    # "Request this page in <language>" (POST only, from the fallback notice).
    path("_translation-request/", request_translation, name="translation_request"),
    path("compact-matrix.csv", matrix_data.compact_matrix_csv, name="compact_matrix_csv"),
    path("compact-matrix.json", matrix_data.compact_matrix_json, name="compact_matrix_json"),
    path("feeds/news/rss/", feeds.news_rss, name="news_feed_rss"),
    path("feeds/news/atom/", feeds.news_atom, name="news_feed_atom"),
    path("feeds/offices/<int:office_id>/rss/", feeds.office_rss, name="office_feed_rss"),
    path("feeds/offices/<int:office_id>/atom/", feeds.office_atom, name="office_feed_atom"),
    path(
        "feeds/publications/rss/", publication_feeds.publications_rss, name="publications_feed_rss"
    ),
    path(
        "feeds/publications/atom/",
        publication_feeds.publications_atom,
        name="publications_feed_atom",
    ),
    # Before Wagtail's: the private pages' password form, throttled (portal/core/security.py).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        security.authenticate_with_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)
