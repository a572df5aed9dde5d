/** The adapter SPI: apply a desired instance count to one target, read its actual state, close. */
package io.prescale.adapter.spi;
