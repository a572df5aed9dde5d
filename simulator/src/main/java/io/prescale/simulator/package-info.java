/** Trace replay on a virtual clock: trace readers, platform models, the event loop and reports. */
package io.prescale.simulator;
