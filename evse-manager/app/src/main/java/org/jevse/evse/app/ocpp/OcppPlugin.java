package org.jevse.evse.app.ocpp;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.logging.Logger;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.HardwareCapabilities;
import org.jevse.board.port.PowermeterValues;
import org.jevse.board.time.EventLoop;
import org.jevse.config.JevseConfig;
import org.jevse.config.JournalSyncMode;
import org.jevse.config.OcppConfig;
import org.jevse.evse.app.plugin.AuthorizationPort;
import org.jevse.evse.app.plugin.ChargerAccess;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.plugin.ChargerPlugin;
import org.jevse.evse.app.plugin.StatusPart;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.Status;
import org.jevse.evse.core.StopReason;
import org.jevse.ocpp.session.ClientThread;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.cp.ChargePointHost;
import org.jevse.ocpp.cp.Features;
import org.jevse.ocpp.cp.Security;
import org.jevse.ocpp.security.CertificateTransport;
import org.jevse.ocpp.security.ops.SecurityServices;
import org.jevse.ocpp.security.SecuritySettings;
import java.util.Optional;
import org.jevse.ocpp.localauth.LocalListConfig;
import org.jevse.ocpp.smartcharging.SmartChargingConfig;
import org.jevse.ocpp.cp.MeterReading;
import org.jevse.ocpp.cp.MeterValueFactory;
import org.jevse.ocpp.cp.Registration;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.JournalSync;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.transport.WebSocketTransport;
import org.jevse.ocpp.v16.ResetType;
import org.jevse.ocpp.v16.StopTransactionReason;
import org.jevse.ocpp.v16.UnlockConnectorStatus;

/**
 * The OCPP 1.6J client plugged into the charger (docs/ocpp.md). It maps the core's notifications to OCPP
 * (TransactionStarted → StartTransaction, TransactionFinished → StopTransaction, states and errors →
 * StatusNotification, powermeter readings → MeterValues) and the CSMS's commands to control events
 * (RemoteStop → StopTransaction(Remote), ChangeAvailability → Enable, ...). Authorization goes through OCPP,
 * falling back to the configured local tags when the CSMS cannot be asked.
 *
 * <p>Transaction steps are persisted inside the listener call, i.e. within the core's step, before the core
 * goes on. Times are the charger loop's wall clock, so virtual-time simulations produce consistent timestamps.
 */
public final class OcppPlugin implements ChargerPlugin, ChargerListener, ChargePointHost {
    private static final Logger LOG = Logger.getLogger(OcppPlugin.class.getName());
    static final int CONNECTOR = 1;
    /**
     * The core is Disabled from its start until the board is ready (its ready signal, the first meter value):
     * about a second that would otherwise reach the CSMS as Unavailable just before the real status. That start is
     * not reported; if it lasts longer than this, Unavailable is the real status and is reported.
     */
    static final long STARTUP_HOLD_MS = 10_000;

    private final JevseConfig cfg;
    private final OcppConfig ocpp;
    private final Path dataDir;
    private ChargerAccess charger;
    private EventLoop loop;
    private HardwareCapabilities caps;
    private ConnectorUnlock unlock;
    private ChargePoint cp;
    private Features.Installed features;
    private org.jevse.ocpp.firmware.FirmwareManagement firmware;
    private SecurityServices securityServices;
    private CertificateTransport certificateTransport;
    private Configuration keys;
    private ClientThread sched;
    private volatile String transactionTag;
    private volatile MeterReading lastReading;
    private volatile boolean closed;
    /** Set once the client is built; read by the status on the API's threads. */
    private volatile OcppStatus status;
    /** Loop thread: the core has not left its start-up Disabled yet (see {@link #STARTUP_HOLD_MS}). */
    private boolean starting = true;

    public OcppPlugin(JevseConfig cfg) {
        this.cfg = cfg;
        this.ocpp = cfg.ocpp();
        this.dataDir = Path.of(ocpp.dataDir());
    }

    /** The client (tests). */
    public ChargePoint chargePoint() {
        return cp;
    }

