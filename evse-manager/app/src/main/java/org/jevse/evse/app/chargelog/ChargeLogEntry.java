package org.jevse.evse.app.chargelog;

/**
 * One finished transaction in the charge log: what a bookkeeper needs.
 *
 * @param id           the session id
 * @param tag          the tag that authorized it
 * @param user         the user name the tag had when the transaction ended ("" when none)
 * @param startWallMs  when the transaction started (charger wall clock, ms since 1970)
 * @param stopWallMs   when it ended
 * @param meterStartWh the meter at the start
 * @param meterStopWh  the meter at the end
 * @param stopReason   why it ended (OCPP 1.6 Reason names)
 */
public record ChargeLogEntry(String id, String tag, String user, long startWallMs, long stopWallMs,
                             double meterStartWh, double meterStopWh, String stopReason) {

    /** The energy charged (Wh). */
    public double energyWh() {
        return Math.max(0, meterStopWh - meterStartWh);
    }
}
