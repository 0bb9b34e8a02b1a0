package org.jevse.ocpp.testkit;

import org.jevse.ocpp.cp.CoreKeys;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.StandardKeys;
import org.jevse.ocpp.cp.ChargePoint;
import org.jevse.ocpp.store.AvailabilityStore;
import org.jevse.ocpp.store.TransactionStore;

/** A charge point on a {@link FakeTransport} and a {@link DirectScheduler}: no network, no threads, no sleeping. */
public final class UnitChargePoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    public final DirectScheduler sched = new DirectScheduler();
    public final FakeTransport transport = new FakeTransport();
    public final FakeHost host = new FakeHost();
    public final Schemas schemas = new Schemas();
    public final Configuration config;
    public final TransactionStore store;
    public final ChargePoint cp;

    public UnitChargePoint(Path dir) {
        this(dir, "Core,RemoteTrigger");
    }

    /** With {@code profiles} as SupportedFeatureProfiles (keys that depend on it follow). */
    public UnitChargePoint(Path dir, String profiles) {
        this(dir, profiles, java.util.List.of());
    }

    /** With the keys of further profiles ({@code extraKeys}, e.g. {@code Features.keys}). */
    public UnitChargePoint(Path dir, String profiles, java.util.List<org.jevse.ocpp.config.ConfigKey> extraKeys) {
        this(dir, profiles, extraKeys, (org.jevse.ocpp.cp.Features.Setup) null);
    }

    /** With the optional profiles built from {@code features} ({@code cp.features()}), when not null. */
    public UnitChargePoint(Path dir, String profiles, java.util.List<org.jevse.ocpp.config.ConfigKey> extraKeys,
                           org.jevse.ocpp.cp.Features.Setup features) {
        this(dir, profiles, extraKeys, s -> features);
    }

    /**
     * With the optional profiles built from what {@code features} makes of this rig's scheduler (a limit sink that
     * notes the virtual time), when not null.
     */
    public UnitChargePoint(Path dir, String profiles, java.util.List<org.jevse.ocpp.config.ConfigKey> extraKeys,
                           java.util.function.Function<DirectScheduler, org.jevse.ocpp.cp.Features.Setup> features) {
        java.util.List<org.jevse.ocpp.config.ConfigKey> keys = new java.util.ArrayList<>(
                CoreKeys.of(1, 60, profiles, StandardKeys.Cable.SOCKET));
        keys.addAll(extraKeys);
        config = new Configuration(keys, dir == null ? null : dir.resolve("config.json"));
        store = new TransactionStore(dir, 10_000);
        cp = new ChargePoint(new ChargePoint.Identity("jevse", "unit", null, "0.1.0", null),
                new ChargePoint.Timing(30_000, 1_000, 60_000, 0, 60_000), 1, config, store,
                new AvailabilityStore(dir == null ? null : dir.resolve("availability.json")), transport, sched,
                host, new SplittableRandom(1), features.apply(sched));
        cp.addFrameTap(schemas::tap);
    }

    /** Starts, opens the connection and answers the BootNotification with Accepted. */
    public UnitChargePoint startAccepted() {
        cp.start();
        transport.open();
        JsonNode boot = lastSent();
        if (!"BootNotification".equals(boot.get(2).asText())) {
            throw new AssertionError("expected a BootNotification, got " + boot);
        }
        answer(boot.get(1).asText(), "{\"status\":\"Accepted\",\"currentTime\":\"2026-11-21T06:00:00Z\",\"interval\":300}");
        return this;
    }

    public JsonNode lastSent() {
        try {
            return JSON.readTree(transport.last());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void answer(String id, String payload) {
        transport.inject("[3,\"" + id + "\"," + payload + "]");
    }

    /** Answers the outstanding CALL (the last one sent) with {@code payload}; returns that CALL. */
    public JsonNode answerLast(String payload) {
        JsonNode c = lastSent();
        answer(c.get(1).asText(), payload);
        return c;
    }
}
