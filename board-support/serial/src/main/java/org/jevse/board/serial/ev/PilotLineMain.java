package org.jevse.board.serial.ev;

import java.io.IOException;
import java.nio.file.Path;
import org.jevse.board.ev.EvCapabilities;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.McuEmulator;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;

/**
 * Runs the reference charger-side MCU and the reference EV-side MCU joined by an emulated pilot line
 * ({@link PilotLine}), each on its own serial device or pty, until killed: {@code jevse run} on
 * {@code board.type: serial} talks to the one, {@code jevse bench run} with {@code driver: serial} to the other.
 *
 * <pre>
 * java -cp jevse.jar org.jevse.board.serial.ev.PilotLineMain --charger-port /tmp/ttyMCU --ev-port /tmp/ttyEVMCU \
 *      [--baud 115200] [--keepalive-timeout-ms 1000] [--config jevse.yaml] [--max-load-a 32]
 * </pre>
 *
 * The charger-side board comes from {@code board.sim} of the config (its EV is the one the EV-side MCU drives).
 */
public final class PilotLineMain {

    private PilotLineMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String chargerPort = null;
        String evPort = null;
        int baud = 115200;
        int keepalive = 1000;
        String cfgFile = null;
        double maxLoadA = 32;
        for (int i = 0; i < args.length; i += 2) {
            String a = args[i];
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) {
                usage(a + " needs a value");
            }
            try {
                switch (a) {
                    case "--charger-port" -> chargerPort = v;
                    case "--ev-port" -> evPort = v;
                    case "--baud" -> baud = Integer.parseInt(v);
                    case "--keepalive-timeout-ms" -> keepalive = Integer.parseInt(v);
                    case "--config" -> cfgFile = v;
                    case "--max-load-a" -> maxLoadA = Double.parseDouble(v);
                    default -> usage("unknown argument " + a);
                }
            } catch (NumberFormatException e) {
                usage(a + " needs a number, got " + v);
            }
        }
        if (chargerPort == null || evPort == null) {
            usage("--charger-port and --ev-port are required");
        }
        JevseConfig cfg = cfgFile == null ? ConfigLoader.defaults() : ConfigLoader.load(Path.of(cfgFile));
        try (McuEmulator charger = new McuEmulator(JSerialCommLink.open(chargerPort, baud), cfg.board().sim(),
                cfg.evse().acNominalVoltage(), keepalive).start();
             EvMcuEmulator ev = new EvMcuEmulator(JSerialCommLink.open(evPort, baud),
                     EvCapabilities.full(maxLoadA)).start();
             PilotLine line = new PilotLine(charger, ev, 2).start()) {
            System.out.println("pilot-line: charger-side MCU on " + chargerPort + ", EV-side MCU on " + evPort);
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    private static void usage(String problem) {
        System.err.println("pilot-line: " + problem);
        System.err.println("usage: PilotLineMain --charger-port DEVICE --ev-port DEVICE [--baud N]"
                + " [--keepalive-timeout-ms N] [--config FILE] [--max-load-a A]");
        System.exit(2);
    }
}
