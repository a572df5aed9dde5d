/** Shared plumbing of the AWS adapters: SDK v2 clients and error classification. */
package io.prescale.adapter.aws;
