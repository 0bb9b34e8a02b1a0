package org.jevse.evse.app.control;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.time.TimeSource;
import org.jevse.evse.app.plugin.ChargerAccess;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.LimitSource;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.PilotPwm;

/**
 * The control claims of the charger's operating APIs (the HTTP {@code control} endpoint, the MQTT {@code set}
 * topics, ...): disable, pause, a current limit and a phase count, each held per source, so that the web page and
 * an integrator never overwrite each other. This is the one place where claims are combined into the core's
 * {@link ControlEvent}s; the combined value is sent only when it changes.
 *
 * <p>The rules (the most restrictive claim wins, as in the core's limit arbitration):
 * <ul>
 *   <li><b>disable</b>: while any source holds a disable claim, the charger offers no current. It is sent as the
 *       core's user limit of 0 A ({@link LimitSource#USER}), not as {@link ControlEvent.Enable}: Enable is the
 *       operator's availability (OCPP ChangeAvailability, sent by the OCPP plugin only). So a user claim can neither
 *       lift an Inoperative set by the CSMS nor make the connector Unavailable towards it; a disabled charger with an
 *       EV takes the session (and its transaction) and holds it in ChargingPausedEVSE, which a CSMS sees as
 *       SuspendedEVSE. A disable claim lasts until its source releases it (enable), across sessions.</li>
 *   <li><b>current limit</b>: the lowest claimed limit becomes the core's user limit (A per phase), one more source
 *       for the core's {@code LimitArbiter}, which takes the minimum of cable, board, config, energy manager, OCPP and
 *       user: a claim can only lower what the other sources allow. It lasts until released, across sessions.</li>
 *   <li><b>pause</b>: while any source holds a pause claim, the running session pauses ({@link ControlEvent.Pause},
 *       the core's UserPause). A pause belongs to its session, as in the core: the claims are dropped when the
 *       session ends, and a pause without a session is refused.</li>
 *   <li><b>phases</b>: the fewest phases any source claims is asked of the core ({@link ControlEvent.SwitchPhases})
 *       when that wish changes; the core refuses what the board cannot do (or cannot do while a session runs). It is
 *       the weakest phase choice: an OCPP profile that allows fewer phases switches down again (the OCPP plugin
 *       re-evaluates its limit when the phases change), and the energy tree's next grant sets its own phases.
 *       Releasing every phase claim leaves the phases as they are.</li>
 * </ul>
 * Releasing a claim the source does not hold is a no-op. Safe from any thread; the events reach the core in the
 * order the claims changed.
 */
public final class ControlClaims implements ChargerListener {

    /** What a claim asks for. */
    public enum Kind {
        DISABLE("disable"), PAUSE("pause"), CURRENT_LIMIT("current_limit"), PHASES("phases");

        private final String key;

        Kind(String key) {
            this.key = key;
        }

        /** The name in the APIs ({@code "current_limit"}). */
        public String key() {
            return key;
        }
    }

    /**
     * One active claim: {@code value} is the limit in A for {@link Kind#CURRENT_LIMIT}, the phase count for
     * {@link Kind#PHASES}, and 1 for the others. {@code sinceWallMs} is when the source last set it.
     */
    public record Claim(String source, Kind kind, double value, long sinceWallMs) {
    }

    /**
     * What the claims add up to now.
     *
     * @param userLimitA the user limit sent to the core, or -1 for none
     * @param phases     the phase count wished, or 0 for none
     */
    public record Combined(boolean disabled, boolean paused, double userLimitA, int phases) {
    }

    /** A source name: lower-case letters, digits, '-' and '_', as it appears in the status. */
    private static final Pattern SOURCE = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final ChargerAccess charger;
    private final TimeSource time;
    private final double maxA;
    private final HardwareCapabilities caps;
    private final Map<Kind, Map<String, Claim>> claims = new EnumMap<>(Kind.class);
    private Combined sent = new Combined(false, false, -1, 0);
    private boolean sessionRunning;

    /** Creates the claims of one charger and starts observing its sessions (call before the charger starts). */
    public ControlClaims(ChargerAccess charger, TimeSource time) {
        this.charger = charger;
        this.time = time;
        this.caps = charger.core().capabilities();
        this.maxA = Math.min(caps.maxCurrentA(), charger.core().config().maxCurrentImportA());
        for (Kind k : Kind.values()) {
            claims.put(k, new TreeMap<>());
        }
        charger.addListener(this);
    }

    /** The highest current limit a claim may ask for: the board's and the configuration's maximum. */
    public double maxCurrentA() {
        return maxA;
    }

    /** {@code enabled == false} holds a disable claim for {@code source}; {@code true} releases it. */
    public synchronized void enable(String source, boolean enabled) {
        put(source, Kind.DISABLE, enabled ? Double.NaN : 1);
    }

