package org.jevse.ocpp.smartcharging;

/**
 * A composite limit: {@code amps} per phase ({@link Double#POSITIVE_INFINITY} when no profile limits), and the
 * number of phases the limits in force allow the connector to use.
 */
public record PhaseLimit(double amps, int phases) {
}
