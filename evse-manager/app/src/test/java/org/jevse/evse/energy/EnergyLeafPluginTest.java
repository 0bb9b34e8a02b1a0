package org.jevse.evse.energy;

import org.jevse.evse.core.ChargerInput;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jevse.evse.app.SimulatedCharger;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.PauseReason;
import org.jevse.evse.core.Status;
import org.jevse.energy.alloc.LeafState;
import org.jevse.evse.app.energy.EnergyLeafPlugin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leaf in the charger without a parent: it charges at the fail-safe current, never more. */
class EnergyLeafPluginTest {

    static String unreachableBroker() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "tcp://127.0.0.1:" + s.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    void neverHeardAParentWithFailsafeZero_theSessionPausesAndNothingIsOffered() throws Exception {
        var cfg = ChargerRig.config("cpA", unreachableBroker(), "t", 0,
                "plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 30; unplug");
        ChargerRig rig = new ChargerRig("cpA", cfg, SimulatedCharger.Pace.VIRTUAL);
        java.util.List<Status> seen = new java.util.ArrayList<>();
        rig.sim.charger().addListener(new org.jevse.evse.app.plugin.ChargerListener() {
            @Override
            public void onStepEnd(long tMs, ChargerInput input) {
                seen.add(rig.sim.charger().status());
            }
        });
        rig.sim.run();
        rig.sim.charger(); // ran to the end of the script
        assertEquals(0.0, rig.maxOffered, "no current without a parent when failsafe_current_A is 0");
        assertTrue(seen.stream().anyMatch(s -> s.state() == EvseState.ChargingPausedEVSE
                || s.pauseReasons().contains(PauseReason.NoEnergy) || s.state() == EvseState.PrepareCharging),
                "the session waits for energy");
    }

    @Test
    void neverHeardAParentWithAFailsafeCurrent_chargesAtExactlyThat() throws Exception {
        var cfg = ChargerRig.config("cpB", unreachableBroker(), "t", 10,
                "plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 30; unplug");
        ChargerRig rig = new ChargerRig("cpB", cfg, SimulatedCharger.Pace.VIRTUAL);
        rig.sim.run();
        assertEquals(10.0, rig.maxOffered, "the fail-safe (WARP's default current), never more");
    }

    @Test
    void coreStatesMapOntoTheContractsStates() throws Exception {
        var cfg = ChargerRig.config("cpC", unreachableBroker(), "t", 16,
                "plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 5; pause; sleep 5; unplug");
        ChargerRig rig = new ChargerRig("cpC", cfg, SimulatedCharger.Pace.VIRTUAL);
        java.util.Set<LeafState> states = java.util.EnumSet.noneOf(LeafState.class);
        rig.sim.charger().addListener(new org.jevse.evse.app.plugin.ChargerListener() {
            @Override
            public void onStepEnd(long tMs, ChargerInput input) {
                states.add(EnergyLeafPlugin.leafState(rig.sim.charger().status()));
            }
        });
        rig.sim.run();
        assertTrue(states.containsAll(java.util.List.of(LeafState.IDLE, LeafState.CHARGING, LeafState.EV_PAUSED)),
                states.toString());
    }

    @Test
    void anEvseIdThatIsNoTopicLevelStopsTheStartWhenTheLeafTakesIt(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cp.yaml");
        Files.writeString(f, "evse:\n  evse_id: DE/PNX/1\nenergy:\n  broker_url: " + unreachableBroker() + "\n");
        String[] r = EnergyManagerCommandTest.run("run", "--config", f.toString());
        assertEquals("2", r[0], r[2]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].contains("energy: leaf id \"DE/PNX/1\" (evse.evse_id, as energy.leaf_id is empty) is not a"
                + " topic level; allowed: 1 to 64 characters without / + # or control characters"), r[2]);
    }
}
