package org.jevse.evse.app.mqtt;

import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PowermeterValues;
import org.jevse.board.time.EventLoop;
import org.jevse.config.JevseConfig;
import org.jevse.config.MqttConfig;
import org.jevse.config.TopicLevel;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.evse.app.control.ControlClaims;
import org.jevse.evse.app.plugin.BadInputException;
import org.jevse.evse.app.plugin.ChargerAccess;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.plugin.ChargerPlugin;
import org.jevse.evse.app.plugin.StatusPart;
import org.jevse.evse.core.ChargerInput;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.Status;

/**
 * The charger's MQTT status and control API ({@code mqtt:}, docs/api.md): publishes the status and every value
 * retained under {@code PREFIX/CHARGER_ID/}, keeps {@code PREFIX/CHARGER_ID/availability} at {@code online} while
 * connected (the last will says {@code offline}), announces the Home Assistant entities, and takes commands on
 * {@code PREFIX/CHARGER_ID/set/NAME} as claims of the source {@code mqtt} ({@link ControlClaims}, shared with the HTTP
 * API). The claims outlive a broker outage: a charger that evcc disabled stays disabled while it cannot hear evcc.
 * The connection is the energy tree's {@link MqttLink} (reconnects, TLS, the
 * maximum packet size on what arrives and what is sent).
 *
 * <p>Values go out once a second when they changed, at once on a state change, and all of them after every
 * (re)connect, with QoS 0: over one TCP connection nothing is lost but at a disconnect, and a reconnect sends
 * everything again. Availability and discovery go out with QoS 1. MQTT callbacks only enqueue; one thread publishes.
 */
public final class MqttApiPlugin implements ChargerPlugin {

    /** How often changed values are published. */
    static final long PUBLISH_INTERVAL_MS = 1000;

