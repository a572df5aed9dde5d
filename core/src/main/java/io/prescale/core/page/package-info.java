/**
 * Paging of the API's lists ({@code ?limit=} and a key cursor {@code ?after=}), without sorting or
 * copying the whole list.
 */
package io.prescale.core.page;
