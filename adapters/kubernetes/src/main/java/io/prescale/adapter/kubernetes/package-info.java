/**
 * The {@code kubernetes} adapter: Deployment and StatefulSet replicas through the {@code scale}
 * subresource, with fabric8's kubernetes-client (credentials as kubectl finds them).
 */
package io.prescale.adapter.kubernetes;
