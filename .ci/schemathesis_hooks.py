"""Schemathesis hooks for `.ci/contract`: the one check the built-in ones cannot make.

The OpenAPI document states every rule about a request that JSON Schema can state; a few
rules compare fields with each other or with stored data, and a request the schema admits
may break them. `.ci/schemathesis.toml` therefore lets those operations answer schema-valid
data with 422, and this check keeps that allowance to exactly those rules: a 422 to
schema-valid data must name only the fields below. A 422 on any other field means the
schema admits a value the server refuses, which is a contract bug to fix in the schema or
the server (docs/api.md, "The contract in CI").
"""

import schemathesis

_SCHOOL = {
    # "9-5": the pattern states the span's form, not that its first grade is the lower.
    "grade_span",
    # A headcount above 0 for a student band the school's grade span does not reach.
    "expected_young_students",
    "expected_students",
}
_PRODUCT = {
    # An id that is not one of the district's schools (stored data).
    "schools",
    # An end before the start.
    "contract_end",
}

#: Fields whose rules the schema cannot state, by operation.
RULES_THE_SCHEMA_CANNOT_STATE = {
    "POST /api/v1/schools": _SCHOOL,
    "PUT /api/v1/schools/{id}": _SCHOOL,
    "POST /api/v1/products": _PRODUCT,
    "PUT /api/v1/products/{id}": _PRODUCT,
    # A school id that is not one of the survey's schools (stored data).
    "GET /api/v1/surveys/{survey}/products/{product}/report": {"school"},
}


@schemathesis.check
def refused_only_by_rules_the_schema_cannot_state(ctx, response, case):
    """Schema-valid data answered 422 names only fields with cross-field or stored-data rules."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code != 422:
        return None
    allowed = RULES_THE_SCHEMA_CANNOT_STATE.get(case.operation.label, set())
    try:
        fields = {error.get("field") for error in response.json().get("errors", [])}
    except (ValueError, AttributeError):
        fields = {"(not a problem document)"}
    unexplained = sorted(str(field) for field in fields - allowed)
    if unexplained or not fields:
        raise AssertionError(
            "Schema-valid data was refused on "
            + (", ".join(unexplained) or "no field")
            + ": the schema admits a value the server refuses. State the rule in the schema "
            "(or accept the value). "
            + (
                "Only " + ", ".join(sorted(allowed)) + " may refuse schema-valid data here."
                if allowed
                else "No field may refuse schema-valid data here."
            )
        )
    return None
