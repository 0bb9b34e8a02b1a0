package org.jevse.ocpp.testkit;

import org.jevse.ocpp.cp.CoreKeys;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.jevse.ocpp.session.ClientThread;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;
import org.jevse.ocpp.transport.WebSocketTransport;

/** A charge point on a real WebSocket, real files in {@code dir}, short reconnect waits, schema-checked frames. */
public final class TestChargePoint implements AutoCloseable {
    public final ChargePoint cp;
    public final FakeHost host = new FakeHost();
    public final Schemas schemas = new Schemas();
    public final Configuration config;
    public final TransactionStore store;
    private final ClientThread sched = new ClientThread("ocpp-test");

    public TestChargePoint(String uri, String id, Path dir) {
        this(uri, id, dir, 10_000);
    }

    public TestChargePoint(String uri, String id, Path dir, int queueBound) {
        this(uri, id, dir, queueBound, false);
    }

    /** With {@code features}: the LocalAuthListManagement and SmartCharging profiles too ({@link #features}). */
    public TestChargePoint(String uri, String id, Path dir, int queueBound, boolean features) {
        java.util.List<org.jevse.ocpp.config.ConfigKey> keys = new java.util.ArrayList<>(CoreKeys.of(1, 60,
                features ? org.jevse.ocpp.cp.Features.PROFILES : "Core,RemoteTrigger", StandardKeys.Cable.SOCKET));
        if (features) {
            keys.addAll(org.jevse.ocpp.cp.Features.keys(LIST, SC, false));
        }
        // a vendor key that takes effect at the next start, as the charger plugin defines JevseCentralSystemUri
        keys.add(org.jevse.ocpp.config.ConfigKey.string("JevseCentralSystemUri", false, uri).rebootRequired());
        config = new Configuration(keys, dir.resolve("config.json"));
        store = new TransactionStore(dir, queueBound);
        WebSocketTransport t = new WebSocketTransport(
                () -> new WebSocketTransport.Settings(uri, id, null, null, 5), 30);
        org.jevse.ocpp.cp.Features.Setup setup = null;
        if (features) {
            try {
                setup = new org.jevse.ocpp.cp.Features.Setup(org.jevse.ocpp.cp.Features.open(dir, LIST, SC, 100),
                        null, () -> org.jevse.ocpp.smartcharging.ConnectorPhases.fixed(3),
                        l -> limits.add(Double.isInfinite(l.amps()) ? -1.0 : l.amps()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        cp = new ChargePoint(new ChargePoint.Identity("jevse", "test", "SN-1", "0.1.0", null),
                new ChargePoint.Timing(10_000, 100, 1_000, 100, 1_000), 1, config, store,
                new AvailabilityStore(dir.resolve("availability.json")), t, sched, host,
                new SplittableRandom(7), setup);
        cp.addFrameTap(schemas::tap);
        if (features) {
            this.features = cp.features();
            this.firmware = org.jevse.ocpp.firmware.FirmwareManagement.install(cp, dir.resolve("firmware"),
                    null, null, () -> "queue: " + store.size() + "\n");
        }
    }

    static final org.jevse.ocpp.localauth.LocalListConfig LIST = new org.jevse.ocpp.localauth.LocalListConfig(true, 100, 20);
    static final org.jevse.ocpp.smartcharging.SmartChargingConfig SC =
            org.jevse.ocpp.smartcharging.SmartChargingConfig.singleConnector(32);
    public org.jevse.ocpp.cp.Features.Installed features;
    /** With features: the FirmwareManagement profile (default installer staging into dir/firmware/staged). */
    public org.jevse.ocpp.firmware.FirmwareManagement firmware;
    /** Every OCPP limit sent to the charger (A per phase, -1 = none). */
    public final java.util.List<Double> limits = new java.util.concurrent.CopyOnWriteArrayList<>();

    public TestChargePoint start() {
        cp.start();
        return this;
    }

    @Override
    public void close() {
        if (firmware != null) {
            firmware.close();
        }
        try {
            // the close waits for the answer to a CALL in flight (at most the 10 s call timeout)
            cp.stop().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new AssertionError("the charge point did not stop", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sched.submit(sched::shutdown);
    }
}