    @Override
    public void attach(ChargerAccess charger, EventLoop loop) {
        this.charger = charger;
        this.loop = loop;
        this.caps = charger.core().capabilities();
        try {
            Files.createDirectories(dataDir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("ocpp.data_dir " + dataDir + " cannot be created: " + e.getMessage(), e);
        }
        LocalListConfig listConfig = LocalListConfig.DEFAULT;
        SmartChargingConfig scConfig = SmartChargingConfig.singleConnector(cfg.evse().acNominalVoltage(),
                cfg.evse().maxCurrentImportA());
        keys = new Configuration(OcppKeys.of(cfg, caps, listConfig, scConfig), dataDir.resolve("configuration.json"));
        TransactionStore store = new TransactionStore(dataDir, ocpp.queueBound(),
                ocpp.journalSync() == JournalSyncMode.step ? JournalSync.STEP : JournalSync.BATCH);
        AvailabilityStore availability = new AvailabilityStore(dataDir.resolve("availability.json"));
        String uri = keys.get(OcppKeys.CSMS_URI); // a CSMS-set URI applies from the next start (RebootRequired)
        SecuritySettings security = OcppSecurity.settings(ocpp, dataDir);
        sched = new ClientThread("ocpp");
        securityServices = OcppSecurity.services(ocpp, dataDir, sched.time()::wallMs);
        WebSocketTransport transport = new WebSocketTransport(Security.settings(security, () -> uri,
                ocpp.chargePointId(), () -> certificateTransport.trustFile(), () -> certificateTransport.identity()),
                keys.getInt(StandardKeys.WEB_SOCKET_PING_INTERVAL), ocpp.maxMessageBytes());
        certificateTransport = securityServices.transport(ct -> transport);
        keys.addListener((k, v) -> {
            if (StandardKeys.WEB_SOCKET_PING_INTERVAL.equals(k)) {
                transport.setPingIntervalS(Integer.parseInt(v));
            }
        });
        ChargerLimit limit = new ChargerLimit(charger);
        cp = new ChargePoint(new ChargePoint.Identity("jevse", "jevse-" + cfg.board().type().name(),
                ocpp.chargePointId().length() <= 25 ? ocpp.chargePointId() : null,
                ChargePoint.Identity.JEVSE_VERSION, null),
                ChargePoint.Timing.defaults(), 1, keys, store, availability, certificateTransport, sched, this,
                new SplittableRandom(), featureSetup(listConfig, scConfig, limit));
        features = cp.features();
        Security.install(cp, security, () -> new SecuritySettings.Prerequisites(uri.startsWith("wss://"),
                securityServices.store().trustFile() != null, securityServices.store().hasChargePointCertificate()),
                securityServices);
        installFirmware(security);
        wireCharger(limit, availability);
        status = new OcppStatus(cp, uri, ocpp.chargePointId());
        cp.start();
    }

    /** Local authorization, smart charging and reservations, with their state under data_dir. */
    private Features.Setup featureSetup(LocalListConfig listConfig, SmartChargingConfig scConfig, ChargerLimit limit) {
        try {
            // The YAML auth.local_list serves offline as the integrator's fixed list (LocalAuthorization).
            AuthorizationPort fixed = charger.authorization();
            return new Features.Setup(Features.open(dataDir, listConfig, scConfig,
                    Features.AUTHORIZATION_CACHE_CAPACITY), fixed == null ? null : fixed::authorize, limit::phases,
                    limit::apply);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("OCPP state in " + dataDir + " cannot be opened: " + e.getMessage(), e);
        }
    }

    /** Firmware management and the security operations. */
    private void installFirmware(SecuritySettings security) {
        // FirmwareManagement: packages are staged in data_dir/firmware/staged for the integrator's updater.
        firmware = org.jevse.ocpp.firmware.FirmwareManagement.install(cp, dataDir.resolve("firmware"), null, null,
                this::diagnosticsState);
        securityServices.install(cp, ocpp.chargePointId(), security::profile,
                new org.jevse.ocpp.firmware.StagingInstaller(dataDir.resolve("firmware").resolve("staged")),
                firmware::diagnostics);
    }

    /** The charger side: authorization through the client, the listeners, the stored availability. */
    private void wireCharger(ChargerLimit limit, AvailabilityStore availability) {
        charger.setAuthorization((tag, outcome) -> features.authorization().authorize(CONNECTOR, tag, outcome));
        charger.addListener(this);
        limit.reevaluateWith(features.reevaluateLimit());
        charger.addListener(limit);
        unlock = new ConnectorUnlock(charger, loop);
        charger.addListener(unlock);
        if (!availability.operative(0) || !availability.operative(CONNECTOR)) {
            charger.control(new ControlEvent.Enable(false));
        }
        loop.schedule(STARTUP_HOLD_MS, () -> {
            if (starting) {
                starting = false;
                publishStatus(loop.time().wallMs());
            }
        });
    }

    /** The state part of a GetDiagnostics upload: the charger's status and the OCPP client's. */
    private String diagnosticsState() {
        StringBuilder b = new StringBuilder();
        b.append("charge point: ").append(ocpp.chargePointId()).append('\n');
        b.append("registration: ").append(cp.registration()).append(", connected: ").append(cp.connected())
                .append('\n');
        b.append("charger: ").append(charger.status()).append('\n');
        b.append("queued transaction messages: ").append(cp.store().size()).append('\n');
        b.append("reservations: ").append(features.reservations().all()).append('\n');
        b.append("configuration:\n");
        for (Configuration.Entry e : keys.all()) {
            b.append("  ").append(e.key()).append(" = ").append(e.value()).append('\n');
        }
        return b.toString();
    }

    // ================================================================== charger → OCPP (loop thread)

    @Override
    public void onNotification(long tMs, Notification n) {
        try {
            handle(n);
        } catch (RuntimeException e) {
            // Never take the charger down: a disk that refuses the queue is logged loudly, charging goes on.
            LOG.log(java.util.logging.Level.SEVERE, "OCPP could not record " + n.getClass().getSimpleName(), e);
        }
    }

    private void handle(Notification n) {
        long wall = loop.time().wallMs();
        if (n instanceof Notification.TransactionStarted s) {
            transactionTag = s.tag();
            Integer reservationId = features.transactionStarting(CONNECTOR, s.tag());
            cp.transactionStarted(CONNECTOR, s.tag(), MeterValueFactory.registerWh(s.meterStartWh()), wall,
                    reservationId);
            features.reevaluateLimit().run();
            publishStatus(wall);
        } else if (n instanceof Notification.TransactionFinished f) {
            StopTransactionReason reason = OcppMapping.reason(f.reason());
            // The core's Local stop is the session's tag presented again (the client sends it only then).
            cp.transactionStopped(CONNECTOR, MeterValueFactory.registerWh(f.meterStopWh()), wall, reason,
                    transactionTag);
            transactionTag = null;
            features.profiles().transactionEnded(CONNECTOR);
            features.reevaluateLimit().run();
        } else if (n instanceof Notification.StateChanged || n instanceof Notification.ErrorChanged) {
            publishStatus(wall);
        }
    }

    private void publishStatus(long wall) {
        Status s = charger.status();
        if (starting) {
            if (s.state() == EvseState.Disabled && cp.availability().operative(0)
                    && cp.availability().operative(CONNECTOR)) {
                return; // the core's start, not a status: the real one follows within about a second
            }
            starting = false;
        }
        OcppMapping.Statuses st = OcppMapping.statuses(s, cp.store().active(CONNECTOR) != null);
        cp.statusChanged(CONNECTOR, st.connector(), st.code(), st.info(), st.vendorCode(), wall);
        cp.statusChanged(0, st.chargePoint(), st.chargePointCode(), null, null, wall);
    }

    @Override
    public void onBoardEvent(long tMs, BoardEvent event) {
        if (event instanceof BoardEvent.PowermeterReading r) {
            PowermeterValues v = r.values();
            int phases = Math.max(1, charger.status().phases());
            double[] current = new double[phases];
            double[] voltage = new double[phases];
            for (int i = 0; i < phases; i++) {
                current[i] = v.currentA().get(i + 1);
                voltage[i] = v.voltageV().get(i + 1);
            }
            MeterReading m = new MeterReading(loop.time().wallMs(), v.energyImportWh(), v.powerW(), current, voltage,
                    charger.status().offeredA());
            lastReading = m;
            try {
                cp.meterReading(CONNECTOR, m);
            } catch (RuntimeException e) {
                LOG.log(java.util.logging.Level.SEVERE, "OCPP could not record a meter value", e);
            }
        }
    }

    // ================================================================== OCPP → charger (client thread)

    @Override
    public boolean remoteStart(int connectorId, String idTag) {
        charger.control(new ControlEvent.TokenPresented(idTag));
        return true;
    }

    @Override
    public boolean remoteStop(int connectorId) {
        charger.control(new ControlEvent.StopTransaction(StopReason.Remote));
        return true;
    }

    @Override
    public void deauthorize(int connectorId) {
        charger.control(new ControlEvent.StopTransaction(StopReason.DeAuthorized));
    }

    @Override
    public CompletionStage<UnlockConnectorStatus> unlockConnector(int connectorId) {
        if (!caps.hasLock()) {
            // OCPP 1.6 §7.46: "Charge Point has no connector lock" (always so with the default tethered cable).
            // The transaction goes on: §5.18 says UnlockConnector SHOULD NOT be used as a remote stop.
            return CompletableFuture.completedFuture(UnlockConnectorStatus.NotSupported);
        }
        // OCPP 1.6 §5.18: a running transaction is finished first (StopReason.UnlockCommand); the core opens the
        // lock once power is off.
        return unlock.unlock();
    }

    @Override
    public void setAvailability(int connectorId, boolean operative) {
        boolean all = cp.availability().operative(0) && cp.availability().operative(CONNECTOR);
        charger.control(new ControlEvent.Enable(operative && all));
    }

    @Override
    public boolean reset(ResetType type) {
        LOG.info("Reset " + type + " requested by the CSMS");
        // The client restarts once the StopTransaction of the running transaction is answered (ChargePoint).
        charger.control(new ControlEvent.StopTransaction(type == ResetType.Hard ? StopReason.HardReset
                : StopReason.SoftReset));
        return true;
    }

    @Override
    public void registrationChanged(Registration registration) {
        LOG.info("registration: " + registration);
    }

    @Override
    public MeterReading meterNow(int connectorId) {
        return lastReading;
    }

    // ================================================================== lifecycle

    @Override
    public Optional<StatusPart> statusPart() {
        OcppStatus s = status;
        return s == null ? Optional.empty() : Optional.of(s.part());
    }

    /** True while transaction messages wait for the CSMS. */
    @Override
    public boolean busy() {
        return cp != null && cp.busy();
    }

    /** The drain grace period (JevseDrainGraceSeconds, from ocpp.drain_grace_s), one call timeout and a second. */
    @Override
    public long closeTimeoutMs() {
        return keys == null ? 0
                : keys.getInt(OcppKeys.DRAIN_GRACE) * 1000L + ChargePoint.Timing.defaults().callTimeoutMs() + 1_000;
    }

    /**
     * Delivers the queued transaction messages for up to the drain grace period, waits for the answer to the CALL
     * in flight (its call timeout at most), then disconnects ({@link ChargePoint#stop(long)}). Undelivered messages
     * stay on disk. On SIGTERM this thread is interrupted; the wait goes on regardless, within its bound, so an
     * answer on its way is read and its message not sent again at the next start.
     */
    @Override
    public void close() {
        if (closed || cp == null) {
            return;
        }
        closed = true;
        CompletableFuture<Void> stopped = cp.stop(keys.getInt(OcppKeys.DRAIN_GRACE) * 1000L);
        long deadline = System.nanoTime() + closeTimeoutMs() * 1_000_000L;
        boolean interrupted = false;
        while (!stopped.isDone() && System.nanoTime() < deadline) {
            try {
                stopped.get(Math.max(1, (deadline - System.nanoTime()) / 1_000_000L),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                break;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (cp.busy()) {
            LOG.warning(cp.store().size() + " transaction message(s) not delivered; kept in " + dataDir);
        }
        if (firmware != null) {
            firmware.close();
        }
        securityServices.close();
        sched.submit(sched::shutdown);
    }
}
