package org.jevse.board.port;

/**
 * The board-support port: the only way the charger core reaches hardware. Shaped after EVerest's
 * evse_board_support, ac_rcd, connector_lock and powermeter interfaces.
 *
 * <p>Contract for implementers (docs/porting.md): commands return at once; events go to the listener, from any
 * thread, and the runtime serialises them into the core; the listener call blocks while the runtime is a bounded
 * number of events behind, so no lock a command needs may be held while calling it. A board that cannot do something (no lock, no RCD)
 * says so in {@link #capabilities()} and ignores the command.
 */
public interface BoardSupport extends AutoCloseable {

    HardwareCapabilities capabilities();

    /** Where the board sends its events. Set once, before {@link #start()}. */
    void setListener(BoardEventListener listener);

    /** Begin reporting; the board reports its current CP state (and PP) first, so a car already plugged is seen. */
    void start();

    void pilotPwm(double dutyPercent);

    /** The check every {@link #pilotPwm} makes first: a duty cycle is 0..100 %. */
    static double requireDuty(double dutyPercent) {
        if (!(dutyPercent >= 0 && dutyPercent <= 100)) {
            throw new IllegalArgumentException("PWM duty must be 0..100 %, got " + dutyPercent);
        }
        return dutyPercent;
    }

    void pilotX1();

    void pilotF();

    void allowPower(boolean on, PowerReason reason);

    void switchPhases(int phases);

    void setOverCurrentLimit(double amps);

    void lockConnector(boolean locked);

    void rcdSelfTest();

    void rcdReset();

    @Override
    void close();
}
