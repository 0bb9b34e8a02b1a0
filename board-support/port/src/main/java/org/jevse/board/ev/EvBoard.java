package org.jevse.board.ev;

/**
 * The EV-side board-support port: the car a HIL bench plays on the control pilot (EVerest's
 * {@code ev_board_support}). Commands return at once; measurements go to the listener from any thread, each with
 * the bench's monotonic timestamp; a board reports every change of what it measures, and its state as it is now
 * at {@link #start()}. A command the bench cannot carry out (see {@link #capabilities()}) is ignored.
 */
public interface EvBoard extends AutoCloseable {

    EvCapabilities capabilities();

    /** Where measurements go. Set once, before {@link #start()}. */
    void setListener(EvMeasurementListener listener);

    /** Begins measuring; reports the CP, power and current as they are now. */
    void start();

    /** Switches the CP load: A (open), B, C or D through the IEC resistors. */
    void cpLoad(EvLoad load);

    /** Shorts (true) or restores (false) the EV's CP diode: a diode fault. */
    void diodeShort(boolean shorted);

    /** Shorts CP to PE behind the diode (state E), or lifts the short. */
    void peShort(boolean shorted);

    /** The PP resistor in Ohm (IEC 61851-1 / IEC 62196 cable coding), {@code Double.POSITIVE_INFINITY} for none. */
    void ppResistor(double ohms);

    /** The current per phase the programmable load draws while power is present, on 1 to 3 phases. */
    void loadCurrent(double amps, int phases);

    @Override
    void close();
}
