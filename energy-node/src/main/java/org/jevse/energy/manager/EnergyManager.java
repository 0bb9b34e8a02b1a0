package org.jevse.energy.manager;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jevse.board.time.TimeSource;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.energy.wire.BadPayload;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.LeafStatus;
import org.jevse.energy.wire.ManagerState;
import org.jevse.energy.wire.Topics;
import org.jevse.energy.wire.Wire;

/**
 * The site energy manager ({@code jevse energy-manager}): {@link ManagerCore} over MQTT on real time.
 *
 * <p>Timing: raises and rebalancing run on the cycle (1 s by default); a drop of the available current,
 * a leaf's change (plug-in, finish, fault) and the acknowledgement of a reduction run a cycle at once (at most
 * one per {@link #EVENT_SPACING_MS}), so a cut reaches the leaves within one MQTT round trip.
 */
public final class EnergyManager implements AutoCloseable {

    /** Event-driven cycles are coalesced to at most one per this many ms. */
    static final long EVENT_SPACING_MS = 10;

    private static final System.Logger LOG = System.getLogger(EnergyManager.class.getName());

    private final EnergyManagerFile cfg;
    private final TimeSource time;
    private final Topics topics;
    private final MqttLink link;
    private final ManagerCore core;
    private final ScheduledExecutorService exec;
    private final AtomicBoolean eventCyclePending = new AtomicBoolean();
    /** Leaves that are not on MQTT (the Local Controller's OCPP chargers): their grants go to these sinks. */
    private final Map<String, Consumer<LeafAllocation>> localLeaves = new ConcurrentHashMap<>();
    private volatile int ignored;
    private volatile long lastCycleNanos;

