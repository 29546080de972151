"""Community rules, one module per capability. The names other apps call are re-exported here:

- `crisis_resources(country=None) -> list[Resource]`: what to show wherever distress is expressed.
- `help_line(country=None) -> HelpLine`: the first crisis lines and the page with all of them, shown
  quietly under every message a writer sends (pages and API).
- `similar_shared(text, user=None) -> list[Similar]`: shared concerns to co-sign instead, and
  published actions already under way, for the speak-up form.
"""

from upstream.community.services.resources import HelpLine, crisis_resources, help_line
from upstream.community.services.similar import Similar, similar_shared

__all__ = ["HelpLine", "Similar", "crisis_resources", "help_line", "similar_shared"]
