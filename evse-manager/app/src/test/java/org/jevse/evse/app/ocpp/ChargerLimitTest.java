package org.jevse.evse.app.ocpp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.List;
import org.jevse.evse.Bench;
import org.jevse.evse.core.ControlEvent;
import org.jevse.evse.core.LimitSource;
import org.jevse.ocpp.smartcharging.ConnectorPhases;
import org.jevse.ocpp.smartcharging.PhaseLimit;
import org.junit.jupiter.api.Test;

/** The OCPP limit into the core, on virtual time: the limit as the core's OCPP limit, and the phase count. */
class ChargerLimitTest {
    private static final String SWITCHING = Bench.TAG_GOOD + "board:\n  sim:\n    phase_switching: true\n";

    private static ChargerLimit attach(Bench b, List<ConnectorPhases> evaluatedWith) {
        ChargerLimit l = new ChargerLimit(b.charger);
        l.reevaluateWith(() -> evaluatedWith.add(l.phases()));
        b.charger.addListener(l);
        return l;
    }

    @Test
    void aOnePhaseRestrictionSwitchesDownAndItsEndSwitchesBackUp() {
        Bench b = Bench.with(SWITCHING).ready();
        List<ConnectorPhases> evaluated = new ArrayList<>();
        ChargerLimit l = attach(b, evaluated);
        assertEquals(new ConnectorPhases(3, 1, 3), l.phases());
        l.apply(new PhaseLimit(12, 1)); // 8280 W over the 3 phases still in use; the limits allow 1
        b.after(1);
        assertEquals(1, b.status().phases());
        assertEquals(List.of(new ConnectorPhases(1, 1, 3)), evaluated, "re-evaluated once on 1 phase");
        l.apply(new PhaseLimit(16, 1));
        b.settle();
        assertEquals(16, b.status().binding().amps());
        assertEquals(LimitSource.OCPP, b.status().binding().source());
        l.apply(new PhaseLimit(Double.POSITIVE_INFINITY, 3)); // the profiles were cleared
        b.after(1);
        assertEquals(3, b.status().phases());
        assertNotEquals(LimitSource.OCPP, b.status().binding().source(), "no OCPP limit any more");
        b.assertSafe();
    }

    @Test
    void withoutARestrictionTheEnergyTreesPhaseChoiceStands() {
        Bench b = Bench.with(SWITCHING).ready();
        ChargerLimit l = attach(b, new ArrayList<>());
        b.control(new ControlEvent.SwitchPhases(1)); // the energy tree chose 1 phase
        b.after(1);
        l.apply(new PhaseLimit(Double.POSITIVE_INFINITY, 3));
        l.apply(new PhaseLimit(20, 3));
        b.after(1);
        assertEquals(1, b.status().phases());
    }

    @Test
    void aBoardThatCannotSwitchKeepsItsPhases() {
        Bench b = Bench.with(Bench.TAG_GOOD).ready();
        ChargerLimit l = attach(b, new ArrayList<>());
        assertEquals(ConnectorPhases.fixed(3), l.phases());
        l.apply(new PhaseLimit(12, 3));
        b.after(1);
        assertEquals(3, b.status().phases());
        assertEquals(12, b.status().binding().amps());
    }
}
