/**
 * Log output of every command: one line per event, as text (default) or JSON ({@code --log-format
 * json}).
 */
package io.prescale.app.logs;
