package org.jevse.evse.core;

/** One charging session: from plug-in to unplug. */
public record Session(String id, long startWallMs, double startEnergyWh) {
}
