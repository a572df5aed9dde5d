/**
 * {@code prescale import}: policy files written from other tools' descriptions of the same
 * functions ({@code serverless}: a Serverless Framework {@code serverless.yml}).
 */
package io.prescale.app.imports;
