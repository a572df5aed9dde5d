/** The {@code aws-lambda} adapter: provisioned concurrency on an alias or version. */
package io.prescale.adapter.aws.lambda;
