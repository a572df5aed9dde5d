/** Streamed trace readers: Azure Functions 2019 and 2021, per-request timestamp files. */
package io.prescale.simulator.trace;
