package org.jevse.evse;

import static org.jevse.evse.Bench.TAG_GOOD;
import static org.jevse.evse.Bench.errorRaised;
import static org.jevse.evse.Bench.powerOn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jevse.evse.core.ChargerCore;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.ErrorCode;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.StopReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions: authorization, transactions, stop reasons, energy, ids and session logs. */
class SessionScenariosTest {

    @Test
    void freeVendChargesEveryEvThatPlugsIn() {
        Bench b = Bench.with("evse:\n  disable_authentication: true\n").ready();
        b.ev("plugin; draw_power_regulated 16,3");
        b.after(1);
        assertEquals(EvseState.Charging, b.state());
        assertEquals(ChargerCore.FREE_SERVICE_TAG, b.all(Notification.TransactionStarted.class).get(0).tag());
        b.assertSafe();
    }

    @Test
    void nothingOfOneSessionCarriesIntoTheNext() {
        // The first session ends paused by the user and with the connector unlocked by an operator.
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    lock: true\n").charging("draw_power_regulated 16,3");
        b.control(new ControlEvent.Pause(true));
        b.after(8);
        b.control(new ControlEvent.UnlockConnector());
        b.after(2);
        assertEquals(EvseState.Finished, b.state());
        b.ev("unplug");
        b.after(1);
        // The next one, with the same tag, charges at once: not paused, locked, a new transaction.
        b.ev("plugin; auth GOOD; draw_power_regulated 16,3");
        b.after(2);
        assertEquals(EvseState.Charging, b.state());
        assertTrue(b.status().pauseReasons().isEmpty(), b.status().line());
        assertEquals(2, b.all(Notification.TransactionStarted.class).size());
        assertEquals(StopReason.UnlockCommand, b.all(Notification.TransactionFinished.class).get(0).reason());
        b.assertSafe();
    }

