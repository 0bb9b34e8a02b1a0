package org.jevse.energy.mqtt;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jevse.board.time.TimeSource;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.wire.BadPayload;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;
import org.jevse.energy.wire.Topics;
import org.jevse.energy.wire.Wire;

/**
 * The energy-tree leaf of one charger: reports the charger to the parent and hands every valid grant to the
 * charger as a lease. All its logic runs on one thread; MQTT callbacks only enqueue.
 *
 * <p>Safety does not depend on this class being right about time: the charger core expires the lease on its own
 * monotonic clock and falls back to the fail-safe current. This class only decides which grants to pass on (the
 * newest of the current parent instance, not yet expired) and acknowledges them.
 */
public final class EnergyLeaf implements AutoCloseable {

    /** What the charger reports, read on the leaf's thread (implementations must be thread-safe). */
    public record Report(LeafState state, int minMa, int maxMa, int phasesInUse, List<Integer> possiblePhases,
                         boolean canSwitchNow, int[] measuredMa, double powerW, double energyWh,
                         double sessionEnergyWh) {
    }

    /** The charger side. */
    public interface Port {
        Report report();

        /**
         * Applies a grant: {@code currentMa} per phase on {@code phases} for {@code validForMs}. Calls
         * {@code applied} once the charger has taken it (that is when the leaf acknowledges it).
         */
        void apply(int currentMa, int phases, long validForMs, Runnable applied);
    }

    private static final System.Logger LOG = System.getLogger(EnergyLeaf.class.getName());

    private final String leafId;
    private final Topics topics;
    private final int failsafeMa;
    private final TimeSource time;
    private final MqttLink link;
    private final Port port;
    private final long statusIntervalMs;
    private final ScheduledExecutorService exec;
    private long statusSeq;
    private String epoch;
    private long lastSeq;
    private int appliedMa;
    private int appliedPhases;
    private long appliedSeq;
    private String appliedEpoch;
    private long leaseUntilMs = Long.MIN_VALUE;
    private volatile int ignored;

    public EnergyLeaf(String leafId, Topics topics, int failsafeMa, TimeSource time, MqttLink link, Port port,
                      long statusIntervalMs) {
        this.leafId = leafId;
        this.topics = topics;
        this.failsafeMa = failsafeMa;
        this.time = time;
        this.link = link;
        this.port = port;
        this.statusIntervalMs = statusIntervalMs;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "energy-leaf-" + leafId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Subscribes, starts the 1 s status and connects (retrying until the broker is there). */
    public void start() {
        link.subscribe(topics.allocation(leafId), (topic, payload, expiry) ->
                submit(() -> onAllocation(topic, payload, expiry)));
        link.onConnect(this::publishNow);
        exec.scheduleAtFixedRate(() -> publish(false), statusIntervalMs, statusIntervalMs, TimeUnit.MILLISECONDS);
        link.start();
    }

    /** Sends a status now (plug-in, finish, phase change, fault). Safe from any thread. */
    public void publishNow() {
        submit(() -> publish(true));
    }

    /** How many payloads were rejected (for tests). */
    public int ignoredPayloads() {
        return ignored;
    }

    @Override
    public void close() {
        exec.shutdownNow();
        link.close();
    }

    private void onAllocation(String topic, byte[] payload, long expirySeconds) {
        LeafAllocation a;
        try {
            a = Wire.decodeAllocation(payload);
        } catch (BadPayload e) {
            reject(topic, e.getMessage());
            return;
        }
        if (!a.leafId().equals(leafId)) {
            reject(topic, "leaf_id " + a.leafId() + " is not this leaf");
            return;
        }
        if (a.epoch().equals(epoch) && a.seq() <= lastSeq) {
            return; // a duplicate or an older grant (e.g. the retained copy after a reconnect)
        }
        long validForMs = a.validFor() * 1000L;
        if (expirySeconds >= 0) {
            // The broker counts the expiry down while it holds the message: a stale retained grant gets less.
            validForMs = Math.min(validForMs, expirySeconds * 1000L);
        }
        if (validForMs <= 0) {
            return;
        }
        long receivedAt = time.monotonicMs();
        epoch = a.epoch();
        lastSeq = a.seq();
        boolean changed = a.currentMa() != appliedMa || a.phases() != appliedPhases || !a.epoch().equals(appliedEpoch)
                || receivedAt >= leaseUntilMs;
        long validFor = validForMs;
        port.apply(a.currentMa(), a.phases(), validFor, () -> submit(() -> {
            appliedMa = a.currentMa();
            appliedPhases = a.phases();
            appliedSeq = a.seq();
            appliedEpoch = a.epoch();
            // Counted from receipt, not from when the charger took it: never later than the charger's own expiry.
            leaseUntilMs = receivedAt + validFor;
            if (changed) {
                publish(true); // the acknowledgement the parent waits for before raising others
            }
        }));
    }

    private void reject(String topic, String why) {
        ignored++;
        LOG.log(Level.WARNING, "energy leaf " + leafId + ": ignored payload on " + topic + ": " + why);
    }

    private void publish(boolean urgent) {
        Report r;
        try {
            r = port.report();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "energy leaf " + leafId + ": no report from the charger: " + e);
            return;
        }
        long now = time.monotonicMs();
        LeafStatus.Applied applied = appliedEpoch != null && now < leaseUntilMs
                ? new LeafStatus.Applied(appliedEpoch, appliedSeq, appliedMa, appliedPhases, leaseUntilMs - now)
                : null;
        int[] mins = {r.minMa(), r.minMa(), r.minMa()};
        int[] maxs = {r.maxMa(), r.maxMa(), r.maxMa()};
        LeafStatus s = new LeafStatus(1, leafId, ++statusSeq, LeafStatus.wireName(r.state()), mins, maxs,
                new LeafStatus.Phases(r.phasesInUse(), r.possiblePhases(), r.canSwitchNow()), r.measuredMa(),
                r.powerW(), r.energyWh(), r.sessionEnergyWh(), failsafeMa, applied, urgent);
        link.publish(topics.status(leafId), Wire.encode(s), 0, false, 0);
    }
    /** Runs on this component's thread; after close() (or a kill) late MQTT callbacks are dropped. */
    private void submit(Runnable task) {
        try {
            exec.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }
}
