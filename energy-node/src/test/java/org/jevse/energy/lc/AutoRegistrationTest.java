package org.jevse.energy.lc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.ocpp.session.RpcSession;
import org.jevse.ocpp.testkit.Schemas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CS mode with auto_register: a charger whose id is in no list connects, becomes a leaf of auto_register_node
 * (the manager allocates and counts it like a configured one), gets the LC's fail-safe, and is still known after
 * the LC restarts (kept in the data dir). Without auto_register the same charger is refused.
 */
class AutoRegistrationTest {

    @TempDir
    Path dir;
    final Schemas schemas = new Schemas();
    MosquittoProcess broker;
    EnergyManager manager;
    LocalController lc;
    int port;

    void start(boolean autoRegister) throws Exception {
        if (broker == null) {
            broker = BrokerTests.startBroker();
        }
        port = BrokerTests.freePort();
        EnergyManagerFile file = EnergyManagerFile.parse("""
                broker_url: %s
                topic_prefix: test/auto
                nodes:
                  - {id: site, limits_A: [32, 32, 32]}
                  - {id: carport, parent: site, limits_A: [20, 20, 20]}
                chargers:
                  - {id: cp1, node: site}
                ocpp_server:
                  listen: 127.0.0.1:%d
                  auto_register: %s
                  auto_register_node: carport
                  auto_register_max_current_A: 16
                  data_dir: %s
                """.formatted(broker.url(), port, autoRegister, dir), "test");
        manager = new EnergyManager(file, new SystemTimeSource());
        lc = new LocalController(manager, file);
        lc.setFrameTap((id, toCharger, text) -> schemas.tap(toCharger ? RpcSession.Direction.SENT
                : RpcSession.Direction.RECEIVED, text));
        manager.start();
        lc.start();
        assertTrue(BrokerTests.await(10_000, () -> ScriptedCharger.listening(port)), "the LC listens");
    }

    void stopLc() {
        lc.close();
        manager.close();
    }

    @AfterEach
    void stop() throws Exception {
        if (lc != null) {
            stopLc();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void anUnknownChargerRegistersBecomesALeafOfItsNodeAndIsKeptForTheNextStart() throws Exception {
        start(false);
        assertFalse(new ScriptedCharger(port, "NEW-1", null).boot(), "auto_register off: refused");
        stopLc();

        start(true);
        ScriptedCharger c = new ScriptedCharger(port, "NEW-1", null);
        assertTrue(c.boot(), "auto_register: it connects");
        assertTrue(BrokerTests.await(10_000, () -> !c.calls("SetChargingProfile").isEmpty()), "it gets the fail-safe");
        assertTrue(lc.view("NEW-1").connected());
        assertTrue(manager.call(() -> manager.core().knows("NEW-1")), "a leaf of the tree");
        assertEquals("carport", manager.call(() -> manager.core().state(0).chargers().stream()
                .filter(x -> x.leafId().equals("NEW-1")).findFirst().orElseThrow().node()), "of auto_register_node");
        c.closeBlocking();
        stopLc();

        start(true);
        assertTrue(manager.call(() -> manager.core().knows("NEW-1")), "known after a restart, before it connects");
        ScriptedCharger again = new ScriptedCharger(port, "NEW-1", null);
        assertTrue(again.boot());
        again.closeBlocking();
        schemas.assertClean();
    }
}
