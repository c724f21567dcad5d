from django.http import HttpResponsePermanentRedirect
from wagtail import hooks

from portal.routing import REDIRECT_ATTR


# After Wagtail's own view-restriction check (order 0): a private page's URL is not given away.
@hooks.register("before_serve_page", order=1)
def redirect_to_the_pages_url(page, request, serve_args, serve_kwargs):
    """The router found the page under another URL (another language's slugs, an old slug):
    send the visitor, permanently, to its URL in the active language."""
    target = getattr(request, REDIRECT_ATTR, None)
    if target is None or target.pk != page.pk:
        return None
    url = page.get_url(request)
    if url is None:
        return None
    query_string = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query_string}" if query_string else url)
