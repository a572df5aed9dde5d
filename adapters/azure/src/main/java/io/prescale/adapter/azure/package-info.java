/**
 * The {@code azure-functions} adapter: always-ready instances of Flex Consumption function apps and
 * minimum elastic / pre-warmed instances of Elastic Premium ones, through Azure Resource Manager.
 */
package io.prescale.adapter.azure;
