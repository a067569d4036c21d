"""
The page cache: Wagtail pages (and the sitemap) as anonymous visitors see
them, kept in the cache (Redis when REDIS_URL is set) and served before most
middleware.

Only a page that is the same for every visitor without a session is kept:
a GET without a session or messages cookie, an Authorization header or a
query string, answered 200 by Wagtail (or the sitemap) with no cookie set,
no CSRF token, no CSP nonce, no message shown and no private caching asked
for. Every change
that public pages show (a page published, unpublished, moved or deleted; a
subject, site setting, site, image, document or view restriction saved or
deleted; a release migrated) invalidates all of them at once: a page's
title and address appear on many others (lists, outlines, neighbours, the
header), so dropping one URL at a time would leave stale copies.
"""
