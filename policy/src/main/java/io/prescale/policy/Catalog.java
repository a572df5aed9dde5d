package io.prescale.policy;

import java.util.Set;

/**
 * The names a policy may use for {@code mode} and {@code adapter.name}, in the order they are
 * listed, and the check of each adapter's {@code target}.
 */
record Catalog(Set<String> modes, Set<String> adapters, TargetCheck targets) {}
