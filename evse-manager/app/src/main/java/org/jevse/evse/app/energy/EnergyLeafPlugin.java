package org.jevse.evse.app.energy;

import org.jevse.evse.core.ChargerInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.time.EventLoop;
import org.jevse.board.time.TimeSource;
import org.jevse.config.EnergyConfig;
import org.jevse.config.JevseConfig;
import org.jevse.config.TopicLevel;
import org.jevse.energy.alloc.LeafState;
import org.jevse.energy.leaf.LeafProtocol;
import org.jevse.energy.mqtt.EnergyLeaf;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.energy.wire.Topics;
import org.jevse.evse.app.plugin.BadInputException;
import org.jevse.evse.app.plugin.ChargerAccess;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.plugin.ChargerPlugin;
import org.jevse.evse.app.plugin.StatusPart;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.LimitSource;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.PauseReason;
import org.jevse.evse.core.Status;

/**
 * The energy-tree leaf in a charger (docs/energy-tree.md): reports the charger to the site energy manager and
 * turns each grant into a {@link ControlEvent.Lease}, the core's "energy manager" limit.
 *
 * <p>Until the first grant arrives the charger runs on the fail-safe current (a charger whose parent has never been
 * heard falls back to the configured failsafe current, as WARP's does): an already-expired lease is installed at
 * attach time, so the core never charges on "no limit from the energy manager".
 */
public final class EnergyLeafPlugin implements ChargerPlugin {

    /** How often the leaf reports (about once a second, as WARP's chargers do). */
    static final long STATUS_INTERVAL_MS = 1000;

    private final JevseConfig cfg;
    private final String leafId;
    private final double failsafeA;
    private final TimeSource clock;
    private volatile EnergyLeaf leaf;
    private volatile TimeSource leaseClock;
    private volatile Status snapshot;
    private volatile HardwareCapabilities caps;

    public EnergyLeafPlugin(JevseConfig cfg) {
        this(cfg, null);
    }

    /** @param clock the leaf's monotonic clock, or null for the charger loop's */
    public EnergyLeafPlugin(JevseConfig cfg, TimeSource clock) {
        this.cfg = cfg;
        EnergyConfig e = cfg.energy();
        this.leafId = e.leafId().isEmpty() ? cfg.evse().evseId() : e.leafId();
        this.failsafeA = e.failsafeCurrentA();
        this.clock = clock;
    }

    public String leafId() {
        return leafId;
    }

    @Override
    public void attach(ChargerAccess charger, EventLoop loop) {
        // First, so that a bad URL or TLS file stops the start before anything happens (one line, exit code 2).
        if (!TopicLevel.valid(leafId)) {
            // energy.leaf_id is checked with the file; the evse_id it defaults to is a level of the leaf's topics too.
            throw new BadInputException("energy: leaf id \"" + leafId.replaceAll("\\p{Cntrl}", "?")
                    + "\" (evse.evse_id, as energy.leaf_id is empty) is not a topic level; allowed: "
                    + TopicLevel.ALLOWED + " (set energy.leaf_id)");
        }
        MqttLink link;
        try {
            link = new MqttLink(cfg.energy().broker(), "jevse-leaf-" + leafId, null);
        } catch (IllegalArgumentException ex) {
            throw new BadInputException("energy: " + ex.getMessage());
        }
        caps = charger.core().capabilities();
        // Never heard a parent: fail-safe from the start (a lease that is already over).
        charger.control(new ControlEvent.Lease(failsafeA, 0, failsafeA));
        charger.addListener(new ChargerListener() {
            @Override
            public void onStepEnd(long tMs, ChargerInput input) {
                snapshot = charger.status();
            }

            @Override
            public void onNotification(long tMs, Notification n) {
                if (n instanceof Notification.StateChanged && leaf != null) {
                    leaf.publishNow(); // plug-in, finish, pause, fault: at once, not at the next second
                }
            }
        });
        TimeSource time = clock != null ? clock : loop.time();
        leaseClock = time;
        int failsafeMa = (int) Math.round(failsafeA * 1000);
        leaf = new EnergyLeaf(leafId, new Topics(cfg.energy().topicPrefix()), failsafeMa, time, link, new EnergyLeaf.Port() {
            @Override
            public LeafProtocol.Report report() {
                return EnergyLeafPlugin.this.report();
            }

            @Override
            public void apply(int currentMa, int phases, long validForMs, Runnable applied) {
                Status s = snapshot;
                HardwareCapabilities c = caps;
                if (s != null && c.canSwitchPhases() && phases != s.phases()
                        && phases >= c.minPhases() && phases <= c.maxPhases()) {
                    charger.control(new ControlEvent.SwitchPhases(phases));
                }
                charger.control(new ControlEvent.Lease(currentMa / 1000.0, validForMs, failsafeA));
                // The loop runs submitted tasks in order: this runs after the core has taken the lease.
                loop.submit(applied);
            }
        }, STATUS_INTERVAL_MS);
        leaf.start();
    }

