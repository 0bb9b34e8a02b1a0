package org.jevse.evse.app;

import java.util.SplittableRandom;
import org.jevse.board.sim.EvScript;
import org.jevse.board.sim.EvScriptRunner;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.board.time.EventLoop;
import org.jevse.config.AuthConfig;
import org.jevse.config.JevseConfig;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.app.plugin.ChargerPlugin;
import org.jevse.evse.app.plugin.BadInputException;

/**
 * The real core on the simulated board, driven by an EV script: what {@code jevse simulate} and
 * {@code jevse run} (on {@code board.type: sim}) execute.
 */
public final class SimulatedCharger {

    /** How the clock runs. */
    public enum Pace {
        /** Virtual time, as fast as the CPU allows. */
        VIRTUAL,
        /** Virtual time paced to the wall clock (simulate --realtime). */
        PACED,
        /** The machine's real clocks (jevse run). */
        REAL
    }

    /** Charger time run after the script's last command. */
    static final long SETTLE_MS = 1000;

    private final EventLoop loop;
    private final SimulatedBoard board;
    private final Charger charger;
    private final EvScriptRunner runner;
    private final java.util.List<ChargerPlugin> plugins;

    /**
     * Builds everything; nothing runs until {@link #run}. The script is parsed before anything is built, so a bad
     * script starts nothing.
     */
    public SimulatedCharger(JevseConfig cfg, EvScript script, Pace pace, long seed) {
        if (cfg.board().powermeter().type() == org.jevse.config.PowermeterType.modbus) {
            throw new BadInputException("board.powermeter.type modbus needs a hardware board (board.type raspberrypi or serial)");
        }
        long wallOrigin = System.currentTimeMillis(); // only labels sessions; all timing is monotonic
        this.loop = switch (pace) {
            case VIRTUAL -> EventLoop.virtual(wallOrigin);
            case PACED -> EventLoop.pacedVirtual(wallOrigin);
            case REAL -> EventLoop.realtime();
        };
        this.board = new SimulatedBoard(cfg.board().sim(), cfg.evse().acNominalVoltage(), loop);
        AuthConfig auth = cfg.auth();
        this.charger = new Charger(cfg, board, cfg.board().sim().phases(), loop, new SplittableRandom(seed),
                new LocalListAuthorization(auth.localList()));
        this.runner = new EvScriptRunner(script, board,
                tag -> charger.control(new ControlEvent.TokenPresented(tag)));
        this.plugins = ChargerExtras.attach(cfg, charger, loop);
    }

    public Charger charger() {
        return charger;
    }

    public SimulatedBoard board() {
        return board;
    }

    public EventLoop loop() {
        return loop;
    }

    /** The plugins the configuration asked for (attached). */
    public java.util.List<ChargerPlugin> plugins() {
        return plugins;
    }


    /**
     * Starts the charger and the script, and runs until the script has ended and its last instant is processed,
     * then while a plugin still has work in flight, for at most {@code drainGraceMs} more.
     */
    public void run(long drainGraceMs) {
        charger.start();
        runner.start();
        loop.run(runner::finished);
        // Let what the script's last step set off settle (the contactor's feedback, the next meter reading) so the
        // final status and the event stream end on the charger's answer, not mid-way.
        long end = loop.time().monotonicMs() + SETTLE_MS;
        loop.run(() -> loop.nextDueMs() > end);
        long deadline = loop.time().monotonicMs() + drainGraceMs;
        loop.run(() -> plugins.stream().noneMatch(ChargerPlugin::busy) || loop.time().monotonicMs() >= deadline);
        for (ChargerPlugin p : plugins) {
            p.close();
        }
    }

    public void run() {
        run(0);
    }
}
