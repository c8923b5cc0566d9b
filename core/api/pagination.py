from rest_framework.pagination import CursorPagination, PageNumberPagination


class PageNumberWithCount(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class TradeFlowCursor(CursorPagination):
    """Stable pages over millions of rows: no COUNT, no OFFSET."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"
