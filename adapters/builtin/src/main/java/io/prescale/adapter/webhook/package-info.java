/** The {@code webhook} adapter: POSTs each decision as JSON signed with HMAC-SHA256. */
package io.prescale.adapter.webhook;
