package org.jevse.energy.lc;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.jevse.energy.alloc.PhaseRotation;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.manager.ManagerCore;
import org.jevse.energy.manager.ManagerSettings;
import org.jevse.energy.manager.OcppServerSection;
import org.jevse.tls.PemTls;

/**
 * The Local Controller (docs/local-controller.md): the energy manager's OCPP 1.6J server, whose chargers are
 * leaves of the same tree as the MQTT ones, under the same allocator, dispatcher and hard rule. Everything it does
 * runs on the energy manager's one thread; the WebSocket threads only hand frames over.
 */
public final class LocalController implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LocalController.class.getName());

    private final EnergyManager manager;
    private final OcppServerSection cfg;
    /** The governed connectors of each configured charger (charger id → connector id → leaf). */
    private final Map<String, Map<Integer, OcppLeaf>> chargers = new LinkedHashMap<>();
    /** Every OCPP leaf by its leaf id (its id in the file's chargers:). */
    private final Map<String, OcppLeaf> leaves = new LinkedHashMap<>();
    /** The chargers configured with phase_switching. */
    private final java.util.Set<String> phaseSwitching = new java.util.HashSet<>();
    /** The charger of each leaf. */
    private final Map<String, String> chargerOf = new HashMap<>();
    private final Map<String, ChargerLink> links = new HashMap<>();
    /** Leaves of chargers registered automatically: added to the manager's tree when it runs. */
    private final java.util.List<OcppLeaf> autoLeaves = new java.util.ArrayList<>();
    private final ChargerRegistry registry;
    private final CsBackend cs;
    private final OcppServer server;
    private final SSLContext upstreamTls;
    private final int failsafeMa;
    private long ownIds;
    private volatile FrameTap tap = (id, toCharger, text) -> { };

    /** Sees every frame between the LC and a charger (tests check them against the OCA schemas). */
    public interface FrameTap {
        void frame(String chargerId, boolean toCharger, String text);
    }

    /**
     * @throws IllegalArgumentException a TLS file or the data_dir's file that cannot be read (one line naming it)
     */
    public LocalController(EnergyManager manager, EnergyManagerFile file) {
        this.manager = manager;
        this.cfg = file.ocppServer();
        this.failsafeMa = (int) Math.round(cfg.failSafeCurrentA() * 1000);
        Map<String, Double> maxA = new HashMap<>();
        file.chargers().forEach(c -> maxA.put(c.id(), c.maxCurrentA()));
        Map<String, String> keys = new HashMap<>();
        for (OcppServerSection.OcppCharger c : cfg.chargers()) {
            for (OcppServerSection.OcppConnector k : c.connectors()) {
                addLeaf(c.id(), k.leaf(), k.connector(), maxA.get(k.leaf())).phaseSwitching(c.phaseSwitching());
            }
            keys.put(c.id(), c.authorizationKey());
            if (c.phaseSwitching()) {
                phaseSwitching.add(c.id());
            }
        }
        // An unknown charger never takes the id of a leaf of the tree (register() lets known chargers through).
        java.util.Set<String> taken = new java.util.HashSet<>(maxA.keySet());
        this.registry = new ChargerRegistry(keys, taken, cfg.dataDir().isEmpty() ? null : Path.of(cfg.dataDir()),
                cfg.autoRegisterMaxChargers());
        for (String id : registry.autoRegistered()) {
            autoLeaves.add(addLeaf(id, id, 1, cfg.autoRegisterMaxCurrentA()));
        }
        this.cs = cfg.lcMode() ? null : new CsBackend(cfg, manager.time().wallMs());
        SSLContext serverTls = cfg.tlsCertificateFile().isEmpty() ? null
                : PemTls.context("", cfg.tlsCertificateFile(), cfg.tlsKeyFile());
        this.upstreamTls = cfg.upstreamUrl().startsWith("wss://") ? PemTls.context(cfg.upstreamCaFile(), "", "") : null;
        java.net.InetSocketAddress at = OcppServerSection.hostPort(cfg.listen());
        this.server = new OcppServer(new java.net.InetSocketAddress(at.getHostString(), at.getPort()),
                cfg.maxMessageBytes(), serverTls, cfg.pingIntervalS(), registry, cfg.autoRegister(), serverListener());
    }

    /** The server's threads hand everything over to the manager's thread. */
    private OcppServer.Listener serverListener() {
        return new OcppServer.Listener() {
            @Override
            public void opened(WebSocket conn, String id, String auth) {
                execute(() -> onOpened(conn, id, auth));
            }

            @Override
            public void message(WebSocket conn, String id, String text) {
                execute(() -> {
                    ChargerLink l = links.get(id);
                    if (l != null && l.conn == conn) {
                        l.onChargerText(text);
                    }
                });
            }

            @Override
            public void closed(WebSocket conn, String id, int code, String reason) {
                execute(() -> {
                    ChargerLink l = links.get(id);
                    if (l != null && l.conn == conn) {
                        links.remove(id);
                        l.onClosed();
                        LOG.log(Level.INFO, "ocpp server: " + id + " disconnected (" + code + ")");
                    }
                });
            }
        };
    }

    /** The leaf of one governed connector, as the section configures it. */
    static OcppLeaf newLeaf(OcppServerSection cfg, String leafId, int connector, double maxA) {
        return new OcppLeaf(leafId, connector, (int) Math.round(maxA * 1000),
                (int) Math.round(cfg.failSafeCurrentA() * 1000), cfg.validForS() * 1000L,
                cfg.fallbackMarginS() * 1000L, cfg.obedienceTimeoutS() * 1000L);
    }

    private OcppLeaf addLeaf(String chargerId, String leafId, int connector, double maxA) {
        OcppLeaf leaf = newLeaf(cfg, leafId, connector, maxA);
        chargers.computeIfAbsent(chargerId, k -> new LinkedHashMap<>()).put(connector, leaf);
        leaves.put(leafId, leaf);
        chargerOf.put(leafId, chargerId);
        return leaf;
    }

    /** The leaf's grants go to its charger's link (while it is connected). */
    private void attach(OcppLeaf leaf) {
        String chargerId = chargerOf.get(leaf.id);
        manager.attachLocalLeaf(leaf.id, g -> {
            ChargerLink l = links.get(chargerId);
            if (l != null) {
                l.onGrant(leaf, g);
            }
        });
    }

    /** An automatically registered charger joins the tree: one connector, rotation unknown (counted on all phases). */
    private void joinTree(OcppLeaf leaf) {
        manager.core().addCharger(new ManagerCore.ChargerSpec(leaf.id, cfg.autoRegisterNode(), PhaseRotation.UNKNOWN,
                (int) Math.round(cfg.autoRegisterMaxCurrentA() * 1000), ManagerSettings.ocppLeaseMs(cfg)));
    }

    /** Starts the server; the energy manager must have been started. */
    public void start() {
        leaves.values().forEach(this::attach);
        List<OcppLeaf> joining = List.copyOf(autoLeaves);
        execute(() -> joining.forEach(this::joinTree));
        manager.every(manager.cycleMs(), this::tick);
        server.start();
        LOG.log(Level.INFO, "local controller: " + (cfg.lcMode() ? "LC mode, upstream " + cfg.upstreamUrl()
                : "CS mode") + ", " + chargers.size() + " OCPP chargers (" + leaves.size() + " leaves), listening on "
                + cfg.listen());
    }

    private void onOpened(WebSocket conn, String id, String auth) {
        if (!chargers.containsKey(id)) { // registered automatically in the handshake just now
            OcppLeaf leaf = addLeaf(id, id, 1, cfg.autoRegisterMaxCurrentA());
            joinTree(leaf);
            attach(leaf);
        }
        ChargerLink old = links.remove(id);
        if (old != null) {
            old.close(CloseFrame.NORMAL, "replaced by a new connection of the same charger");
        }
        links.put(id, new ChargerLink(this, id, conn, chargers.get(id), phaseSwitching.contains(id), !cfg.lcMode() ? null
                : l -> new Upstream(cfg.upstreamUrl(), id, auth, cfg.maxMessageBytes(), upstreamTls, l)));
        LOG.log(Level.INFO, "ocpp server: " + id + " connected from " + conn.getRemoteSocketAddress());
    }

    private void tick() {
        long now = monotonicMs();
        for (ChargerLink l : links.values()) {
            l.tick(now);
            l.leaves().forEach(leaf -> report(l, leaf, false));
        }
    }

    /** A leaf's status to the manager core (only while its charger is connected). */
    void report(ChargerLink l, OcppLeaf leaf, boolean urgent) {
        if (!l.closed()) {
            manager.onLocalStatus(leaf.status(manager.core().epoch(), monotonicMs(), urgent));
        }
    }

    // --- for the links ------------------------------------------------------------------------------------------

    OcppServerSection cfg() {
        return cfg;
    }

    CsBackend cs() {
        return cs;
    }

    ChargerRegistry registry() {
        return registry;
    }

    int failsafeMa() {
        return failsafeMa;
    }

    long nextOwnId() {
        return ++ownIds;
    }

    long monotonicMs() {
        return manager.time().monotonicMs();
    }

    long wallMs() {
        return manager.time().wallMs();
    }

    void execute(Runnable task) {
        manager.execute(task);
    }

    void tap(String chargerId, boolean toCharger, String text) {
        tap.frame(chargerId, toCharger, text);
    }

    // --- for tests and the command line -------------------------------------------------------------------------

    /** The port the server listens on (after start; a test may listen on port 0... it uses a free port). */
    public int port() {
        return server.getPort();
    }

    public void setFrameTap(FrameTap t) {
        tap = t;
    }

    /** Runs {@code task} on the manager's thread and waits. */
    public <T> T call(Callable<T> task) throws Exception {
        return manager.call(task);
    }

    /** A charger's view for tests and the state line: connected, disobedient, times found so, limit in force. */
    public record ChargerView(boolean connected, boolean disobedient, int disobediences, int inForceMa,
                              Integer transactionId) {
    }

    /** The bookkeeping of one OCPP leaf, in one line (tests and logs). */
    String describe(String id) throws Exception {
        return call(() -> String.valueOf(leaves.get(id)));
    }

    public ChargerView view(String id) throws Exception {
        return call(() -> {
            OcppLeaf leaf = leaves.get(id);
            ChargerLink l = links.get(chargerOf.get(id));
            return new ChargerView(l != null && !l.closed(), leaf.disobedient(), leaf.disobediences(),
                    leaf.inForceMa(), leaf.transactionId());
        });
    }

    @Override
    public void close() {
        try {
            server.stop(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
