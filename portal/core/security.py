"""What protects the portal beyond Django's own middleware.

- The Content Security Policy, chosen by path: the strict one of settings.CONTENT_SECURITY_POLICY
  (inline code only with the response's nonce) everywhere, the relaxed
  CONTENT_SECURITY_POLICY_ADMIN under the Wagtail admin, which writes inline scripts and styles.
- The 500 page, rendered with the nonce its inline <style> needs.
- Login throttling (django-axes): the client's address and the lockout page, the same whether
  the account exists or not; the password form of private pages is throttled the same way.
"""

import ipaddress
import logging

from csp.constants import SELF
from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import TemplateDoesNotExist, loader
from django.utils.translation import ngettext
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)

# Where config/urls.py mounts the Wagtail admin.
ADMIN_PATH = "/admin/"


def is_admin_path(request):
    return request.path_info.startswith(ADMIN_PATH)


# --- Content Security Policy -------------------------------------------------------------------


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's relaxed policy under /admin/.

    A response that already carries a policy keeps it: Wagtail's documents set their own
    (`default-src 'none'`), and a preview rendered for the admin comes back from the public
    pipeline with the public policy its HTML's nonces match.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only or parts.config is not None:
            return parts
        if is_admin_path(request):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
            # A nonce in a directive makes browsers ignore its 'unsafe-inline'.
            parts.nonce = None
        elif getattr(request, "is_dummy", False):
            # Wagtail's preview: the public page, shown in a frame of the admin (same origin).
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


def nonce_of(request):
    """The response's nonce as text; empty when the CSP middleware did not see the request."""
    nonce = getattr(request, "csp_nonce", None)
    if nonce is None:
        return ""
    try:
        return str(nonce)
    except Exception:  # the policy was already written (an error after the middleware)
        return ""


@requires_csrf_token
def server_error(request, template_name="500.html"):
    """Django's server_error, plus the nonce: 500.html styles itself with an inline <style>.

    Like Django's view it renders without context processors (they might be what failed).
    """
    try:
        template = loader.get_template(template_name)
    except TemplateDoesNotExist:
        return HttpResponseServerError(b"<h1>Server Error (500)</h1>", content_type="text/html")
    return HttpResponseServerError(template.render({"CSP_NONCE": nonce_of(request)}))


# --- Login throttling --------------------------------------------------------------------------


def client_ip(request):
    """The address a login attempt came from, for django-axes.

    REMOTE_ADDR, unless settings.TRUSTED_PROXY_COUNT load balancers stand in front: each appends
    the address it was reached from to X-Forwarded-For, so the client is that many entries from
    the right. Entries further left are whatever the client sent, and are never trusted (a client
    choosing its address would get a fresh count of attempts with every request).
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [part for part in forwarded if part]
    if len(forwarded) < count:
        return remote
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        logger.warning("Unreadable X-Forwarded-For entry %r: using REMOTE_ADDR", candidate)
        return remote


def cooloff_minutes():
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message():
    minutes = cooloff_minutes()
    return ngettext(
        "Too many failed sign-in attempts. Signing in is paused for %(minutes)s minute; "
        "please try again later.",
        "Too many failed sign-in attempts. Signing in is paused for %(minutes)s minutes; "
        "please try again later.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    """What django-axes answers once a username and address are locked out: the sign-in page
    again, empty, with a message in the visitor's language, status 429.

    It says nothing of the account: it neither echoes the username nor differs between a real
    account and an unknown one (tests/portal/test_login_throttling.py compares them).
    """
    from wagtail.admin.views.account import get_user_login_form, password_reset_enabled

    if is_admin_path(request):
        messages.error(request, lockout_message())  # shown, and used up, by the login template
        context = {
            "form": get_user_login_form()(request),
            "show_password_reset": password_reset_enabled(),
        }
        return render(request, "wagtailadmin/login.html", context, status=429)
    return render(
        request, "security/lockout.html", {"lockout_message": lockout_message()}, status=429
    )


# --- Private pages' password form ---------------------------------------------------------------

# django-axes counts the failures of a "username": a private page's password form has none, so
# each view restriction counts as one (the same limit, cool-off and client address as sign-in).
PRIVATE_PAGE_USERNAME = "private-page:{}"


def private_page_lockout_message():
    minutes = cooloff_minutes()
    return ngettext(
        "Too many wrong passwords. This private page's password form is paused for %(minutes)s "
        "minute; please try again later.",
        "Too many wrong passwords. This private page's password form is paused for %(minutes)s "
        "minutes; please try again later.",
        minutes,
    ) % {"minutes": minutes}


def private_page_lockout(request):
    request.axes_locked_out = False  # answered here, not by django-axes' sign-in lockout page
    return render(
        request,
        "security/lockout.html",
        {"lockout_message": private_page_lockout_message()},
        status=429,
    )


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form for private pages, throttled like the sign-in form: after
    AXES_FAILURE_LIMIT wrong passwords for one restriction from one address, the form answers
    429 with a message in the visitor's language until the cool-off has passed."""
    from axes.handlers.proxy import AxesProxyHandler
    from django.contrib.auth.signals import user_login_failed
    from wagtail import views as wagtail_views

    credentials = {"username": PRIVATE_PAGE_USERNAME.format(page_view_restriction_id)}
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if AxesProxyHandler.is_locked(request, credentials):
        return private_page_lockout(request)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if response.status_code == 200:  # the form again: the password was wrong
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
        if getattr(request, "axes_locked_out", False):
            return private_page_lockout(request)
    return response