    /** The charger as the contract reports it. */
    LeafProtocol.Report report() {
        Status s = snapshot;
        HardwareCapabilities c = caps;
        if (s == null || c == null) {
            return new LeafProtocol.Report(LeafState.IDLE, 0, 0, 0, List.of(3), false, new int[] {-1, -1, -1}, 0, 0, 0);
        }
        double max = Math.min(c.maxCurrentA(), cfg.evse().maxCurrentImportA());
        if (s.binding() != null && s.binding().source() != LimitSource.ENERGY_MANAGER) {
            max = Math.min(max, s.binding().amps()); // cable, user, OCPP: what the charger could use at most now
        }
        int phases = s.phases();
        int drawn = (int) Math.round(s.drawnA() * 1000);
        int[] measured = {drawn, phases == 3 ? drawn : 0, phases == 3 ? drawn : 0};
        List<Integer> possible = c.canSwitchPhases() ? List.of(1, 3) : List.of(c.maxPhases() == 1 ? 1 : 3);
        boolean canSwitchNow = c.canSwitchPhases() && (c.supportsChangingPhasesWhileCharging() || !s.contactorOn());
        return new LeafProtocol.Report(leafState(s), (int) Math.round(c.minCurrentA() * 1000),
                (int) Math.round(max * 1000), phases == 1 ? 1 : 3, possible, canSwitchNow, measured,
                s.drawnA() * 230 * phases, s.meterEnergyWh(), s.sessionEnergyWh());
    }

    /**
     * The leaf under "energy_leaf" in the charger's status: the broker link and the last grant with its lease and the
     * parent's reason, or the fail-safe current when there is none or its lease is over.
     */
    @Override
    public Optional<StatusPart> statusPart() {
        EnergyLeaf l = leaf;
        LeafProtocol.Grant g = l == null ? null : l.lastGrant();
        boolean connected = l != null && l.connected();
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("leaf_id", leafId);
        f.put("connected", connected);
        f.put("failsafe_current_A", failsafeA);
        String text;
        if (g == null) {
            f.put("grant", null);
            text = "energy manager: no grant yet, fail-safe " + amps(failsafeA);
        } else {
            long leftMs = Math.max(0, g.receivedAtMs() + g.validForMs() - leaseClock.monotonicMs());
            Map<String, Object> grant = new LinkedHashMap<>();
            grant.put("current_A", g.currentMa() / 1000.0);
            grant.put("phases", g.phases());
            grant.put("lease_s", g.validForMs() / 1000);
            grant.put("lease_left_s", (leftMs + 999) / 1000);
            grant.put("reason", g.reason());
            grant.put("detail", g.detail());
            f.put("grant", grant);
            String why = g.detail() == null || g.detail().isEmpty() ? g.reason() : g.detail();
            // The core expires the lease on its own (its "energy manager" limit falls back to the fail-safe).
            text = leftMs == 0 ? "energy manager: lease over, fail-safe " + amps(failsafeA)
                    : "energy manager: " + amps(g.currentMa() / 1000.0) + " granted (lease " + g.validForMs() / 1000
                    + " s)" + (why == null || why.isEmpty() ? "" : ", " + why);
        }
        if (!connected) {
            text += "; broker not connected";
        }
        return Optional.of(new StatusPart("energy_leaf", f, text));
    }

    private static String amps(double a) {
        return (a == Math.rint(a) ? Long.toString((long) a) : Double.toString(a)) + " A";
    }

    /** Maps the core's state onto the contract's five states. */
    public static LeafState leafState(Status s) {
        EvseState st = s.state();
        return switch (st) {
            case Charging, SwitchPhases -> LeafState.CHARGING;
            case PrepareCharging -> LeafState.WAITING;
            // Paused for lack of energy (our lease): it wants current. Paused by the user: it does not.
            case ChargingPausedEVSE -> s.pauseReasons().contains(PauseReason.UserPause) ? LeafState.IDLE
                    : LeafState.WAITING;
            case ChargingPausedEV -> LeafState.EV_PAUSED;
            case Faulted -> LeafState.ERROR;
            case Disabled, Idle, WaitingForAuthentication, StoppingCharging, Finished -> LeafState.IDLE;
        };
    }

    @Override
    public void close() {
        if (leaf != null) {
            leaf.close();
        }
    }
}