    private static final System.Logger LOG = System.getLogger(MqttApiPlugin.class.getName());
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);

    private final JevseConfig cfg;
    private final String chargerId;
    private final ApiTopics topics;
    private final Map<String, String> published = new HashMap<>();
    private MqttLink link;
    private ScheduledExecutorService exec;
    private final ControlClaims claims;
    private final Supplier<List<StatusPart>> parts;
    private HomeAssistantDiscovery discovery;
    private double chargerMaxA;
    private volatile Status snapshot;
    private volatile PowermeterValues meter;
    /** Written and read on the charger loop only. */
    private boolean stateChanged;
    private volatile int ignored;

    /** The source of this API's claims (docs/api.md): HTTP and MQTT never overwrite each other. */
    public static final String SOURCE = "mqtt";

    /**
     * @param claims the charger's control claims, shared with the other APIs
     * @param parts  what the other plugins add to the status (the energy leaf, OCPP); any thread
     */
    public MqttApiPlugin(JevseConfig cfg, ControlClaims claims, Supplier<List<StatusPart>> parts) {
        this.cfg = cfg;
        this.claims = claims;
        this.parts = parts;
        MqttConfig m = cfg.mqtt();
        this.chargerId = m.chargerId().isEmpty() ? cfg.evse().evseId() : m.chargerId();
        this.topics = new ApiTopics(m.topicPrefix(), chargerId);
    }

    public ApiTopics topics() {
        return topics;
    }

    /** How many commands were ignored as bad or refused (for tests). */
    public int ignoredCommands() {
        return ignored;
    }

    @Override
    public void attach(ChargerAccess charger, EventLoop loop) {
        MqttConfig m = cfg.mqtt();
        // First, so that a bad id, URL or TLS file stops the start before anything happens (one line, exit code 2).
        if (!TopicLevel.valid(chargerId)) {
            throw new BadInputException("mqtt: charger id \"" + chargerId.replaceAll("\\p{Cntrl}", "?")
                    + "\" (evse.evse_id, as mqtt.charger_id is empty) is not a topic level; allowed: "
                    + TopicLevel.ALLOWED + " (set mqtt.charger_id)");
        }
        try {
            link = new MqttLink(m.broker(), "jevse-api-" + chargerId,
                    new MqttLink.Will(topics.availability(), OFFLINE));
        } catch (IllegalArgumentException ex) {
            throw new BadInputException("mqtt: " + ex.getMessage());
        }
        HardwareCapabilities caps = charger.core().capabilities();
        chargerMaxA = Math.min(caps.maxCurrentA(), cfg.evse().maxCurrentImportA());
        List<Integer> phaseOptions = caps.canSwitchPhases() ? List.of(caps.minPhases(), caps.maxPhases())
                : List.of(caps.maxPhases() == 1 ? 1 : 3);
        discovery = new HomeAssistantDiscovery(m.discoveryPrefix(), topics, version(), chargerMaxA, phaseOptions);
        snapshot = charger.status();
        charger.addListener(new ChargerListener() {
            @Override
            public void onBoardEvent(long tMs, BoardEvent event) {
                if (event instanceof BoardEvent.PowermeterReading r) {
                    meter = r.values();
                }
            }

            @Override
            public void onStepEnd(long tMs, ChargerInput input) {
                snapshot = charger.status();
                if (stateChanged) {
                    stateChanged = false;
                    submit(() -> publish(false)); // plug-in, start, pause, fault: at once, with this step's status
                }
            }

            @Override
            public void onNotification(long tMs, Notification n) {
                if (n instanceof Notification.StateChanged) {
                    stateChanged = true;
                }
            }
        });
        exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mqtt-api-" + chargerId);
            t.setDaemon(true);
            return t;
        });
        link.subscribe(topics.anySet(), (topic, payload, expiry) -> submit(() -> onSet(topic, payload)));
        link.onConnect(() -> submit(this::announce));
        exec.scheduleAtFixedRate(() -> publish(false), PUBLISH_INTERVAL_MS, PUBLISH_INTERVAL_MS,
                TimeUnit.MILLISECONDS);
        link.start();
    }

    /** After every (re)connect: online, the discovery messages, and every value. */
    private void announce() {
        link.publish(topics.availability(), ONLINE, 1, true, 0);
        if (!cfg.mqtt().discoveryPrefix().isEmpty()) {
            for (HomeAssistantDiscovery.Message d : discovery.messages()) {
                link.publish(d.topic(), d.payload(), 1, true, 0);
            }
        }
        published.clear();
        publish(true);
    }

    private void publish(boolean all) {
        try {
            ChargerValues v = new ChargerValues(snapshot, meter, !claims.combined().disabled(), claimedLimitA(),
                    parts.get());
            for (Map.Entry<String, String> e : v.values().entrySet()) {
                send(topics.value(e.getKey()), e.getValue(), all);
            }
            send(topics.status(), new String(v.statusJson(), StandardCharsets.UTF_8), all);
        } catch (RuntimeException e) {
            // Never out of the scheduled task: an exception would end the publishing for good.
            LOG.log(Level.WARNING, "mqtt: no status published: " + e);
        }
    }

    private void send(String topic, String payload, boolean all) {
        if (!all && payload.equals(published.get(topic))) {
            return;
        }
        if (link.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 0, true, 0)) {
            published.put(topic, payload);
        }
    }

    /** The lowest current limit any source claims, or the charger's maximum when none does. */
    private double claimedLimitA() {
        return claims.active().stream().filter(c -> c.kind() == ControlClaims.Kind.CURRENT_LIMIT)
                .mapToDouble(ControlClaims.Claim::value).min().orElse(chargerMaxA);
    }

    private void apply(SetCommand command) {
        if (command instanceof SetCommand.Enable e) {
            claims.enable(SOURCE, e.enabled());
        } else if (command instanceof SetCommand.Pause p) {
            claims.pause(SOURCE, p.paused());
        } else if (command instanceof SetCommand.MaxCurrent m) {
            claims.limitCurrent(SOURCE, m.amps());
        } else if (command instanceof SetCommand.Phases p) {
            claims.phases(SOURCE, p.phases());
        }
    }

    private void onSet(String topic, byte[] payload) {
        String name = topics.setName(topic);
        try {
            apply(SetCommand.parse(name, payload));
        } catch (SetCommand.BadPayload | ControlClaims.ClaimRefused e) {
            ignored++;
            LOG.log(Level.WARNING, "mqtt: ignored " + topic + ": " + e.getMessage());
            return;
        }
        // The control event is queued on the charger loop; the next second's publish shows its effect, and the
        // claim itself (enabled, max_current) now.
        publish(false);
    }

    /** Runs on this plugin's thread; after close() late MQTT callbacks are dropped. */
    private void submit(Runnable task) {
        try {
            exec.execute(task);
        } catch (RejectedExecutionException e) {
            // closed
        }
    }

    private static String version() {
        String v = MqttApiPlugin.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public long closeTimeoutMs() {
        return 3000;
    }

    @Override
    public void close() {
        if (exec != null) {
            exec.shutdownNow();
        }
        if (link != null) {
            // A clean goodbye: the will is only for a connection that drops.
            link.publish(topics.availability(), OFFLINE, 1, true, 0);
            link.close();
        }
    }
}
