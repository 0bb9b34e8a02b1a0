package org.jevse.ocpp.cp;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jevse.ocpp.v16.Context;
import org.jevse.ocpp.v16.Location;
import org.jevse.ocpp.v16.Measurand;
import org.jevse.ocpp.v16.MeterValue;
import org.jevse.ocpp.v16.MeterValuesFormat;
import org.jevse.ocpp.v16.MeterValuesSampledValue;
import org.jevse.ocpp.v16.MeterValuesUnit;
import org.jevse.ocpp.v16.Phase;
import org.jevse.ocpp.v16.StopTransactionFormat;
import org.jevse.ocpp.v16.StopTransactionSampledValue;
import org.jevse.ocpp.v16.StopTransactionUnit;
import org.jevse.ocpp.v16.TransactionData;

/**
 * Builds the typed {@code meterValue} of MeterValues.req and the {@code transactionData} of StopTransaction.req
 * from a reading and a measurand list (MeterValuesSampledData, MeterValuesAlignedData, StopTxn*Data). Measurands
 * the meter does not deliver are left out; per-phase quantities carry their phase (L1..L3), voltage as
 * phase-to-neutral (L1-N...). Every value is measured at the outlet, in Raw format.
 */
public final class MeterValueFactory {
    private static final Map<String, Measurand> BY_WIRE_NAME = new HashMap<>();
    private static final Phase[] CURRENT_PHASES = {Phase.L1, Phase.L2, Phase.L3};
    private static final Phase[] VOLTAGE_PHASES = {Phase.L1_N, Phase.L2_N, Phase.L3_N};

    static {
        for (Measurand m : Measurand.values()) {
            BY_WIRE_NAME.put(m.value(), m);
        }
    }

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

    /** The measurands of a configuration list (wire names, e.g. "Energy.Active.Import.Register"); unknown ones skipped. */
    public static List<Measurand> measurands(List<String> wireNames) {
        List<Measurand> out = new ArrayList<>(wireNames.size());
        for (String n : wireNames) {
            Measurand m = BY_WIRE_NAME.get(n);
            if (m != null) {
                out.add(m);
            }
        }
        return out;
    }

    /** One meterValue element of MeterValues.req, or null if none of the measurands could be delivered. */
    public static MeterValue meterValue(MeterReading r, long atWallMs, List<Measurand> measurands, Context context) {
        List<MeterValuesSampledValue> sampled = samples(r, measurands, context);
        return sampled.isEmpty() ? null : new MeterValue(timestamp(atWallMs), sampled);
    }

    /** The same as a transactionData element of StopTransaction.req, or null. */
    public static TransactionData transactionData(MeterReading r, long atWallMs, List<Measurand> measurands,
                                                  Context context) {
        List<MeterValuesSampledValue> sampled = samples(r, measurands, context);
        if (sampled.isEmpty()) {
            return null;
        }
        List<StopTransactionSampledValue> stop = new ArrayList<>(sampled.size());
        for (MeterValuesSampledValue s : sampled) {
            // The two schemas define the same unit and format enumerations under different names.
            stop.add(new StopTransactionSampledValue(s.value(), s.context(), StopTransactionFormat.Raw,
                    s.measurand(), s.phase(), s.location(), StopTransactionUnit.valueOf(s.unit().name())));
        }
        return new TransactionData(timestamp(atWallMs), stop);
    }

    private static List<MeterValuesSampledValue> samples(MeterReading r, List<Measurand> measurands,
                                                         Context context) {
        List<MeterValuesSampledValue> sampled = new ArrayList<>();
        for (Measurand m : measurands) {
            switch (m) {
                case Energy_Active_Import_Register:
                    sampled.add(sample(Long.toString(registerWh(r.energyWh())), context, m, null,
                            MeterValuesUnit.Wh));
                    break;
                case Power_Active_Import:
                    if (r.powerW() != null) {
                        sampled.add(sample(format(r.powerW()), context, m, null, MeterValuesUnit.W));
                    }
                    break;
                case Current_Import:
                    perPhase(sampled, r.currentA(), CURRENT_PHASES, context, m, MeterValuesUnit.A);
                    break;
                case Voltage:
                    perPhase(sampled, r.voltageV(), VOLTAGE_PHASES, context, m, MeterValuesUnit.V);
                    break;
                case Current_Offered:
                    if (r.offeredA() != null) {
                        sampled.add(sample(format(r.offeredA()), context, m, null, MeterValuesUnit.A));
                    }
                    break;
                default:
                    break;
            }
        }
        return sampled;
    }

    private static void perPhase(List<MeterValuesSampledValue> out, double[] values, Phase[] phases,
                                 Context context, Measurand m, MeterValuesUnit unit) {
        if (values != null) {
            for (int i = 0; i < values.length && i < phases.length; i++) {
                out.add(sample(format(values[i]), context, m, phases[i], unit));
            }
        }
    }

    private static MeterValuesSampledValue sample(String value, Context context, Measurand measurand, Phase phase,
                                                  MeterValuesUnit unit) {
        return new MeterValuesSampledValue(value, context, MeterValuesFormat.Raw, measurand, phase,
                Location.Outlet, unit);
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
