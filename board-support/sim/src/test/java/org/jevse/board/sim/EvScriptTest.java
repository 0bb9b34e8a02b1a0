package org.jevse.board.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EvScriptTest {

    private static final String ALLOWED = "sleep, plugin, unplug, iec_wait_pwr_ready, draw_power_regulated, "
            + "draw_power_fixed, pause, error_e, diode_fail, rcd_current, auth, overdraw, ventilation, weld, meter_fail, pp";

    @Test
    void acceptsEveryWord() {
        EvScript script = EvScript.parse("sleep 1.5; plugin; unplug; iec_wait_pwr_ready; draw_power_regulated 16,3; "
                + "draw_power_fixed 32,1; pause; error_e; diode_fail; rcd_current 6; auth DEMO-TAG; overdraw 40; "
                + "ventilation on; ventilation off; weld; meter_fail; pp 680");

        assertEquals(List.of(
                new EvCommand.Sleep(1.5),
                new EvCommand.Plugin(),
                new EvCommand.Unplug(),
                new EvCommand.IecWaitPwrReady(),
                new EvCommand.DrawPowerRegulated(16, 3),
                new EvCommand.DrawPowerFixed(32, 1),
                new EvCommand.Pause(),
                new EvCommand.ErrorE(),
                new EvCommand.DiodeFail(),
                new EvCommand.RcdCurrent(6),
                new EvCommand.Auth("DEMO-TAG"),
                new EvCommand.Overdraw(40),
                new EvCommand.Ventilation(true),
                new EvCommand.Ventilation(false),
                new EvCommand.Weld(),
                new EvCommand.MeterFail(),
                new EvCommand.Pp(680)), script.commands());
    }

    @Test
    void splitsOnSemicolonsAndNewlinesAndIgnoresBlanksAndComments() {
        EvScript script = EvScript.parse("""
                # a car that arrives and charges
                  sleep 1 ;; plugin   # cable in
                ;
                auth   CARD-1
                draw_power_regulated 16, 3 # spaced comma form
                """);

        assertEquals(List.of(new EvCommand.Sleep(1), new EvCommand.Plugin(), new EvCommand.Auth("CARD-1"),
                new EvCommand.DrawPowerRegulated(16, 3)), script.commands());
        assertEquals("sleep 1; plugin; auth   CARD-1; draw_power_regulated 16, 3", script.toString());
        assertEquals(4, script.steps().get(3).number());
    }

    @Test
    void commentRunsToTheEndOfTheLineIncludingSemicolons() {
        assertEquals(List.of(new EvCommand.Plugin(), new EvCommand.Unplug()),
                EvScript.parse("plugin # sleep 1; pause\nunplug").commands());
    }

    @Test
    void emptyScriptHasNoCommands() {
        assertTrue(EvScript.parse(" ; \n # nothing\n").isEmpty());
    }

    @Test
    void acceptsDecimalsAndBoundaryValues() {
        assertEquals(List.of(new EvCommand.Sleep(0), new EvCommand.Sleep(0.25), new EvCommand.DrawPowerFixed(80, 1),
                        new EvCommand.DrawPowerRegulated(6.5, 2), new EvCommand.RcdCurrent(0),
                        new EvCommand.Auth("ABCDEFGHIJKLMNOPQRST")),
                EvScript.parse("sleep 0; sleep .25; draw_power_fixed 80,1; draw_power_regulated 6.5 ,2; rcd_current 0; "
                        + "auth ABCDEFGHIJKLMNOPQRST").commands());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            fly                                | unknown command; allowed: ALLOWED
            Plugin                             | unknown command; allowed: ALLOWED
            draw_power_regulated 16            | expected A,PHASES (e.g. 16,3)
            draw_power_regulated               | expected A,PHASES (e.g. 16,3)
            draw_power_regulated 16,3 now      | unexpected extra argument "now"; expected A,PHASES (e.g. 16,3)
            draw_power_regulated 16,3,1        | expected A,PHASES (e.g. 16,3)
            draw_power_regulated 0,3           | A must be > 0 and at most 80, got 0
            draw_power_fixed 81,3              | A must be > 0 and at most 80, got 81
            draw_power_regulated 16,4          | PHASES must be 1, 2 or 3, got 4
            draw_power_regulated 16,0          | PHASES must be 1, 2 or 3, got 0
            draw_power_regulated -16,3         | expected A,PHASES (e.g. 16,3)
            sleep                              | expected SECONDS >= 0 (e.g. 1.5)
            sleep -1                           | expected SECONDS >= 0 (e.g. 1.5)
            sleep 1s                           | expected SECONDS >= 0 (e.g. 1.5)
            sleep NaN                          | expected SECONDS >= 0 (e.g. 1.5)
            sleep 1e3                          | expected SECONDS >= 0 (e.g. 1.5)
            sleep 1 2                          | unexpected extra argument "2"; expected SECONDS >= 0 (e.g. 1.5)
            sleep 1 2 3                        | unexpected extra arguments "2 3"; expected SECONDS >= 0 (e.g. 1.5)
            sleep 99999999                     | SECONDS must be at most 31536000 (one year), got 99999999
            plugin now                         | takes no argument
            unplug 1                           | takes no argument
            iec_wait_pwr_ready 5               | takes no argument
            pause x                            | takes no argument
            error_e 1                          | takes no argument
            diode_fail yes                     | takes no argument
            weld 1                             | takes no argument
            meter_fail 1                       | takes no argument
            rcd_current                        | expected MA >= 0 (e.g. 6)
            rcd_current -3                     | expected MA >= 0 (e.g. 6)
            auth                               | expected TAG (e.g. DEMO-TAG)
            auth TWO WORDS                     | unexpected extra argument "WORDS"; expected TAG (e.g. DEMO-TAG)
            auth ABCDEFGHIJKLMNOPQRSTU         | TAG must be at most 20 characters, got 21
            overdraw                           | expected A (e.g. 40)
            overdraw 0                         | A must be > 0 and at most 80, got 0
            overdraw 100                       | A must be > 0 and at most 80, got 100
            ventilation                        | expected on or off
            ventilation yes                    | expected on or off, got yes
            ventilation on off                 | unexpected extra argument "off"; expected on or off
            pp                                 | expected OHMS > 0 (e.g. 220)
            pp 0                               | expected OHMS > 0 (e.g. 220), got 0
            pp abc                             | expected OHMS > 0 (e.g. 220)
            """)
    void rejectsMalformedCommandWithOneLineNamingIt(String command, String problem) {
        EvScriptException e = assertThrows(EvScriptException.class, () -> EvScript.parse("plugin; " + command));

        assertEquals("EV script command 2 \"" + command + "\": " + problem.replace("ALLOWED", ALLOWED), e.getMessage());
        assertEquals(2, e.commandNumber());
        assertEquals(command, e.commandText());
    }

    @Test
    void reportsTheExampleMessagesOfTheBriefVerbatim() {
        assertEquals("EV script command 3 \"draw_power_regulated 16\": expected A,PHASES (e.g. 16,3)",
                assertThrows(EvScriptException.class,
                        () -> EvScript.parse("plugin; sleep 1; draw_power_regulated 16")).getMessage());
        assertEquals("EV script command 2 \"fly\": unknown command; allowed: " + ALLOWED,
                assertThrows(EvScriptException.class, () -> EvScript.parse("plugin\nfly\nunplug")).getMessage());
    }

    @Test
    void numbersCommandsAcrossLinesSkippingBlanksAndComments() {
        EvScriptException e = assertThrows(EvScriptException.class,
                () -> EvScript.parse("# header\nplugin;;\n\n sleep 1 ; bogus 2 # trailing\n"));
        assertEquals("EV script command 3 \"bogus 2\": unknown command; allowed: " + ALLOWED, e.getMessage());
    }

    @Test
    void parsesTheWholeScriptBeforeAnythingRuns() {
        // A bad last command fails the parse, so no runner ever sees the good first ones.
        assertThrows(EvScriptException.class, () -> EvScript.parse("plugin; sleep 3600; draw_power_fixed 16"));
    }

    @Test
    void messageIsASingleLine() {
        EvScriptException e = assertThrows(EvScriptException.class, () -> EvScript.parse("plugin\n  fly away  \n"));
        assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
        assertEquals("fly away", e.commandText());
    }
}
