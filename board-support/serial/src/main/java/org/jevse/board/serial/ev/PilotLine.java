package org.jevse.board.serial.ev;

import java.util.Objects;
import org.jevse.board.ev.EvLoad;
import org.jevse.board.serial.McuEmulator;

/**
 * An emulated control pilot between the reference EV-side MCU and the reference charger-side MCU: what the EV
 * switches (load, diode, PE short, PP, load current) is set on the charger-side emulator's simulated EV at once,
 * and what the charger drives (pilot mode and duty, contactor) is sampled every {@code sampleMs} and handed to the
 * EV side, as an ADC sampling the line would. The sample period bounds the bench's view of a charger's reaction
 * time from below; 2 ms against limits of 100 ms and more (IEC 61851-1 Table A.6).
 */
public final class PilotLine implements AutoCloseable {

    private final McuEmulator charger;
    private final EvMcuEmulator ev;
    private final Thread sampler;
    private volatile boolean running = true;

    public PilotLine(McuEmulator charger, EvMcuEmulator ev, int sampleMs) {
        this.charger = Objects.requireNonNull(charger, "charger");
        this.ev = Objects.requireNonNull(ev, "ev");
        ev.onEvChanged(this::evChanged);
        evChanged(ev.ev());
        this.sampler = new Thread(() -> {
            while (running) {
                EvMcuEmulator.ChargerDrive drive = charger.query(b -> new EvMcuEmulator.ChargerDrive(
                        b.pilotMode(), b.pilotDutyPercent(), b.contactorClosed()));
                ev.charger(drive);
                try {
                    Thread.sleep(sampleMs);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "pilot-line");
        sampler.setDaemon(true);
    }

    public PilotLine start() {
        sampler.start();
        return this;
    }

    /** The EV's switches on the charger-side emulator's EV (a car that no longer acts on its own). */
    private void evChanged(EvMcuEmulator.EvSide s) {
        charger.onLoop(b -> {
            b.pp(Double.isInfinite(s.ppOhms()) ? 1e9 : s.ppOhms());
            b.ev().benchSet(s.load() != EvLoad.A, s.load().requestsPower(), s.load() == EvLoad.D,
                    s.diodeShort(), s.peShort(), s.loadA(), s.phases());
        });
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
