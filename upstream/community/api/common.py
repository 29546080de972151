from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any

from django.utils.translation import gettext
from ninja.errors import HttpError
from pydantic import Field

from upstream.api.schemas import Day, Error, Moment, RowId, StrictIn
from upstream.community.access import NotFound
from upstream.community.services.common import CommunityError, status_of

# Error is re-exported: the community routers answer errors in the API's one shape; Day and Moment
# too, the only date and date-time types a community request takes (never a number); and RowId, the
# range of every id of a database row a community request takes.
__all__ = ["Day", "Days", "Error", "Moment", "RowId", "Strict", "rules"]


# The span a count or figure covers, in days: up to two years back.
Days = Annotated[int, Field(ge=1, le=730, description="How many days back, 1 to 730.")]


# Input schemas refuse unknown fields (a typo is a 400), as every API body does.
Strict = StrictIn


def rules(view: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a broken rule into 400, a missing or hidden thing into 404, what the account or code may
    not do into 403 and a state that does not allow the request into 409, each with a readable detail."""

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except CommunityError as error:
            raise HttpError(status_of(error), str(error)) from None
        except NotFound as missing:
            raise HttpError(404, str(missing) or gettext("Not found, or not visible to you.")) from None

    return wrapper
