/**
 * The {@code openwhisk} adapter: keeps N containers of an Apache OpenWhisk action warm with N
 * concurrent non-blocking warm-up invocations, repeated before the invoker's idle-container
 * timeout.
 */
package io.prescale.adapter.openwhisk;
