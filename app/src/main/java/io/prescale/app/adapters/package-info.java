/**
 * The adapters part of {@code prescale run}: decisions to adapter applies, and {@code GET
 * /api/v1/actions}.
 */
package io.prescale.app.adapters;
