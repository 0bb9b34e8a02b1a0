package org.jevse.energy.lc;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
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
    private final Map<String, OcppLeaf> leaves = new LinkedHashMap<>();
    private final Map<String, ChargerLink> links = new HashMap<>();
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
     * @throws IllegalArgumentException a TLS file that cannot be read (one line naming it)
     */
    public LocalController(EnergyManager manager, EnergyManagerFile file) {
        this.manager = manager;
        this.cfg = file.ocppServer();
        this.failsafeMa = (int) Math.round(cfg.failSafeCurrentA() * 1000);
        Map<String, Double> maxA = new HashMap<>();
        file.chargers().forEach(c -> maxA.put(c.id(), c.maxCurrentA()));
        Map<String, String> keys = new HashMap<>();
        for (OcppServerSection.OcppCharger c : cfg.chargers()) {
            leaves.put(c.id(), new OcppLeaf(c.id(), c.connector(), (int) Math.round(maxA.get(c.id()) * 1000),
                    failsafeMa, cfg.validForS() * 1000L, cfg.obedienceTimeoutS() * 1000L));
            keys.put(c.id(), c.authorizationKey());
        }
        this.cs = cfg.lcMode() ? null : new CsBackend(cfg, manager.time().wallMs());
        SSLContext serverTls = cfg.tlsCertificateFile().isEmpty() ? null
                : PemTls.context("", cfg.tlsCertificateFile(), cfg.tlsKeyFile());
        this.upstreamTls = cfg.upstreamUrl().startsWith("wss://") ? PemTls.context(cfg.upstreamCaFile(), "", "") : null;
        java.net.InetSocketAddress at = OcppServerSection.hostPort(cfg.listen());
        this.server = new OcppServer(new java.net.InetSocketAddress(at.getHostString(), at.getPort()),
                cfg.maxMessageBytes(), serverTls, cfg.pingIntervalS(), keys, new OcppServer.Listener() {
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
                });
    }

    /** Starts the server; the energy manager must have been started. */
    public void start() {
        for (OcppLeaf leaf : leaves.values()) {
            manager.attachLocalLeaf(leaf.id, g -> {
                ChargerLink l = links.get(leaf.id);
                if (l != null) {
                    l.onGrant(g);
                }
            });
        }
        manager.every(manager.cycleMs(), this::tick);
        server.start();
        LOG.log(Level.INFO, "local controller: " + (cfg.lcMode() ? "LC mode, upstream " + cfg.upstreamUrl()
                : "CS mode") + ", " + leaves.size() + " OCPP chargers, listening on " + cfg.listen());
    }

    private void onOpened(WebSocket conn, String id, String auth) {
        ChargerLink old = links.remove(id);
        if (old != null) {
            old.close(CloseFrame.NORMAL, "replaced by a new connection of the same charger");
        }
        links.put(id, new ChargerLink(this, id, conn, leaves.get(id), !cfg.lcMode() ? null
                : l -> new Upstream(cfg.upstreamUrl(), id, auth, cfg.maxMessageBytes(), upstreamTls, l)));
        LOG.log(Level.INFO, "ocpp server: " + id + " connected from " + conn.getRemoteSocketAddress());
    }

    private void tick() {
        long now = monotonicMs();
        for (ChargerLink l : links.values()) {
            l.tick(now);
            report(l, false);
        }
    }

    /** The leaf's status to the manager core (only while its charger is connected). */
    void report(ChargerLink l, boolean urgent) {
        if (!l.closed()) {
            manager.onLocalStatus(l.leaf.status(manager.core().epoch(), monotonicMs(), urgent));
        }
    }

    // --- for the links ------------------------------------------------------------------------------------------

    OcppServerSection cfg() {
        return cfg;
    }

    CsBackend cs() {
        return cs;
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
            ChargerLink l = links.get(id);
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
