package org.jevse.ocpp.cp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jevse.board.time.Scheduler;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.session.Call;
import org.jevse.ocpp.session.Outbox;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.v16.Context;
import org.jevse.ocpp.v16.MeterValue;
import org.jevse.ocpp.v16.MeterValuesRequest;
import org.jevse.ocpp.v16.TransactionData;

/**
 * MeterValues (OCPP 1.6 §4.7, §9.1.15-16): sampled values every MeterValueSampleInterval during a transaction,
 * clock-aligned values at each ClockAlignedDataInterval boundary, triggered values, and the transactionData of
 * StopTransaction (StopTxnSampledData, StopTxnAlignedData). Readings come on the charger's thread with the
 * charger's times, so this works on virtual time too. Transaction meter values are queued persistently; the
 * others in memory.
 */
public final class MeteringService {
    public static final String CLOCK_ALIGNED_DATA_INTERVAL = "ClockAlignedDataInterval";
    public static final String METER_VALUES_ALIGNED_DATA = "MeterValuesAlignedData";
    public static final String METER_VALUES_ALIGNED_DATA_MAX_LENGTH = "MeterValuesAlignedDataMaxLength";
    public static final String METER_VALUES_SAMPLED_DATA = "MeterValuesSampledData";
    public static final String METER_VALUES_SAMPLED_DATA_MAX_LENGTH = "MeterValuesSampledDataMaxLength";
    public static final String METER_VALUE_SAMPLE_INTERVAL = "MeterValueSampleInterval";
    public static final String STOP_TXN_ALIGNED_DATA = "StopTxnAlignedData";
    public static final String STOP_TXN_ALIGNED_DATA_MAX_LENGTH = "StopTxnAlignedDataMaxLength";
    public static final String STOP_TXN_SAMPLED_DATA = "StopTxnSampledData";
    public static final String STOP_TXN_SAMPLED_DATA_MAX_LENGTH = "StopTxnSampledDataMaxLength";
    /** The measurands a powermeter of this charger delivers (energy, power, current and voltage per phase). */
    public static final Set<String> MEASURANDS = Set.of("Energy.Active.Import.Register", "Power.Active.Import",
            "Current.Import", "Voltage", "Current.Offered");

    /** The keys this service owns (OCPP 1.6 §9.1.5, §9.1.15-19, §9.1.25-28). */
    public static List<ConfigKey> keys() {
        return List.of(ConfigKey.integer(CLOCK_ALIGNED_DATA_INTERVAL, false, 0, 0, 86_400),
                ConfigKey.csl(METER_VALUES_ALIGNED_DATA, false, "Energy.Active.Import.Register", MEASURANDS, 5),
                ConfigKey.integer(METER_VALUES_ALIGNED_DATA_MAX_LENGTH, true, 5, 0, 100),
                ConfigKey.csl(METER_VALUES_SAMPLED_DATA, false, "Energy.Active.Import.Register,Power.Active.Import",
                        MEASURANDS, 5),
                ConfigKey.integer(METER_VALUES_SAMPLED_DATA_MAX_LENGTH, true, 5, 0, 100),
                ConfigKey.integer(METER_VALUE_SAMPLE_INTERVAL, false, 60, 0, 86_400),
                ConfigKey.csl(STOP_TXN_ALIGNED_DATA, false, "", MEASURANDS, 5),
                ConfigKey.integer(STOP_TXN_ALIGNED_DATA_MAX_LENGTH, true, 5, 0, 100),
                ConfigKey.csl(STOP_TXN_SAMPLED_DATA, false, "", MEASURANDS, 5),
                ConfigKey.integer(STOP_TXN_SAMPLED_DATA_MAX_LENGTH, true, 5, 0, 100));
    }

    /** transactionData kept per transaction: the begin and the most recent values (bounded memory). */
    static final int MAX_STOP_DATA = 200;

    private final Configuration config;
    private final TransactionStore store;
    private final Scheduler sched;
    private final Outbox outbox;
    private final BootService boot;
    private final ChargePointHost host;
    private final Map<Integer, MeterState> meters = new HashMap<>();

    private static final class MeterState {
        long lastSampleWallMs = Long.MIN_VALUE;
        long lastAlignedSlot = Long.MIN_VALUE;
        MeterReading last;
        final List<TransactionData> stopData = new ArrayList<>();
    }

    MeteringService(Configuration config, TransactionStore store, Scheduler sched, Outbox outbox,
                    BootService boot, ChargePointHost host) {
        this.config = config;
        this.store = store;
        this.sched = sched;
        this.outbox = outbox;
        this.boot = boot;
        this.host = host;
    }

    /** A transaction began on {@code connectorId}: its transactionData starts afresh (charger thread). */
    synchronized void transactionBegan(int connectorId, long wallMs) {
        MeterState m = state(connectorId);
        m.stopData.clear();
        m.lastSampleWallMs = wallMs;
        if (m.last != null) {
            addStopData(m, m.last, wallMs, Context.Transaction_Begin);
        }
    }

