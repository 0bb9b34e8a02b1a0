package org.jevse.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The commented examples in config/examples must stay valid as keys change. */
class ExampleConfigsTest {

    /** Relative to the config module, surefire's working directory. */
    private static final Path EXAMPLES = Path.of("..", "examples");

    static List<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void theThreeDocumentedExamplesArePresent() throws IOException {
        assertEquals(List.of("home-wallbox.yaml", "sim-default.yaml", "socket-1p-switching.yaml"),
                examples().stream().map(p -> p.getFileName().toString()).toList());
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyExampleLoadsAndSurvivesARoundTrip(Path example) {
        JevseConfig config = ConfigLoader.load(example);
        assertEquals(config, ConfigLoader.parse(ConfigPrinter.toYaml(config), example.toString()));
    }

    @Test
    void theSimDefaultExampleChangesOnlyTheLocalList() {
        JevseConfig config = ConfigLoader.load(EXAMPLES.resolve("sim-default.yaml"));
        JevseConfig defaults = ConfigLoader.defaults();
        assertEquals(defaults.evse(), config.evse());
        assertEquals(defaults.board(), config.board());
        assertEquals(List.of("DEMO-TAG"), config.auth().localList());
    }

    @Test
    void theHomeWallboxIsThreePhase16AWithTwoTagsAndNoVentilation() {
        JevseConfig config = ConfigLoader.load(EXAMPLES.resolve("home-wallbox.yaml"));
        assertEquals(16.0, config.evse().maxCurrentImportA());
        assertEquals(3, config.board().sim().phases());
        assertEquals(16.0, config.board().sim().maxCurrentA());
        assertEquals(2, config.auth().localList().size());
        assertFalse(config.evse().hasVentilation());
        assertTrue(config.board().sim().evScript().contains("auth " + config.auth().localList().get(0) + ";"));
    }

    @Test
    void theSocketExampleSwitchesPhasesWithALockUkDelayAndManualRcdReset() {
        JevseConfig config = ConfigLoader.load(EXAMPLES.resolve("socket-1p-switching.yaml"));
        assertEquals(SimConnector.socket, config.board().sim().connector());
        assertTrue(config.board().sim().lock());
        assertTrue(config.board().sim().phaseSwitching());
        assertTrue(config.evse().ukSmartchargingRandomDelayEnable());
        assertEquals(RcdResetPolicy.manual, config.evse().rcdReset());
    }
}
