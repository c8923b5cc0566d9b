from rest_framework.pagination import CursorPagination, PageNumberPagination

from ..paginators import Paginator


class PageNumberWithCount(PageNumberPagination):
    django_paginator_class = Paginator  # a whole table counted with fixed SQL
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class TradeFlowCursor(CursorPagination):
    """Stable pages over millions of rows: no COUNT, no OFFSET."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
