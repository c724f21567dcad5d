"""Purging a CDN by tag (issue 16): the page cache's tags (portal/core/tags.py) go out as
`Cache-Tag` and `Surrogate-Key` headers; a backend that can purge by them is told the tags a
change purges, so the CDN drops exactly the responses that showed it: the office and objective
pages that list a programme, not only the programme's own URLs. Wagtail's frontend-cache
backends purge by URL alone; those still get the URLs.
"""

import logging

import requests
from wagtail.contrib.frontend_cache.backends import CloudflareBackend
from wagtail.contrib.frontend_cache.utils import get_backends, purge_urls_from_cache

logger = logging.getLogger(__name__)


class CloudflareTagBackend(CloudflareBackend):
    """Wagtail's Cloudflare backend that also purges by Cache-Tag, or everything.

    `ENDPOINT` replaces Cloudflare's API URL (a proxy, or the tests' stand-in)."""

    TAG_CHUNK_SIZE = 30  # tags per purge_cache call

    def __init__(self, params):
        endpoint = params.pop("ENDPOINT", None)
        super().__init__(params)
        if endpoint:
            self.cloudflare_purge_endpoint_url = endpoint

    def _headers(self):
        if self.cloudflare_token:
            return {"Authorization": f"Bearer {self.cloudflare_token}"}
        return {"X-Auth-Email": self.cloudflare_email, "X-Auth-Key": self.cloudflare_api_key}

    def _purge(self, data):
        """One purge_cache call; raises when Cloudflare did not purge."""
        response = requests.post(
            self.cloudflare_purge_endpoint_url, json=data, headers=self._headers(), timeout=30
        )
        response.raise_for_status()
        if response.json().get("success") is not True:
            raise RuntimeError(f"Cloudflare did not purge: {response.text[:500]}")

    def _purge_urls(self, urls):
        self._purge({"files": urls})

    def purge_tags(self, tags):
        tags = sorted(tags)
        for start in range(0, len(tags), self.TAG_CHUNK_SIZE):
            self._purge({"tags": tags[start : start + self.TAG_CHUNK_SIZE]})

    def purge_everything(self):
        self._purge({"purge_everything": True})


def purge(urls=(), tags=None):
    """Purge the CDN: the responses tagged with one of `tags` (CDN spelling) where the backend
    purges by tag, everything there when `tags` is None; these URLs everywhere else (and there
    too: a redirect's old URL). Failures are logged: the CDN's max-age bounds what stays."""
    taggers = [b for b in get_backends().values() if hasattr(b, "purge_tags")]
    for backend in taggers:
        try:
            if tags is None:
                backend.purge_everything()
            elif tags:
                backend.purge_tags(tags)
        except Exception:
            logger.exception("Could not purge the CDN by tag (%s)", type(backend).__name__)
    if urls:
        try:
            purge_urls_from_cache(sorted(urls))
        except Exception:
            logger.exception("Could not purge %d URLs from the CDN", len(urls))