    /**
     * {@code paused} holds a pause claim on the running session for {@code source}; {@code false} releases it.
     *
     * @throws ClaimRefused when there is no session to pause
     */
    public synchronized void pause(String source, boolean paused) {
        if (paused && !sessionRunning) {
            throw new ClaimRefused("pause: no session is running (a pause belongs to a session)");
        }
        put(source, Kind.PAUSE, paused ? 1 : Double.NaN);
    }

    /**
     * Holds a current limit of {@code amps} per phase for {@code source}: 0 (no current) or 6 A up to
     * {@link #maxCurrentA()}; {@code null} releases it.
     *
     * @throws ClaimRefused for a value outside that range
     */
    public synchronized void limitCurrent(String source, Double amps) {
        if (amps != null && !(amps == 0 || (amps >= PilotPwm.MIN_CURRENT_A && amps <= maxA))) {
            throw new ClaimRefused("current_limit: " + amps + " A is not allowed: 0 (no current) or "
                    + (int) PilotPwm.MIN_CURRENT_A + " to " + trim(maxA) + " A");
        }
        put(source, Kind.CURRENT_LIMIT, amps == null ? Double.NaN : amps);
    }

    /**
     * Holds a wish for {@code phases} (1 or 3, within what the board has) for {@code source}; {@code null} releases it.
     *
     * @throws ClaimRefused for a count the board does not have
     */
    public synchronized void phases(String source, Integer phases) {
        if (phases != null && (phases != 1 && phases != 3 || phases < caps.minPhases() || phases > caps.maxPhases())) {
            throw new ClaimRefused("phases: " + phases + " is not allowed: " + allowedPhases());
        }
        put(source, Kind.PHASES, phases == null ? Double.NaN : phases);
    }

    /** Releases every claim of {@code source} (its connection went away for good, its configuration was removed). */
    public synchronized void releaseAll(String source) {
        checkSource(source);
        for (Map<String, Claim> m : claims.values()) {
            m.remove(source);
        }
        apply();
    }

    /** The phase counts a claim may ask for, in words. */
    public String allowedPhases() {
        if (!caps.canSwitchPhases() || caps.minPhases() == caps.maxPhases()) {
            return "only " + caps.maxPhases() + " (the board cannot switch phases)";
        }
        return "1 or 3";
    }

    /** Every active claim, by kind, then by source. */
    public synchronized List<Claim> active() {
        List<Claim> all = new ArrayList<>();
        for (Map<String, Claim> m : claims.values()) {
            all.addAll(m.values());
        }
        return all;
    }

    /** What the claims add up to (what was last sent to the core). */
    public synchronized Combined combined() {
        return sent;
    }

    @Override
    public void onNotification(long tMs, Notification n) {
        if (n instanceof Notification.SessionStarted) {
            synchronized (this) {
                sessionRunning = true;
            }
        } else if (n instanceof Notification.SessionFinished) {
            synchronized (this) {
                sessionRunning = false;
                claims.get(Kind.PAUSE).clear();
                // The core dropped the pause with its session: nothing to send, only to forget.
                sent = new Combined(sent.disabled(), false, sent.userLimitA(), sent.phases());
            }
        }
    }

    private void put(String source, Kind kind, double value) {
        checkSource(source);
        if (Double.isNaN(value)) {
            claims.get(kind).remove(source);
        } else {
            claims.get(kind).put(source, new Claim(source, kind, value, time.wallMs()));
        }
        apply();
    }

    /** Combines the claims and sends what changed; called with the lock held, so events leave in order. */
    private void apply() {
        boolean disabled = !claims.get(Kind.DISABLE).isEmpty();
        boolean paused = !claims.get(Kind.PAUSE).isEmpty();
        double limit = claims.get(Kind.CURRENT_LIMIT).values().stream().mapToDouble(Claim::value).min().orElse(-1);
        double user = disabled ? 0 : limit;
        int phases = (int) claims.get(Kind.PHASES).values().stream().mapToDouble(Claim::value).min().orElse(0);
        Combined now = new Combined(disabled, paused, user, phases);
        if (now.userLimitA() != sent.userLimitA()) {
            charger.control(new ControlEvent.SetLimit(LimitSource.USER, now.userLimitA()));
        }
        if (now.paused() != sent.paused()) {
            charger.control(new ControlEvent.Pause(now.paused()));
        }
        if (now.phases() != sent.phases() && now.phases() != 0) {
            charger.control(new ControlEvent.SwitchPhases(now.phases()));
        }
        sent = now;
    }

    private static void checkSource(String source) {
        if (source == null || !SOURCE.matcher(source).matches()) {
            throw new IllegalArgumentException("claim source must match " + SOURCE.pattern() + ": " + source);
        }
    }

    private static String trim(double a) {
        return a == Math.rint(a) ? Long.toString((long) a) : Double.toString(a);
    }

    /** A claim that cannot be held; the message is one line naming the field and what is allowed. */
    public static final class ClaimRefused extends RuntimeException {
        public ClaimRefused(String oneLine) {
            super(oneLine);
        }
    }
}
