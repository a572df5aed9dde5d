package io.prescale.policy;

import java.util.Set;

/**
 * The names a policy may use for {@code mode}, {@code adapter.name} and {@code forecast.models}, in
 * the order they are listed, and the check of each adapter's {@code target}.
 */
record Catalog(Set<String> modes, Set<String> adapters, Set<String> models, TargetCheck targets) {}
