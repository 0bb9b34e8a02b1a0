package org.jevse.ocpp.cp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;

/**
 * Builds the {@code meterValue} JSON of MeterValues.req and StopTransaction.req transactionData from a reading and
 * a measurand list (MeterValuesSampledData, MeterValuesAlignedData, StopTxn*Data). Measurands the meter does not
 * deliver are left out; per-phase quantities carry their phase (L1..L3), voltage as phase-to-neutral (L1-N...).
 */
public final class MeterValueFactory {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MeterValueFactory() {
    }

    /**
     * The energy register in whole Wh, as every message of a transaction reports it. StartTransaction's meterStart
     * and StopTransaction's meterStop are integers in Wh (the schemas), so MeterValues and transactionData use the
     * same resolution, floored like a register display that shows only completed Wh: a value reported is one the
     * meter has passed, and since the register only counts up, meterStop is never below a value reported before it
     * in the same transaction. The difference meterStop - meterStart a CSMS bills is then exact to the Wh, not
     * biased up. (1e-6 Wh absorbs binary floating-point noise: 12344.9999999 from a meter's 12.345 kWh is 12345.)
     */
    public static long registerWh(double wh) {
        return (long) Math.floor(wh + 1e-6);
    }

    /** RFC 3339 UTC with milliseconds, as every CSMS parses it. */
    public static String timestamp(long wallMs) {
        return Instant.ofEpochMilli(wallMs).truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** One meterValue element, or null if none of the measurands could be delivered. */
    public static ObjectNode meterValue(MeterReading r, long atWallMs, List<String> measurands, String context) {
        ArrayNode sampled = F.arrayNode();
        for (String m : measurands) {
            switch (m) {
                case "Energy.Active.Import.Register":
                    sampled.add(sample(Long.toString(registerWh(r.energyWh())), context, m, null, "Wh"));
                    break;
                case "Power.Active.Import":
                    if (r.powerW() != null) {
                        sampled.add(sample(format(r.powerW()), context, m, null, "W"));
                    }
                    break;
                case "Current.Import":
                    if (r.currentA() != null) {
                        for (int i = 0; i < r.currentA().length && i < 3; i++) {
                            sampled.add(sample(format(r.currentA()[i]), context, m, "L" + (i + 1), "A"));
                        }
                    }
                    break;
                case "Voltage":
                    if (r.voltageV() != null) {
                        for (int i = 0; i < r.voltageV().length && i < 3; i++) {
                            sampled.add(sample(format(r.voltageV()[i]), context, m, "L" + (i + 1) + "-N", "V"));
                        }
                    }
                    break;
                case "Current.Offered":
                    if (r.offeredA() != null) {
                        sampled.add(sample(format(r.offeredA()), context, m, null, "A"));
                    }
                    break;
                default:
                    break;
            }
        }
        if (sampled.isEmpty()) {
            return null;
        }
        ObjectNode mv = F.objectNode();
        mv.put("timestamp", timestamp(atWallMs));
        mv.set("sampledValue", sampled);
        return mv;
    }

    private static ObjectNode sample(String value, String context, String measurand, String phase, String unit) {
        ObjectNode s = F.objectNode();
        s.put("value", value);
        s.put("context", context);
        s.put("format", "Raw");
        s.put("measurand", measurand);
        if (phase != null) {
            s.put("phase", phase);
        }
        s.put("location", "Outlet");
        s.put("unit", unit);
        return s;
    }

    static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return "0";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
