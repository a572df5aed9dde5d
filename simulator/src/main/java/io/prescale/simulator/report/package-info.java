/**
 * Simulation reports: report.json, a self-contained report.html with charts, and the console table.
 */
package io.prescale.simulator.report;
