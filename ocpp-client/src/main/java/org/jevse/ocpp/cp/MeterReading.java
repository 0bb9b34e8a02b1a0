package org.jevse.ocpp.cp;

/**
 * One powermeter reading, as the charger has it. Phase arrays hold L1..L3 (length = phases wired); null means
 * the meter does not deliver that quantity.
 *
 * @param wallMs    when it was read, on the charger's wall clock
 * @param offeredA  the current offered to the EV (Current.Offered), or null
 */
public record MeterReading(long wallMs, double energyWh, Double powerW, double[] currentA, double[] voltageV,
                           Double offeredA) {
}
