/**
 * The discrete-event loop on a virtual clock: a merged arrival stream, per-function platform events
 * handled lazily in time order, and a decision tick that feeds the collector's own windows and the
 * registered deciders.
 */
package io.prescale.simulator.engine;
