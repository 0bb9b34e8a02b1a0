package org.jevse.ocpp.smartcharging;

import java.util.List;
import org.jevse.ocpp.v16.ChargingRateUnit;

/**
 * The limit of one schedule period as given: its value, unit and numberPhases. How limits of mixed units and
 * phases combine is the rule of docs/ocpp.md "Smart charging", from OCPP 1.6 §7.12/§7.14 with errata 3.34 and 3.68.
 */
record Rate(double limit, ChargingRateUnit unit, int phases) {
    /** When numberPhases is absent, 3 SHALL be assumed (§7.14, errata 3.68). */
    static final int DEFAULT_PHASES = 3;

    /**
     * A per phase when {@code used} phases carry the current. Errata 3.34: an A limit is used as given on the
     * phases that are used; errata 3.68: a W limit is the TOTAL power, current per phase = P / (U_nominal x phases),
     * with the phases that are used (3.34: no new limit from a numberPhases that cannot be used).
     */
    double ampsOn(int used, double nominalVoltage) {
        return unit == ChargingRateUnit.A ? limit : limit / (nominalVoltage * used);
    }

    /**
     * The phases to use under {@code rates}: the fewest any of them allows (numberPhases; a 1-phase limit allows 1),
     * as the connector can do it ({@link ConnectorPhases#atMost}); with no limit, the most it can.
     */
    static int phases(List<Rate> rates, ConnectorPhases connector) {
        int n = DEFAULT_PHASES;
        for (Rate r : rates) {
            n = Math.min(n, r.phases);
        }
        return connector.atMost(n);
    }

    /** The lowest of {@code rates} as A per phase on {@code used} phases; infinite when there are none. */
    static double amps(List<Rate> rates, int used, double nominalVoltage) {
        double a = Double.POSITIVE_INFINITY;
        for (Rate r : rates) {
            a = Math.min(a, r.ampsOn(used, nominalVoltage));
        }
        return a;
    }
}
