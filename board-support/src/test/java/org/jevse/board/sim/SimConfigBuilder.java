package org.jevse.board.sim;

import org.jevse.config.SimBoardConfig;
import org.jevse.config.SimConnector;

/** A {@link SimBoardConfig} with the documented defaults, changed one setting at a time. */
final class SimConfigBuilder {
    int phases = 3;
    boolean phaseSwitching = false;
    double maxCurrentA = 32;
    double minCurrentA = 6;
    SimConnector connector = SimConnector.cable;
    double cableRatingA = 32;
    boolean relayFeedback = true;
    boolean lock = false;
    boolean rcd = true;
    int relayDelayMs = 30;
    int evReactionMs = 1000;
    int meterIntervalMs = 1000;
    String evScript = "";

    static SimConfigBuilder defaults() {
        return new SimConfigBuilder();
    }

    SimConfigBuilder phases(int v) {
        phases = v;
        return this;
    }

    SimConfigBuilder phaseSwitching(boolean v) {
        phaseSwitching = v;
        return this;
    }

    SimConfigBuilder socket() {
        connector = SimConnector.socket;
        return this;
    }

    SimConfigBuilder cableRatingA(double v) {
        cableRatingA = v;
        return this;
    }

    SimConfigBuilder relayFeedback(boolean v) {
        relayFeedback = v;
        return this;
    }

    SimConfigBuilder lock(boolean v) {
        lock = v;
        return this;
    }

    SimConfigBuilder rcd(boolean v) {
        rcd = v;
        return this;
    }

    SimConfigBuilder relayDelayMs(int v) {
        relayDelayMs = v;
        return this;
    }

    SimConfigBuilder evReactionMs(int v) {
        evReactionMs = v;
        return this;
    }

    SimConfigBuilder meterIntervalMs(int v) {
        meterIntervalMs = v;
        return this;
    }

    SimBoardConfig build() {
        return new SimBoardConfig(phases, phaseSwitching, maxCurrentA, minCurrentA, connector, cableRatingA,
                relayFeedback, lock, rcd, relayDelayMs, evReactionMs, meterIntervalMs, evScript);
    }
}
