package org.jevse.ocpp.smartcharging;

import java.util.EnumSet;
import java.util.Set;
import org.jevse.ocpp.v16.ChargingRateUnit;

/**
 * The charge point's smart-charging capabilities and electrical constants.
 *
 * @param numberOfConnectors connectors numbered 1..n (connector 0 is the charge point itself, OCPP 1.6 §3.8)
 * @param chargeProfileMaxStackLevel ChargeProfileMaxStackLevel (§9.4.1): the highest stackLevel accepted
 * @param chargingScheduleMaxPeriods ChargingScheduleMaxPeriods (§9.4.3): periods per schedule
 * @param maxChargingProfilesInstalled MaxChargingProfilesInstalled (§9.4.5)
 * @param allowedUnits ChargingScheduleAllowedChargingRateUnit (§9.4.2): 'Current' = A, 'Power' = W
 * @param nominalVoltage the set line-to-neutral voltage of the area (230 or 110 V) used for W to A (§7.12, errata
 *     3.68): not the measured voltage
 * @param connectorMaxAmps the connector's rated current per phase; the "local limit" reported in a composite
 *     schedule when no profile limits a period (§5.7: "Local Limits might be taken into account")
 */
public record SmartChargingConfig(
        int numberOfConnectors,
        int chargeProfileMaxStackLevel,
        int chargingScheduleMaxPeriods,
        int maxChargingProfilesInstalled,
        Set<ChargingRateUnit> allowedUnits,
        double nominalVoltage,
        double connectorMaxAmps) {

    public SmartChargingConfig {
        if (numberOfConnectors < 1 || chargeProfileMaxStackLevel < 0 || chargingScheduleMaxPeriods < 1
                || maxChargingProfilesInstalled < 1 || allowedUnits.isEmpty() || nominalVoltage <= 0
                || connectorMaxAmps <= 0) {
            throw new IllegalArgumentException("invalid smart charging configuration");
        }
        allowedUnits = Set.copyOf(allowedUnits);
    }

    /** Defaults for a single-connector AC charger: stack levels 0..8, 24 periods, 16 profiles, A and W, 230 V. */
    public static SmartChargingConfig singleConnector(double connectorMaxAmps) {
        return singleConnector(230.0, connectorMaxAmps);
    }

    /** ChargeProfileMaxStackLevel of jevse's single-connector charger. */
    public static final int MAX_STACK_LEVEL = 8;
    /** ChargingScheduleMaxPeriods. */
    public static final int MAX_PERIODS = 24;
    /** MaxChargingProfilesInstalled. */
    public static final int MAX_PROFILES = 16;

    /** One connector at {@code nominalVoltage} (W limits convert to A with it), both rate units allowed. */
    public static SmartChargingConfig singleConnector(double nominalVoltage, double connectorMaxAmps) {
        return new SmartChargingConfig(1, MAX_STACK_LEVEL, MAX_PERIODS, MAX_PROFILES,
                EnumSet.allOf(ChargingRateUnit.class), nominalVoltage, connectorMaxAmps);
    }

    /** The value of ChargingScheduleAllowedChargingRateUnit as a CSL, e.g. "Current,Power". */
    public String allowedUnitsCsl() {
        StringBuilder sb = new StringBuilder();
        if (allowedUnits.contains(ChargingRateUnit.A)) {
            sb.append("Current");
        }
        if (allowedUnits.contains(ChargingRateUnit.W)) {
            sb.append(sb.length() > 0 ? "," : "").append("Power");
        }
        return sb.toString();
    }
}