    public EnergyManager(EnergyManagerFile cfg, TimeSource time) {
        this.cfg = cfg;
        this.time = time;
        this.topics = new Topics(cfg.topicPrefix());
        String epoch = UUID.randomUUID().toString().substring(0, 8);
        this.core = ManagerCore.of(cfg, epoch, time);
        this.link = new MqttLink(cfg.brokerUrl(), cfg.clientId() + "-" + epoch, cfg.username(), cfg.password(), null,
                ManagerSettings.tls(cfg), cfg.maximumPacketSize());
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "energy-manager");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        link.subscribe(topics.anyStatus(), (topic, payload, expiry) -> submit(() -> onStatus(topic, payload)));
        link.subscribe(topics.availableCurrentUpdate(), (topic, payload, expiry) ->
                submit(() -> onAvailableCurrentUpdate(topic, payload)));
        link.onConnect(() -> submit(this::publishAvailableCurrent));
        exec.scheduleAtFixedRate(this::periodic, cfg.cycleMs(), cfg.cycleMs(), TimeUnit.MILLISECONDS);
        link.start();
        LOG.log(Level.INFO, "energy manager " + core.epoch() + ": " + core.tree().size() + " nodes, "
                + cfg.chargers().size() + " chargers, broker " + cfg.brokerUrl() + ", prefix " + cfg.topicPrefix());
    }

    /**
     * A leaf of the tree that is not on MQTT (an OCPP charger behind the Local Controller): its grants go to
     * {@code sink} on the manager's thread instead of to the broker, and its statuses come in through
     * {@link #onLocalStatus}. Same allocator, same dispatcher, same hard rule as the MQTT leaves.
     */
    public void attachLocalLeaf(String leafId, Consumer<LeafAllocation> sink) {
        localLeaves.put(leafId, sink);
    }

    /** A local leaf's status; call on the manager's thread ({@link #execute}). */
    public void onLocalStatus(LeafStatus s) {
        if (core.onStatus(s, time.monotonicMs())) {
            eventCycle();
        }
    }

    /** Runs {@code task} on the manager's thread, after what is queued (the Local Controller's one thread). */
    public void execute(Runnable task) {
        submit(task);
    }

    /** Runs {@code task} on the manager's thread every {@code periodMs}. */
    public void every(long periodMs, Runnable task) {
        exec.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "energy manager: periodic task failed", e);
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the manager's thread once after {@code delayMs}. */
    public void later(long delayMs, Runnable task) {
        try {
            exec.schedule(task, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closed
        }
    }

    public int cycleMs() {
        return cfg.cycleMs();
    }

    public TimeSource time() {
        return time;
    }

    public ManagerCore core() {
        return core;
    }

    public Topics topics() {
        return topics;
    }

    public boolean connected() {
        return link.isConnected();
    }

    public int ignoredPayloads() {
        return ignored;
    }

    /** Runs {@code task} on the manager's thread and waits (tests read the core's state this way). */
    public <T> T call(java.util.concurrent.Callable<T> task) throws Exception {
        return exec.submit(task).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        exec.shutdownNow();
        link.close();
    }

    /** A crash: no DISCONNECT, no further messages. */
    public void kill() {
        exec.shutdownNow();
        link.kill();
    }

    private void periodic() {
        try {
            long now = time.monotonicMs();
            long before = core.availableCurrent();
            core.checkWatchdog(now);
            if (core.availableCurrent() != before) {
                publishAvailableCurrent();
            }
            runCycle(true);
            link.publish(topics.state(), Wire.encode(core.state(now)), 0, true, Math.max(1, cfg.validForS()));
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "energy manager: cycle failed", e);
        }
    }

    private void runCycle(boolean renewAll) {
        long t0 = System.nanoTime();
        List<LeafAllocation> grants = core.cycle(time.monotonicMs(), renewAll);
        for (LeafAllocation g : grants) {
            Consumer<LeafAllocation> local = localLeaves.get(g.leafId());
            if (local != null) {
                local.accept(g);
                continue;
            }
            // QoS 0: a grant is superseded within a cycle and leases make a lost one safe. Retained with expiry
            // = valid_for, so a leaf that (re)subscribes gets the current grant at once and a stale one never.
            link.publish(topics.allocation(g.leafId()), Wire.encode(g), 0, true, g.validFor());
        }
        lastCycleNanos = System.nanoTime() - t0;
    }

    private void eventCycle() {
        if (eventCyclePending.compareAndSet(false, true)) {
            try {
                exec.schedule(() -> {
                    eventCyclePending.set(false);
                    try {
                        runCycle(false);
                    } catch (RuntimeException e) {
                        LOG.log(Level.ERROR, "energy manager: cycle failed", e);
                    }
                }, EVENT_SPACING_MS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closed
            }
        }
    }

    private void onStatus(String topic, byte[] payload) {
        LeafStatus s;
        try {
            s = Wire.decodeStatus(payload);
        } catch (BadPayload e) {
            reject(topic, e.getMessage());
            return;
        }
        String leaf = topics.leafOf(topic);
        if (!s.leafId().equals(leaf)) {
            reject(topic, "leaf_id " + s.leafId() + " does not match the topic");
            return;
        }
        if (!core.knows(leaf)) {
            reject(topic, "unknown charger " + leaf + " (not in chargers:)");
            return;
        }
        if (core.onStatus(s, time.monotonicMs())) {
            eventCycle();
        }
    }

    private void onAvailableCurrentUpdate(String topic, byte[] payload) {
        long ma;
        try {
            ma = Wire.decodeAvailableCurrent(payload);
        } catch (BadPayload e) {
            reject(topic, e.getMessage());
            return;
        }
        applyAvailableCurrent(ma);
    }

    /**
     * An available_current update from outside MQTT (the charge_manager HTTP API): the same body as the MQTT topic,
     * applied on the manager's thread in order with the MQTT ones.
     *
     * @return the available current in force afterwards, mA (clamped to maximum_available_current)
     * @throws BadPayload naming what is allowed
     */
    public long updateAvailableCurrent(byte[] payload) throws BadPayload, Exception {
        long ma = Wire.decodeAvailableCurrent(payload);
        return call(() -> {
            applyAvailableCurrent(ma);
            return core.availableCurrent();
        });
    }

    /** The charge_manager/state document now (read on the manager's thread). */
    public ManagerState state() throws Exception {
        return call(() -> core.state(time.monotonicMs()));
    }

    /** The file the manager runs with. */
    public EnergyManagerFile file() {
        return cfg;
    }

    private void applyAvailableCurrent(long ma) {
        boolean dropped = core.onAvailableCurrent(ma, time.monotonicMs());
        publishAvailableCurrent();
        if (dropped) {
            runCycle(false); // a cut goes out at once, not at the next cycle
        }
    }

    private void publishAvailableCurrent() {
        byte[] body = ("{\"current\":" + core.availableCurrent() + "}").getBytes(StandardCharsets.UTF_8);
        link.publish(topics.availableCurrent(), body, 1, true, 0);
    }

    private void reject(String topic, String why) {
        ignored++;
        LOG.log(Level.WARNING, "energy manager: ignored payload on " + topic + ": " + why);
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