    /** The transaction on {@code connectorId} ended: its transactionData (null when empty), then forgotten. */
    synchronized List<TransactionData> transactionEnded(int connectorId, long wallMs) {
        MeterState m = state(connectorId);
        if (m.last != null) {
            addStopData(m, m.last, wallMs, Context.Transaction_End);
        }
        List<TransactionData> data = m.stopData.isEmpty() ? null : List.copyOf(m.stopData);
        m.stopData.clear();
        return data;
    }

    /**
     * A powermeter reading of a connector (charger thread). Sends MeterValues when MeterValueSampleInterval has
     * passed since the last sample (sampled data, only during a transaction) and when a ClockAlignedDataInterval
     * boundary was crossed (aligned data).
     */
    void reading(int connectorId, MeterReading r) {
        boolean queued;
        synchronized (this) {
            MeterState m = state(connectorId);
            m.last = r;
            TransactionStore.Active tx = store.active(connectorId);
            queued = sampled(connectorId, m, r, tx) | aligned(connectorId, m, r, tx);
        }
        if (queued) {
            sched.submit(outbox::pump);
        }
    }

    private boolean sampled(int connectorId, MeterState m, MeterReading r, TransactionStore.Active tx) {
        int interval = config.getInt(METER_VALUE_SAMPLE_INTERVAL);
        if (tx == null || interval <= 0 || r.wallMs() - m.lastSampleWallMs < interval * 1000L) {
            return false;
        }
        m.lastSampleWallMs = r.wallMs();
        MeterValue mv = MeterValueFactory.meterValue(r, r.wallMs(), measurands(METER_VALUES_SAMPLED_DATA),
                Context.Sample_Periodic);
        addStopData(m, r, r.wallMs(), Context.Sample_Periodic);
        if (mv == null) {
            return false;
        }
        store.meterValues(tx.localTx(), request(connectorId, null, mv), true);
        return true;
    }

    private boolean aligned(int connectorId, MeterState m, MeterReading r, TransactionStore.Active tx) {
        int aligned = config.getInt(CLOCK_ALIGNED_DATA_INTERVAL);
        if (aligned <= 0) {
            return false;
        }
        boolean queued = false;
        long slot = Math.floorDiv(r.wallMs(), aligned * 1000L);
        if (m.lastAlignedSlot != Long.MIN_VALUE && slot != m.lastAlignedSlot) {
            long at = slot * aligned * 1000L;
            MeterValue mv = MeterValueFactory.meterValue(r, at, measurands(METER_VALUES_ALIGNED_DATA),
                    Context.Sample_Clock);
            if (mv != null && tx != null) {
                store.meterValues(tx.localTx(), request(connectorId, null, mv), false);
                queued = true;
            } else if (mv != null) {
                ObjectNode p = request(connectorId, null, mv);
                sched.submit(() -> {
                    if (boot.online()) {
                        outbox.enqueue(new Call("MeterValues", Call.Kind.NORMAL, p, x -> { }, e -> { }));
                    }
                });
            }
            if (tx != null) {
                TransactionData sv = MeterValueFactory.transactionData(r, at,
                        measurands(STOP_TXN_ALIGNED_DATA), Context.Sample_Clock);
                if (sv != null) {
                    m.stopData.add(sv);
                }
            }
        }
        m.lastAlignedSlot = slot;
        return queued;
    }

    /** TriggerMessage MeterValues: the latest reading of a connector, sent now (not queued persistently). */
    void trigger(int connectorId) {
        MeterReading r = host.meterNow(connectorId);
        if (r == null) {
            synchronized (this) {
                MeterState m = meters.get(connectorId);
                r = m == null ? null : m.last;
            }
        }
        if (r == null) {
            return;
        }
        MeterValue mv = MeterValueFactory.meterValue(r, sched.time().wallMs(),
                measurands(METER_VALUES_SAMPLED_DATA), Context.Trigger);
        if (mv == null) {
            return;
        }
        TransactionStore.Active tx = store.active(connectorId);
        sched.submit(() -> {
            Integer id = tx == null ? null : store.csmsTransactionId(tx.localTx());
            outbox.enqueue(new Call("MeterValues", Call.Kind.NORMAL, request(connectorId, id, mv), x -> { },
                    e -> { }));
        });
    }

    private void addStopData(MeterState m, MeterReading r, long atWallMs, Context context) {
        TransactionData d = MeterValueFactory.transactionData(r, atWallMs,
                measurands(STOP_TXN_SAMPLED_DATA), context);
        if (d != null) {
            if (m.stopData.size() >= MAX_STOP_DATA) {
                m.stopData.remove(1); // keep the begin and the most recent values
            }
            m.stopData.add(d);
        }
    }

    private List<org.jevse.ocpp.v16.Measurand> measurands(String key) {
        return MeterValueFactory.measurands(config.getList(key));
    }

    private MeterState state(int connectorId) {
        return meters.computeIfAbsent(connectorId, k -> new MeterState());
    }

    /** MeterValues.req, checked by its record; the store patches in the transactionId when it is known. */
    private static ObjectNode request(int connectorId, Integer transactionId, MeterValue mv) {
        return (ObjectNode) OcppJson.toTree(new MeterValuesRequest(connectorId, transactionId, List.of(mv)));
    }
}
