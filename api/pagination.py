"""Optional pagination for function-based list views."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, inline_serializer
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from api.errors import InvalidInput


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


# --- OpenAPI description of the lists answered by `paginated_response` ---

PAGE_PARAMETERS = [
    OpenApiParameter("page", int, description="Page number (from 1); paginates the answer when given."),
    OpenApiParameter("page_size", int, description="Items per page (at most 200); paginates the answer when given."),
]
PageNotFound = inline_serializer(
    "PageNotFound", fields={"detail": serializers.CharField(), "code": serializers.CharField()}
)


def page_serializer(item: type[serializers.Serializer], name: str) -> serializers.Serializer:
    """The body of one page: `count`, `next`/`previous` links and `results`."""
    return _page(item(many=True), name)


def _page(results: serializers.BaseSerializer, name: str) -> serializers.Serializer:
    return inline_serializer(f"{name}Page", fields={
        "count": serializers.IntegerField(),
        "next": serializers.URLField(allow_null=True),
        "previous": serializers.URLField(allow_null=True),
        "results": results,
    })


def list_responses(item: type[serializers.Serializer], name: str, *others: serializers.Serializer) -> dict[int, Any]:
    """Responses of a `paginated_response` list: a plain array, or a page when `page`/`page_size` is given.

    `others`: further shapes of the same 200 (e.g. the lists grouped by scope when no scope is asked).
    An out-of-range or non-numeric `page` answers 404 (DRF's "Page non valide.").
    """
    body = PolymorphicProxySerializer(
        component_name=f"{name}List", serializers=[item(many=True), page_serializer(item, name), *others],
        resource_type_field_name=None, many=False,
    )
    return {200: body, 404: OpenApiResponse(PageNotFound, description="Page out of range.")}


def scoped_list_responses(
    items: Sequence[type[serializers.Serializer]], name: str, *others: serializers.Serializer
) -> dict[int, Any]:
    """Like `list_responses`, for a `scoped_lists_response` whose scopes hold different kinds of items.

    One array and one page whose items are one of `items`: three arrays side by side in a `oneOf` would
    make an empty list valid under all three, hence under none (found by `make verify`'s schema fuzzing).
    """
    def any_item() -> PolymorphicProxySerializer:
        return PolymorphicProxySerializer(component_name=f"{name}Item", serializers=list(items),
                                          resource_type_field_name=None, many=True)

    body = PolymorphicProxySerializer(
        component_name=f"{name}List", serializers=[any_item(), _page(any_item(), name), *others],
        resource_type_field_name=None, many=False,
    )
    return {200: body, 404: OpenApiResponse(PageNotFound, description="Page out of range.")}


Serialize = Callable[[Any], Any]


def scoped_lists_response(
    request: Request, *, lists: dict[str, Any], serialize: Serialize | Mapping[str, Serialize]
) -> Response:
    """`{scope: [...]}` for every scope, or with `?scope=<name>` that list alone (paginated on request).

    `serialize`: one function for every list, or one per scope name.
    """
    def serializer_of(name: str) -> Serialize:
        return serialize[name] if isinstance(serialize, Mapping) else serialize

    scope = request.query_params.get("scope")
    if not scope:
        return Response({name: serializer_of(name)(items) for name, items in lists.items()})
    if scope not in lists:
        raise InvalidInput(_("Unknown scope: %(scopes)s.") % {"scopes": " ou ".join(lists)}, code="invalid_scope")
    return paginated_response(request, lists[scope], serializer_of(scope))
