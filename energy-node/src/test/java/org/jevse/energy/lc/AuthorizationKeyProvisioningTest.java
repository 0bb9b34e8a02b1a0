package org.jevse.energy.lc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.ocpp.security.AuthorizationKey;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.testkit.Schemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CS mode with provision_authorization_keys: a charger that connects without credentials (security profile 0 or
 * 1 without a key) gets its own AuthorizationKey from the LC (Security Whitepaper A01) as the LC's own
 * ChangeConfiguration; once it accepted, the key is stored as a salted hash in the data dir, never logged, and
 * required: no key or a wrong one is refused in the handshake, the key (hex-decoded or as hex text) opens it. A
 * charger that rejects the key keeps connecting without one (A01.FR.04). The charger is a scripted WebSocket
 * client; every frame the LC sends is checked against the OCA schemas.
 */
class AuthorizationKeyProvisioningTest {

    @TempDir
    Path dir;
    final Schemas schemas = new Schemas();
    final List<String> logged = new CopyOnWriteArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(String.valueOf(r.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    MosquittoProcess broker;
    EnergyManager manager;
    LocalController lc;
    int port;

    @BeforeEach
    void start() throws Exception {
        Logger.getLogger("").addHandler(capture);
        broker = BrokerTests.startBroker();
        port = BrokerTests.freePort();
        EnergyManagerFile file = EnergyManagerFile.parse("""
                broker_url: %s
                topic_prefix: test/prov
                nodes:
                  - {id: site, limits_A: [32, 32, 32]}
                chargers:
                  - {id: cp, node: site}
                ocpp_server:
                  listen: 127.0.0.1:%d
                  provision_authorization_keys: true
                  data_dir: %s
                  chargers: [{id: cp}]
                """.formatted(broker.url(), port, dir), "test");
        manager = new EnergyManager(file, new SystemTimeSource());
        lc = new LocalController(manager, file);
        lc.setFrameTap((id, toCharger, text) -> schemas.tap(toCharger ? RpcSession.Direction.SENT
                : RpcSession.Direction.RECEIVED, text));
        manager.start();
        lc.start();
        assertTrue(BrokerTests.await(10_000, () -> ScriptedCharger.listening(port)), "the LC listens");
    }

    @AfterEach
    void stop() throws Exception {
        Logger.getLogger("").removeHandler(capture);
        if (lc != null) {
            lc.close();
        }
        if (manager != null) {
            manager.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    ScriptedCharger charger(String auth) {
        return new ScriptedCharger(port, "cp", auth);
    }

    static String header(String key, AuthorizationKey.Encoding e) {
        return AuthorizationKey.of(key, e).basicAuthorizationHeader("cp", e);
    }

    @Test
    void aChargerWithoutCredentialsGetsItsOwnKeyWhichIsThenRequired() throws Exception {
        ScriptedCharger first = charger(null);
        assertTrue(first.boot(), "known, no key yet: it connects without credentials");
        assertTrue(BrokerTests.await(10_000, () -> first.keyReceived != null), "ChangeConfiguration AuthorizationKey");
        String key = first.keyReceived;
        assertTrue(key.matches("[0-9a-f]{40}"), "20 random bytes as 40 hex digits (A00.FR.205): " + key.length());
        Path stored = dir.resolve(ChargerRegistry.FILE);
        assertTrue(BrokerTests.await(10_000, () -> Files.exists(stored)), "stored once the charger accepted");
        String file = Files.readString(stored);
        assertTrue(file.contains("key.cp=sha256\\:"), file);
        assertFalse(file.contains(key), "only a salted hash is stored (A01.FR.08)");
        first.closeBlocking(); // A01: the charger reconnects with the new password

        assertFalse(charger(null).boot(), "without the key: refused");
        assertFalse(charger(header("00" + key.substring(2).replace('0', '1'), AuthorizationKey.Encoding.HEX_DECODED))
                .boot(), "a wrong key: refused");
        for (AuthorizationKey.Encoding e : AuthorizationKey.Encoding.values()) {
            ScriptedCharger again = charger(header(key, e));
            assertTrue(again.boot(), "the provisioned key " + e);
            again.closeBlocking();
        }
        assertTrue(new ChargerRegistry(Map.of("cp", ""), Set.of(), dir, 1).keyRequired("cp"),
                "after a restart the stored key is still required");
        assertFalse(logged.stream().anyMatch(l -> l.contains(key)), "the key is never logged (A01.FR.09)");
        assertTrue(logged.stream().anyMatch(l -> l.contains("cp: AuthorizationKey provisioned")), "one line says so");
        assertTrue(logged.stream().anyMatch(l -> l.contains("refused cp: wrong or missing Basic authentication")));
        schemas.assertClean();
    }

    @Test
    void aChargerThatRejectsTheKeyKeepsItsOldCredentials() throws Exception {
        ScriptedCharger c = charger(null);
        c.changeConfigurationStatus = "Rejected";
        assertTrue(c.boot());
        assertTrue(BrokerTests.await(10_000, () -> c.keyReceived != null), "the key was offered");
        assertTrue(BrokerTests.await(10_000, () -> logged.stream().anyMatch(l -> l.contains("not provisioned (Rejected)"))));
        c.closeBlocking();
        assertFalse(Files.exists(dir.resolve(ChargerRegistry.FILE)), "nothing stored");
        ScriptedCharger again = charger(null);
        assertTrue(again.boot(), "A01.FR.04: the old credentials (none) still hold");
        assertTrue(BrokerTests.await(10_000, () -> again.keyReceived != null), "and the LC tries again");
        assertNotNull(again.keyReceived);
        again.closeBlocking();
        schemas.assertClean();
    }
}
