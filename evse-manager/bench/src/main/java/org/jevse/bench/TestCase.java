package org.jevse.bench;

import java.util.List;
import java.util.Set;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.sim.EvScript;

/**
 * A checked test case: the EV script (already parsed), what the bench must have, how the charger under test must
 * be set up, and the expectations.
 */
public record TestCase(String name, String scriptText, EvScript script, Set<EvCapabilities.Need> needs,
                       ChargerSetup setup, long settleMs, long timeoutMs, List<Expectation> expectations) {

    public TestCase {
        needs = Set.copyOf(needs);
        expectations = List.copyOf(expectations);
    }

    /** The script presents an RFID card ({@code auth TAG}): the bench must be able to hand a tag to the charger. */
    public boolean presentsCard() {
        return script.steps().stream().anyMatch(s -> s.command() instanceof org.jevse.board.sim.EvCommand.Auth);
    }
}
