package org.jevse.board.sim;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jevse.config.ConfigLoader;
import org.jevse.config.SimBoardConfig;

/**
 * A {@link SimBoardConfig} with the documented defaults, changed one setting at a time. The defaults come from the
 * configuration's own {@code @Key} annotations (through {@link ConfigLoader}), so they are declared once.
 */
final class SimConfigBuilder {
    private final Map<String, Object> overrides = new LinkedHashMap<>();

    static SimConfigBuilder defaults() {
        return new SimConfigBuilder();
    }

    private SimConfigBuilder set(String key, Object value) {
        overrides.put(key, value);
        return this;
    }

    SimConfigBuilder phases(int v) {
        return set("phases", v);
    }

    SimConfigBuilder phaseSwitching(boolean v) {
        return set("phase_switching", v);
    }

    SimConfigBuilder socket() {
        return set("connector", "socket");
    }

    SimConfigBuilder cableRatingA(double v) {
        return set("cable_rating_A", v);
    }

    SimConfigBuilder relayFeedback(boolean v) {
        return set("relay_feedback", v);
    }

    SimConfigBuilder lock(boolean v) {
        return set("lock", v);
    }

    SimConfigBuilder rcd(boolean v) {
        return set("rcd", v);
    }

    SimConfigBuilder relayDelayMs(int v) {
        return set("relay_delay_ms", v);
    }

    SimConfigBuilder evReactionMs(int v) {
        return set("ev_reaction_ms", v);
    }

    SimConfigBuilder meterIntervalMs(int v) {
        return set("meter_interval_ms", v);
    }

    SimBoardConfig build() {
        StringBuilder yaml = new StringBuilder("board:\n  sim:\n");
        overrides.forEach((k, v) -> yaml.append("    ").append(k).append(": ").append(v).append('\n'));
        return ConfigLoader.parse(yaml.toString(), "SimConfigBuilder").board().sim();
    }
}
