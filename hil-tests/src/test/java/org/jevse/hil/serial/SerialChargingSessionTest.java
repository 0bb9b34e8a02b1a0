package org.jevse.hil.serial;

import org.jevse.evse.core.ChargerInput;
import org.jevse.board.serial.SocatPair;
import org.jevse.board.serial.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jevse.board.port.BoardCommand;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.McuEmulator;
import org.jevse.board.serial.Proto;
import org.jevse.board.serial.SerialBoard;
import org.jevse.board.sim.EvScript;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.Charger;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.LocalListAuthorization;
import org.jevse.evse.core.EvseState;
import org.jevse.evse.core.Notification;
import org.jevse.evse.core.SafetyInvariants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole charging session of the real charger core on the serial board (the Linux side), against the reference
 * MCU emulator on the other end of a socat pseudo-terminal pair, on real time.
 */
class SerialChargingSessionTest {

    @TempDir
    Path dir;

    @Test
    void fullSessionOverAPty() throws Exception {
        JevseConfig cfg = ConfigLoader.parse("""
                evse:
                  disable_authentication: true
                board:
                  sim:
                    ev_reaction_ms: 200
                    meter_interval_ms: 300
                """, "test config");
        try (SocatPair pty = SocatPair.create(dir);
             McuEmulator mcu = new McuEmulator(JSerialCommLink.open(pty.b.toString(), 115200), cfg.board().sim(),
                     230, 1000).start();
             SerialBoard board = SerialBoard.open(JSerialCommLink.open(pty.a.toString(), 115200),
                     SerialBoard.Options.DEFAULT)) {
            EventLoop loop = EventLoop.realtime();
            Charger charger = new Charger(cfg, board, board.capabilities().maxPhases(), loop, new SplittableRandom(1),
                    new LocalListAuthorization(List.of()));
            List<Object> log = new CopyOnWriteArrayList<>();
            List<String> violations = new CopyOnWriteArrayList<>();
            SafetyInvariants invariants = new SafetyInvariants(cfg.evse());
            // Records everything and checks the core's safety invariants after every step (on the loop thread).
            charger.addListener(new ChargerListener() {
                final List<BoardCommand> stepCommands = new java.util.ArrayList<>();
                final List<Notification> stepNotifications = new java.util.ArrayList<>();
                org.jevse.evse.core.Status last;

                @Override
                public void onBoardEvent(long t, BoardEvent e) {
                    log.add(e);
                }

                @Override
                public void onCommand(long t, BoardCommand c) {
                    log.add(c);
                    stepCommands.add(c);
                }

                @Override
                public void onNotification(long t, Notification n) {
                    log.add(n);
                    stepNotifications.add(n);
                }

                @Override
                public void onStepEnd(long t, ChargerInput input) {
                    var after = charger.status();
                    violations.addAll(invariants.checkStep(last != null ? last : after, input, stepCommands,
                            stepNotifications, after));
                    last = after;
                    stepCommands.clear();
                    stepNotifications.clear();
                }
            });
            charger.start();
            Thread loopThread = new Thread(() -> loop.run(() -> Thread.currentThread().isInterrupted()), "loop");
            loopThread.start();
            try {
                mcu.runScript(EvScript.parse("sleep 1; plugin; iec_wait_pwr_ready; draw_power_regulated 16,3; "
                        + "sleep 4; unplug"));
                Await.until("Charging", () -> log.contains(new Notification.StateChanged(EvseState.Charging,
                        java.util.Set.of())) || charger.status().state() == EvseState.Charging, log::toString);
                Await.until("contactor closed in the MCU", () -> mcu.<Boolean>query(b -> b.contactorClosed()));
                assertEquals(Proto.PILOT_PWM, mcu.pilotMode());
                double offered = 16 / 0.6;
                assertTrue(mcu.pilotDuty() > 10 && mcu.pilotDuty() <= 53.34, "duty " + mcu.pilotDuty());
                Await.until("session finished", () -> log.stream().anyMatch(o -> o instanceof Notification.SessionFinished),
                        log::toString);
                Await.until("contactor open in the MCU", () -> !mcu.<Boolean>query(b -> b.contactorClosed()));
                // The MCU reports the opened relay in a frame of its own: wait for it to reach the charger's loop.
                Await.until("relay feedback (open) received", () -> log.contains(new BoardEvent.RelayFeedback(false)),
                        log::toString);
                Notification.SessionFinished fin = log.stream().filter(o -> o instanceof Notification.SessionFinished)
                        .map(o -> (Notification.SessionFinished) o).findFirst().orElseThrow();
                assertTrue(fin.energyWh() > 0, "energy " + fin.energyWh());
                assertEquals(1, log.stream().filter(new BoardEvent.RelayFeedback(true)::equals).count(), log::toString);
                assertEquals(1, log.stream().filter(new BoardEvent.RelayFeedback(false)::equals).count(), log::toString);
                assertTrue(log.contains(new BoardCommand.AllowPower(true, org.jevse.board.port.PowerReason.FULL_POWER_CHARGING)),
                        log::toString);
                assertEquals(0, mcu.safeStateEntries(), "keepalives must hold the MCU out of its safe state");
                assertEquals(0, mcu.decoder().crcErrors() + board.decoder().crcErrors());
                assertEquals(0, board.badEvents());
                assertTrue(offered > 0);
                assertEquals(List.of(), violations, "safety invariants");
            } finally {
                loopThread.interrupt();
                loopThread.join(2000);
            }
        }
    }
}
