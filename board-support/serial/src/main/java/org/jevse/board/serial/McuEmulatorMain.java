package org.jevse.board.serial;

import java.io.IOException;
import org.jevse.board.sim.EvScript;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import java.nio.file.Path;

/**
 * Runs the reference MCU on a serial device or pty, for the HIL bench and for {@code jevse run} on
 * {@code board.type: serial} without hardware:
 *
 * <pre>
 * java -cp board-support.jar:... org.jevse.board.serial.McuEmulatorMain --port /tmp/ttyMCU \
 *      [--baud 115200] [--keepalive-timeout-ms 1000] [--config jevse.yaml] [--ev "sleep 1; plugin; ..."]
 * </pre>
 *
 * The board and EV come from {@code board.sim} of the config (defaults without one); the EV script from
 * {@code --ev} or {@code board.sim.ev_script}. It exits when the script has ended and {@code --linger-ms} more
 * have passed (default: 2000), or runs forever with {@code --ev ""}.
 */
public final class McuEmulatorMain {

    private McuEmulatorMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String port = null;
        int baud = 115200;
        int keepalive = 1000;
        String cfgFile = null;
        String ev = null;
        long lingerMs = 2000;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--port" -> port = v;
                case "--baud" -> baud = Integer.parseInt(v);
                case "--keepalive-timeout-ms" -> keepalive = Integer.parseInt(v);
                case "--config" -> cfgFile = v;
                case "--ev" -> ev = v;
                case "--linger-ms" -> lingerMs = Long.parseLong(v);
                default -> usage("unknown argument " + a);
            }
            i++;
        }
        if (port == null) {
            usage("--port is required");
        }
        JevseConfig cfg = cfgFile == null ? ConfigLoader.defaults() : ConfigLoader.load(Path.of(cfgFile));
        String scriptText = ev != null ? ev : cfg.board().sim().evScript();
        try (McuEmulator mcu = new McuEmulator(JSerialCommLink.open(port, baud), cfg.board().sim(),
                cfg.evse().acNominalVoltage(), keepalive).start()) {
            System.out.println("mcu-emulator: listening on " + port);
            if (scriptText.isBlank()) {
                Thread.sleep(Long.MAX_VALUE);
            }
            mcu.runScript(EvScript.parse(scriptText));
            while (!mcu.scriptFinished()) {
                Thread.sleep(50);
            }
            Thread.sleep(lingerMs);
            System.out.println("mcu-emulator: script finished; " + mcu.decoder());
        }
    }

    private static void usage(String problem) {
        System.err.println("mcu-emulator: " + problem);
        System.err.println("usage: McuEmulatorMain --port DEVICE [--baud N] [--keepalive-timeout-ms N] [--config FILE]"
                + " [--ev SCRIPT] [--linger-ms N]");
        System.exit(2);
    }
}
