package org.jevse.bench;

/**
 * How a case needs the charger under test set up. The sim driver sets jevse up so; a bench with a real charger
 * runs the case only if its file says the charger is set up so.
 *
 * @param maxCurrentA the current the charger offers, null for "whatever it offers"
 * @param socket      the charger has a socket and reads the PP resistor
 */
public record ChargerSetup(Integer maxCurrentA, boolean socket) {

    public static final ChargerSetup ANY = new ChargerSetup(null, false);
}