    @Test
    void aTagOnTheLocalListStartsATransactionAndAnUnknownTagDoesNot() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.ev("plugin; draw_power_regulated 16,3; auth STRANGER");
        b.after(5);
        assertEquals(EvseState.WaitingForAuthentication, b.state());
        assertEquals(0, b.records(powerOn()).size());
        b.ev("auth GOOD");
        b.after(2);
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void aTagPresentedBeforePlugInIsHonouredWithinTheConnectionTimeout() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.ev("auth GOOD; sleep 20; plugin; draw_power_regulated 16,3");
        b.after(22);
        assertEquals(EvseState.Charging, b.state());
        b.assertSafe();
    }

    @Test
    void withoutAuthorizationTheAttemptTimesOutAndOnlyAnUnplugStartsAnew() {
        Bench b = Bench.with(TAG_GOOD + "  connection_timeout_s: 30\n").ready();
        b.ev("plugin; draw_power_regulated 16,3");
        b.after(29.9);
        assertEquals(EvseState.WaitingForAuthentication, b.state());
        b.after(0.2);
        assertEquals(EvseState.Finished, b.state());
        assertEquals(-1, b.firstAt(0, errorRaised(ErrorCode.MREC9AuthorizationTimeout)), "raise_mrec9 is off by default");
        b.ev("unplug");
        assertEquals(StopReason.Timeout, b.all(Notification.SessionFinished.class).get(0).reason());
        b.assertSafe();
    }

    @Test
    void raiseMrec9ReportsTheAuthorizationTimeoutAsAnErrorClearedOnUnplug() {
        Bench b = Bench.with(TAG_GOOD + "  connection_timeout_s: 10\nevse:\n  raise_mrec9: true\n").ready();
        b.ev("plugin");
        b.after(11);
        assertTrue(b.firstAt(0, errorRaised(ErrorCode.MREC9AuthorizationTimeout)) > 0);
        b.ev("unplug");
        b.after(1);
        assertTrue(b.status().errors().isEmpty());
        assertEquals(EvseState.Idle, b.state());
        b.assertSafe();
    }

    @Test
    void presentingTheSameTagAgainStopsTheTransaction() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.after(60);
        b.ev("auth GOOD");
        b.after(3);
        assertEquals(EvseState.Finished, b.state());
        assertEquals(StopReason.Local, b.all(Notification.TransactionFinished.class).get(0).reason());
        assertTrue(!b.status().contactorOn());
        b.assertSafe();
    }

    @Test
    void aRemoteStopEndsTheTransactionAfterTheEvHasStoppedDrawing() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.control(new ControlEvent.StopTransaction(StopReason.Remote));
        assertEquals(EvseState.StoppingCharging, b.state());
        b.after(2);
        assertEquals(EvseState.Finished, b.state());
        Notification.TransactionFinished f = b.all(Notification.TransactionFinished.class).get(0);
        assertEquals(StopReason.Remote, f.reason());
        b.assertSafe();
    }

    @Test
    void theSessionEnergyComesFromTheMeter() {
        Bench b = Bench.with(TAG_GOOD + "board:\n  sim:\n    ev_reaction_ms: 0\n").ready();
        b.ev("plugin; auth GOOD; draw_power_regulated 16,3; sleep 3600; unplug");
        b.after(3601);
        Notification.SessionFinished s = b.all(Notification.SessionFinished.class).get(0);
        assertEquals(StopReason.EVDisconnected, s.reason());
        // 16 A (offered 32, the EV takes 16) x 3 phases x 230 V for one hour = 11040 Wh, less the 230 ms of
        // self-test and relay before the first ampere, less up to one meter interval (1 s = 3.1 Wh) since the
        // last reading before the unplug.
        assertEquals(11040, s.energyWh(), 4.0);
        b.assertSafe();
    }

    @Test
    void aThreeHourSessionRunsOnVirtualTime() {
        Bench b = Bench.with(TAG_GOOD).ready();
        b.ev("plugin; auth GOOD; draw_power_regulated 32,3; sleep 10800; unplug");
        b.after(10802);
        Notification.SessionFinished s = b.all(Notification.SessionFinished.class).get(0);
        assertEquals(3 * 22.08, s.energyWh() / 1000, 0.1, "32 A x 3 x 230 V for 3 h = 66.2 kWh");
        b.assertSafe();
    }

    @Test
    void sessionIdsFollowSessionIdType() {
        assertEquals(36, firstSessionId("UUID").length());
        assertEquals(22, firstSessionId("UUID_BASE64").length());
        assertEquals(16, firstSessionId("SHORT_BASE64").length());
        assertEquals(firstSessionId("UUID"), firstSessionId("UUID"), "ids come from the seeded random source");
    }

    private static String firstSessionId(String type) {
        Bench b = Bench.with(TAG_GOOD + "evse:\n  session_id_type: " + type + "\n").ready();
        b.ev("plugin");
        return b.all(Notification.SessionStarted.class).get(0).session().id();
    }

    @Test
    void sessionLoggingWritesOneFilePerSession(@TempDir Path dir) throws Exception {
        String yaml = TAG_GOOD + "evse:\n  session_logging: true\n  session_logging_path: " + dir + "\n";
        org.jevse.config.JevseConfig cfg = org.jevse.config.ConfigLoader.parse(yaml, "test");
        org.jevse.evse.app.SimulatedCharger sim = new org.jevse.evse.app.SimulatedCharger(cfg,
                org.jevse.board.sim.EvScript.parse("sleep 1; plugin; auth GOOD; draw_power_regulated 16,3; sleep 10; unplug"),
                org.jevse.evse.app.SimulatedCharger.Pace.VIRTUAL, 1);
        sim.run();
        List<Path> files;
        try (var s = Files.list(dir)) {
            files = s.toList();
        }
        assertEquals(1, files.size(), "one session, one file: " + files);
        List<String> lines = Files.readAllLines(files.get(0));
        assertTrue(lines.get(0).contains("\"type\":\"session\"") && lines.get(0).contains("\"started\""), lines.get(0));
        assertTrue(lines.get(lines.size() - 1).contains("\"finished\""), lines.get(lines.size() - 1));
    }

    @Test
    void disablingTheEvseEndsTheTransactionAndShowsF() {
        Bench b = Bench.with(TAG_GOOD).charging("draw_power_regulated 16,3");
        b.control(new ControlEvent.Enable(false));
        assertEquals(EvseState.Disabled, b.state());
        assertTrue(!b.status().contactorOn());
        assertEquals(StopReason.Disabled, b.all(Notification.TransactionFinished.class).get(0).reason());
        b.control(new ControlEvent.Enable(true));
        assertEquals(EvseState.Finished, b.state(), "the EV is still plugged in; a new session needs a replug");
        b.assertSafe();
    }
}
