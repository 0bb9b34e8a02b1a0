package org.jevse.energy.mqtt;

import java.lang.System.Logger.Level;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jevse.board.time.TimeSource;
import org.jevse.energy.leaf.LeafProtocol;
import org.jevse.energy.wire.BadPayload;
import org.jevse.energy.wire.Topics;
import org.jevse.energy.wire.Wire;

/**
 * The energy-tree leaf of one charger over MQTT: reports the charger to the parent and hands every valid grant to
 * the charger as a lease. The decisions are {@link LeafProtocol}'s; this class adds the transport and one thread
 * (MQTT callbacks only enqueue).
 *
 * <p>Safety does not depend on this class being right about time: the charger core expires the lease on its own
 * monotonic clock and falls back to the fail-safe current.
 */
public final class EnergyLeaf implements AutoCloseable {

    /** The charger side. */
    public interface Port {
        LeafProtocol.Report report();

        /**
         * Applies a grant: {@code currentMa} per phase on {@code phases} for {@code validForMs}. Calls
         * {@code applied} once the charger has taken it (that is when the leaf acknowledges it).
         */
        void apply(int currentMa, int phases, long validForMs, Runnable applied);
    }

    private static final System.Logger LOG = System.getLogger(EnergyLeaf.class.getName());

    private final String leafId;
    private final Topics topics;
    private final TimeSource time;
    private final MqttLink link;
    private final Port port;
    private final long statusIntervalMs;
    private final ScheduledExecutorService exec;
    private final LeafProtocol protocol;
    private volatile int ignored;
    private volatile LeafProtocol.Grant lastGrant;

    public EnergyLeaf(String leafId, Topics topics, int failsafeMa, TimeSource time, MqttLink link, Port port,
                      long statusIntervalMs) {
        this.leafId = leafId;
        this.topics = topics;
        this.time = time;
        this.link = link;
        this.port = port;
        this.statusIntervalMs = statusIntervalMs;
        this.protocol = new LeafProtocol(leafId, failsafeMa);
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

    /** The last grant handed to the charger, or null before the first (any thread: the record is immutable). */
    public LeafProtocol.Grant lastGrant() {
        return lastGrant;
    }

    /** True while the link to the broker is up (any thread). */
    public boolean connected() {
        return link.isConnected();
    }

    @Override
    public void close() {
        exec.shutdownNow();
        link.close();
    }

    private void onAllocation(String topic, byte[] payload, long expirySeconds) {
        LeafProtocol.Grant g;
        try {
            g = protocol.onAllocation(Wire.decodeAllocation(payload), expirySeconds, time.monotonicMs());
        } catch (BadPayload e) {
            reject(topic, e.getMessage());
            return;
        }
        if (g == null) {
            return;
        }
        lastGrant = g;
        port.apply(g.currentMa(), g.phases(), g.validForMs(), () -> submit(() -> {
            if (protocol.applied(g)) {
                publish(true); // the acknowledgement the parent waits for before raising others
            }
        }));
    }

    private void reject(String topic, String why) {
        ignored++;
        LOG.log(Level.WARNING, "energy leaf " + leafId + ": ignored payload on " + topic + ": " + why);
    }

    private void publish(boolean urgent) {
        byte[] status;
        try {
            status = Wire.encode(protocol.status(port.report(), time.monotonicMs(), urgent));
        } catch (RuntimeException e) {
            // Never out of the scheduled task: an exception would end the 1 s status for good.
            LOG.log(Level.WARNING, "energy leaf " + leafId + ": no status from the charger's report: " + e.getMessage());
            return;
        }
        link.publish(topics.status(leafId), status, 0, false, 0);
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
