"""Limit/offset paging with a total, the same for every list the API routers in this package serve."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Query, Schema
from pydantic import Field

from upstream.api.schemas import QueryInt

T = TypeVar("T")
MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


class PageParams(Schema):
    limit: QueryInt = Field(50, ge=1, le=MAX_LIMIT, description="Items per page, 1 to 200.")
    offset: QueryInt = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


PageQuery = Query[PageParams]


@dataclass
class Page(Generic[T]):
    items: list[T]
    total: int
    limit: int
    offset: int

    @property
    def next_offset(self) -> int | None:
        after = self.offset + len(self.items)
        return after if after < self.total else None

    def meta(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "next_offset": self.next_offset,
        }


def paginate(rows: QuerySet[Any] | Sequence[T], params: PageParams) -> Page[Any]:
    if isinstance(rows, QuerySet):
        total = rows.count()
    else:
        total = len(rows)
    items = list(rows[params.offset : params.offset + params.limit])
    return Page(items=items, total=total, limit=params.limit, offset=params.offset)
