package org.jevse.config;

/** The simulated board and its EV. */
public record SimBoardConfig(
        @Key(name = "phases", def = "3", min = 1, max = 3, jevse = true,
             doc = "Phases wired to the charger, and the phases it starts with.")
        int phases,
        @Key(name = "phase_switching", def = "false", jevse = true,
             doc = "The board can switch between 1 and 3 phases, also while charging.")
        boolean phaseSwitching,
        @Key(name = "max_current_A", def = "32", min = 6, max = 80, jevse = true,
             doc = "The most current per phase the board's hardware carries.")
        double maxCurrentA,
        @Key(name = "min_current_A", def = "6", min = 6, max = 80, jevse = true,
             doc = "The least current per phase the board may offer (6 A is the IEC 61851-1 PWM minimum).")
        double minCurrentA,
        @Key(name = "connector", def = "cable", jevse = true,
             doc = "`cable`: a tethered cable rated `cable_rating_A`. `socket`: a type 2 socket, rated by the PP resistor of the plugged cable.")
        SimConnector connector,
        @Key(name = "cable_rating_A", def = "32", min = 6, max = 80, jevse = true,
             doc = "Rating of the tethered cable (connector: cable).")
        double cableRatingA,
        @Key(name = "relay_feedback", def = "true", jevse = true,
             doc = "The contactor has a mirror contact that reports PowerOn/PowerOff (needed for welding detection).")
        boolean relayFeedback,
        @Key(name = "lock", def = "false", jevse = true,
             doc = "A connector lock with feedback is fitted (usual with a socket).")
        boolean lock,
        @Key(name = "rcd", def = "true", jevse = true,
             doc = "An RCD/RDC-DD is fitted: it trips at 6 mA DC or 30 mA AC and runs self-tests.")
        boolean rcd,
        @Key(name = "relay_delay_ms", def = "30", min = 0, max = 1000, jevse = true,
             doc = "Time from a contactor command to its mirror-contact feedback.")
        int relayDelayMs,
        @Key(name = "ev_reaction_ms", def = "1000", min = 0, max = 10000, jevse = true,
             doc = "Time the simulated EV takes to follow a PWM change or a PWM stop (IEC 61851-1 allows it 5 s and 3 s).")
        int evReactionMs,
        @Key(name = "meter_interval_ms", def = "1000", min = 100, max = 60000, jevse = true,
             doc = "Interval between simulated powermeter readings.")
        int meterIntervalMs,
        @Key(name = "ev_script", def = "sleep 1; plugin; sleep 2; auth DEMO-TAG; draw_power_regulated 32,3; sleep 60; pause; sleep 5; unplug",
             jevse = true,
             doc = "The EV script run by `jevse run` on the simulated board, and by `jevse simulate` when `--ev` is not given.")
        String evScript) {
}
