"""Where the public "Request this page in <language>" form posts (portal/localization/demand.py)."""

from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.core.security import nonce_of
from portal.localization.demand import add_request

REQUESTED_PARAMETER = "requested"


@csrf_exempt  # the form is on cached pages, the same for every visitor: no CSRF token in it
@require_POST
def request_translation(request):
    """Count the request (at most a few per address) and send the visitor back to the page, where
    the notice thanks them. A token this site did not make is refused and changes nothing."""
    found = add_request(request, request.POST.get("token", ""))
    if found is None or not url_has_allowed_host_and_scheme(found[0], allowed_hosts=None):
        # A page of its own, reading nothing from the database (a forged flood costs no query).
        context = {"CSP_NONCE": nonce_of(request), "LANGUAGE_CODE": get_language()}
        return HttpResponseBadRequest(
            loader.render_to_string("errors/translation_request.html", context)
        )
    path, counted = found
    answer = HttpResponseRedirect(f"{path}?{REQUESTED_PARAMETER}={'1' if counted else 'later'}")
    answer.status_code = 303  # see the page again with GET
    return answer
