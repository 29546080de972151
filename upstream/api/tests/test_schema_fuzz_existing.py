"""Schema-driven fuzzing of the operations on existing objects: the path ids name live rows.

test_schema_fuzz.py generates path ids at random, so an operation on a concern, a wave, a campaign
or a token is answered 404 and its handler never reads a generated body. Here a fixture makes live
objects of every kind a path parameter names (fuzz_world.py), and Schemathesis's flatmap hooks put
one of their ids in place of the generated value most of the time (sometimes they keep it, so the
404s stay covered), in the path, the query and the body alike, by the parameter's name. Each request
is sent by the persona that owns the object it names. The same checks as the first test apply, and
the last test counts the operations reached (an answer other than 404) and acted on (2xx or 409).
"""

from __future__ import annotations

from collections import defaultdict

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from upstream.api.tests import fuzz_world
from upstream.api.tests.fuzzing import CHECKS, COVERAGE, EXAMPLES, connection_kept, fresh_token

schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())
schema.config.phases.coverage.enabled = COVERAGE

# Filled by the fixture for each operation, read while Hypothesis draws its requests.
LIVE: dict[str, list[tuple[object, str]]] = {}
# Operation label -> the status codes it answered, over the whole module.
ANSWERED: dict[str, set[int]] = defaultdict(set)
KEEP = object()  # leave the generated value
# A little under what the default settings reach (see the last test), so that it cannot rot unseen.
REACHED_FLOOR, ACTED_FLOOR = 108, 100


def _live(values: object) -> st.SearchStrategy:
    """The generated values, each named one replaced by a live object's (three times in four)."""
    if not isinstance(values, dict):  # none generated, or a whole body that is not an object
        return st.just(values)
    drawn = {}
    for name, generated in values.items():
        live = [value for value, _owner in LIVE.get(name, [])]
        if not live:
            drawn[name] = st.just(generated)
        elif isinstance(generated, list):
            some = st.lists(st.sampled_from(live), min_size=1, max_size=3)
            drawn[name] = st.one_of(some, st.just(generated))
        else:
            drawn[name] = st.sampled_from([*live, *live, *live, KEEP]).map(
                lambda chosen, generated=generated: generated if chosen is KEEP else chosen
            )
    return st.fixed_dictionaries(drawn)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    return _live(path_parameters)


@schema.hook
def flatmap_query(context, query):
    return _live(query)


@schema.hook
def flatmap_body(context, body):
    return _live(body)


@pytest.fixture
def world(org, monkeypatch):
    fuzz_world.reuse_signing_keys(monkeypatch)
    with connection_kept():
        made = fuzz_world.build(org)
        LIVE.clear()
        LIVE.update(made.live)
        yield made
        LIVE.clear()


def _owner(case, world) -> str:
    owners = {(name, value): owner for name, pairs in world.live.items() for value, owner in pairs}
    for name, value in (case.path_parameters or {}).items():
        if (name, value) in owners:
            return owners[(name, value)]
    return fuzz_world.OFFICE


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_it_answers_requests_about_live_objects_within_the_schema(case, world):
    token = fresh_token(world.personas[_owner(case, world)])
    headers = {"Authorization": f"Bearer {token}"}
    response = case.call(headers=headers)
    ANSWERED[case.operation.label].add(response.status_code)
    case.validate_response(response, checks=CHECKS, headers=headers)


def test_most_operations_reach_a_live_object():
    """Runs after the fuzzing above (pytest keeps the file's order); skipped when only part of it ran.

    Reached: some answer other than 404. Acted: a 2xx or a 409, so the handler found the object and
    either did the work or refused it for its state (a 400 may come from the body's shape alone)."""
    operations = {op.ok().label for op in schema.get_all_operations()}
    if set(ANSWERED) != operations:
        pytest.skip("the fuzzing above did not run for every operation")
    reached = {label for label, codes in ANSWERED.items() if codes != {404}}
    acted = {label for label, codes in ANSWERED.items() if any(c < 300 or c == 409 for c in codes)}
    print(f"\n{len(reached)} of {len(operations)} operations reached, {len(acted)} acted; the others:")
    for label in sorted(operations - acted):
        print(f"  {label}: {sorted(ANSWERED[label])}")
    assert len(reached) >= REACHED_FLOOR, sorted(operations - reached)
    assert len(acted) >= ACTED_FLOOR, sorted(operations - acted)
