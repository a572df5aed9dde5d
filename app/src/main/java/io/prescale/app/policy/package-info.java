/** {@code prescale policy validate|explain} and the policy component of {@code prescale run}. */
package io.prescale.app.policy;
