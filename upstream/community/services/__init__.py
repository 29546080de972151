"""Community rules, one module per capability. The names other apps call are re-exported here."""

from upstream.community.services.resources import crisis_resources

__all__ = ["crisis_resources"]
