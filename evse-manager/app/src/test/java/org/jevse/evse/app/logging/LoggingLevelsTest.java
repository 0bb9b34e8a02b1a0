package org.jevse.evse.app.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.jevse.config.ConfigException;
import org.jevse.config.ConfigLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code logging:} section: one level for everything, a part's own level over it, a bad value named. */
class LoggingLevelsTest {

    @AfterEach
    void restore() {
        Logging.apply(ConfigLoader.defaults().logging());
    }

    @Test
    void aPartsLevelOverridesTheRootLevelForItsLoggersAndItsLibraries() {
        Logging.apply(ConfigLoader.parse("logging:\n  level: warning\n  ocpp: debug\n", "test").logging());
        assertTrue(Logger.getLogger("org.jevse.ocpp.transport.WebSocketTransport").isLoggable(Level.FINE));
        assertTrue(Logger.getLogger("org.java_websocket.client.WebSocketClient").isLoggable(Level.FINE));
        assertFalse(Logger.getLogger("org.jevse.board.serial.SerialBoard").isLoggable(Level.INFO));
        assertFalse(Logger.getLogger("org.eclipse.paho.mqttv5.client").isLoggable(Level.INFO));
        assertTrue(Logger.getLogger("org.jevse.evse.Charger").isLoggable(Level.WARNING));
        assertFalse(Logger.getLogger("org.jevse.evse.Charger").isLoggable(Level.INFO));
    }

    @Test
    void anUnknownLevelIsOneLineNamingTheKeyAndTheAllowedValues() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("logging:\n  board: loud\n", "jevse.yaml"));
        assertTrue(e.getMessage().startsWith("jevse.yaml: logging"), e.getMessage());
        assertTrue(e.getMessage().contains("'loud' is not a level; allowed: error, warning, info, debug, trace"),
                e.getMessage());
        ConfigException root = assertThrows(ConfigException.class,
                () -> ConfigLoader.parse("logging:\n  level: loud\n", "jevse.yaml"));
        assertTrue(root.getMessage().contains("logging.level"), root.getMessage());
        assertEquals(1, root.getMessage().lines().count());
    }
}
