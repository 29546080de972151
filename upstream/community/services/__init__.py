"""Community rules, one module per capability. The names other apps call are re-exported here:

- `crisis_resources(country=None) -> list[Resource]`: what to show wherever distress is expressed.
- `similar_shared(text, user=None) -> list[Similar]`: shared concerns to co-sign instead, and
  published actions already under way, for the speak-up form.
"""

from upstream.community.services.resources import crisis_resources
from upstream.community.services.similar import Similar, similar_shared

__all__ = ["Similar", "crisis_resources", "similar_shared"]
