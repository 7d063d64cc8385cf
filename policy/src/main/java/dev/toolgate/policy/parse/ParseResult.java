package dev.toolgate.policy.parse;

import dev.toolgate.policy.PolicyError;
import dev.toolgate.policy.model.Policy;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link PolicyParser} made of a document.
 *
 * @param policy     the desugared model (best effort when there are errors: bad parts are left out)
 * @param errors     structural errors (unknown fields, wrong types, bad windows, missing fields...)
 * @param origins    for model objects (rules, conditions, counters, entries), the document path they came from,
 *                   so semantic errors point at what the author wrote (identity-keyed)
 * @param incomplete model objects that lost a part to an error (their structural checks are skipped)
 */
public record ParseResult(Policy policy, List<PolicyError> errors, Map<Object, String> origins, Set<Object> incomplete) {
}
