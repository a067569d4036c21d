"""
Queries per request, for bench/pages.py: bench/settings.py puts this
middleware first, so that it sees every request the server answers (page
cache hits included) and every query made on the way. `/bench/queries/`
answers the counts so far without going further; a benchmark reads them
before and after loading a page.
"""

import json
import threading
from collections.abc import Callable

from django.db import connection
from django.http import HttpRequest, HttpResponse

COUNTS_PATH = "/bench/queries/"


class QueryCountMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Requests run in the server's threads, each with its own connection.
        self.lock = threading.Lock()
        self.counts = {"requests": 0, "queries": 0, "in_flight": 0}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == COUNTS_PATH:
            with self.lock:
                return HttpResponse(
                    json.dumps(self.counts), content_type="application/json"
                )
        self.add("in_flight", 1)
        try:
            with connection.execute_wrapper(self.count_query):
                return self.get_response(request)
        finally:
            with self.lock:
                self.counts["in_flight"] -= 1
                self.counts["requests"] += 1

    def count_query(self, execute, sql, params, many, context):
        self.add("queries", 1)
        return execute(sql, params, many, context)

    def add(self, name: str, number: int) -> None:
        with self.lock:
            self.counts[name] += number
