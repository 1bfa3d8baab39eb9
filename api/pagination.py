"""Optional pagination for function-based list views."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response


class OptionalPageNumberPagination(PageNumberPagination):
    """Paginate function-based list endpoints when the client requests it.

    Without `page` or `page_size` in the query string the whole list is returned as a plain array.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def is_requested(self, request: Request) -> bool:
        return self.page_query_param in request.query_params or self.page_size_query_param in request.query_params


def paginated_response(
    request: Request, items: Sequence[Any] | Any, serialize: Callable[[Any], Any]
) -> Response:
    """Answer `items` serialized, paginated only when the client asks for it."""
    paginator = OptionalPageNumberPagination()
    if not paginator.is_requested(request):
        return Response(serialize(items))
    page = paginator.paginate_queryset(items, request)
    return paginator.get_paginated_response(serialize(page))
