package org.jevse.board.port;

/**
 * One powermeter reading (EVerest powermeter interface, reduced to what AC charging uses).
 *
 * @param energyImportWh monotonic total imported energy in Wh
 * @param powerW         total active power in W
 * @param currentA       current per phase in A
 * @param voltageV       voltage per phase in V
 */
public record PowermeterValues(double energyImportWh, double powerW, PerPhase currentA, PerPhase voltageV) {
}
