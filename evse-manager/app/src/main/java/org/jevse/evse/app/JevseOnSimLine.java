package org.jevse.evse.app;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.jevse.bench.ChargerSetup;
import org.jevse.bench.SimulatedChargerUnderTest;
import org.jevse.board.sim.SimulatedBoard;
import org.jevse.board.time.EventLoop;
import org.jevse.config.JevseConfig;
import org.jevse.config.Key;
import org.jevse.evse.core.ControlEvent;

/**
 * jevse's own core as the charger under test on the bench's simulated pilot line: the same {@link Charger} that
 * {@code jevse run} wires, on the simulated board, set up as each case needs. The bench plays a charger set to
 * start without a card ({@code evse.disable_authentication: true}); a script's {@code auth TAG} still reaches the
 * charger. Plugins (OCPP, the energy leaf) are not attached: the bench tests the pilot and the contactor.
 */
final class JevseOnSimLine implements SimulatedChargerUnderTest {

    private final JevseConfig base;
    private final String source;

    /** @param source how the report names the configuration ("default configuration", a file name) */
    JevseOnSimLine(JevseConfig base, String source) {
        this.base = base;
        this.source = source;
    }

    @Override
    public String describe() {
        return "jevse (its own core, " + source + ")";
    }

    @Override
    public Attached attach(EventLoop loop, ChargerSetup setup) {
        JevseConfig cfg = configure(base, setup);
        SimulatedBoard board = new SimulatedBoard(cfg.board().sim(), cfg.evse().acNominalVoltage(), loop);
        Charger charger = new Charger(cfg, board, cfg.board().sim().phases(), loop, new SplittableRandom(1),
                new LocalListAuthorization(cfg.auth().localList()));
        return new Attached() {
            @Override
            public SimulatedBoard board() {
                return board;
            }

            @Override
            public void start() {
                charger.start();
            }

            @Override
            public Consumer<String> tokens() {
                return tag -> charger.control(new ControlEvent.TokenPresented(tag));
            }
        };
    }

    /** The base configuration with free charging and the case's current and connector. */
    static JevseConfig configure(JevseConfig base, ChargerSetup setup) {
        JevseConfig cfg = with(base, "evse.disable_authentication", true);
        if (setup.maxCurrentA() != null) {
            double a = setup.maxCurrentA();
            cfg = with(cfg, "evse.max_current_import_A", a);
            cfg = with(cfg, "board.sim.max_current_A", a);
            cfg = with(cfg, "board.sim.cable_rating_A", a);
        }
        if (setup.socket()) {
            cfg = with(cfg, "board.sim.connector", org.jevse.config.SimConnector.socket);
        }
        return cfg;
    }

    /** A copy of a configuration record with the key at {@code path} (its YAML names) set to {@code value}. */
    static <R extends Record> R with(R record, String path, Object value) {
        int dot = path.indexOf('.');
        String name = dot < 0 ? path : path.substring(0, dot);
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] args = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        boolean found = false;
        try {
            for (int i = 0; i < components.length; i++) {
                RecordComponent c = components[i];
                types[i] = c.getType();
                args[i] = c.getAccessor().invoke(record);
                Key key = c.getAnnotation(Key.class);
                if (key != null && key.name().equals(name)) {
                    found = true;
                    args[i] = dot < 0 ? value : with((Record) args[i], path.substring(dot + 1), value);
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no key " + name + " in " + record.getClass().getSimpleName());
            }
            @SuppressWarnings("unchecked")
            R copy = (R) record.getClass().getDeclaredConstructor(types).newInstance(args);
            return copy;
        } catch (IllegalAccessException | InstantiationException | NoSuchMethodException e) {
            throw new IllegalStateException(e);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }
}
