/** The {@code openfaas} adapter: replicas through the OpenFaaS gateway's scale-function API. */
package io.prescale.adapter.openfaas;
