/** The {@code dry-run} adapter: records what it would do, changes nothing. */
package io.prescale.adapter.dryrun;
