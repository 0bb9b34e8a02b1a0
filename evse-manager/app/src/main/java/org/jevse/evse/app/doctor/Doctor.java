package org.jevse.evse.app.doctor;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.jevse.board.modbus.ModbusRtuMaster;
import org.jevse.board.modbus.RegisterMap;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.SerialBoard;
import org.jevse.config.JevseConfig;
import org.jevse.config.ModbusMeterConfig;
import org.jevse.config.PiBoardConfig;
import org.jevse.config.PowermeterType;
import org.jevse.config.SerialBoardConfig;

/**
 * The checks of {@code jevse doctor} for one configuration: the devices of the configured board exist and are
 * readable and writable by the user (gpiochip, the PWM chip and channel, spidev, serial ports), the MCU and the
 * meter answer, the broker and the central system accept a connection. Device paths resolve under {@code root}
 * ("/" on a charger; a fake sysfs and /dev tree in tests).
 */
public final class Doctor {

    private static final int CONNECT_TIMEOUT_MS = 3000;
    private final Path root;
    private final Identity who;

    Doctor(Path root, Identity who) {
        this.root = root;
        this.who = who;
    }

    List<Check> run(JevseConfig cfg) throws IOException {
        List<Check> out = new ArrayList<>();
        switch (cfg.board().type()) {
            case sim -> out.add(Check.ok("board", "sim: the simulated board uses no device"));
            case raspberrypi -> raspberryPi(cfg.board().raspberrypi(), out);
            case serial -> serial(cfg.board().serial(), out);
        }
        if (cfg.board().powermeter().type() == PowermeterType.modbus) {
            meter(cfg.board().powermeter().modbus(), out);
        }
        if (cfg.energy().broker().configured()) {
            out.add(reachable("broker", "energy.broker_url", cfg.energy().broker().brokerUrl()));
        }
        if (!cfg.ocpp().centralSystemUri().isEmpty()) {
            out.add(reachable("csms", "ocpp.central_system_uri", cfg.ocpp().centralSystemUri()));
        }
        return out;
    }

    /** A path of the configuration or the system, under the root. */
    private Path at(String absolute) {
        return root.resolve(absolute.replaceFirst("^/+", ""));
    }

    private void raspberryPi(PiBoardConfig pi, List<Check> out) throws IOException {
        TreeSet<Integer> lines = new TreeSet<>();
        for (int pin : new int[] {pi.contactorPin(), pi.contactorFeedbackPin(), pi.phaseSwitchPin(), pi.rcdTripPin(),
                pi.rcdTestPin(), pi.lockPin(), pi.lockFeedbackPin()}) {
            if (pin >= 0) {
                lines.add(pin);
            }
        }
        Check gpio = device("gpio", "/dev/gpiochip0", "gpio",
                "the GPIO character device is missing: a kernel without the gpiochip driver, or not a Raspberry Pi");
        out.add(gpio.ok() ? Check.ok("gpio", gpio.detail() + ", lines " + lines) : gpio);
        out.add(pwm(pi));
        out.add(device("spi", "/dev/spidev0." + pi.spiChannel(), "spi",
                "enable SPI: add dtparam=spi=on to /boot/firmware/config.txt and reboot"));
    }

    private Check pwm(PiBoardConfig pi) throws IOException {
        Path chip = at(pi.pwmSysfsPath()).resolve("pwmchip" + pi.pwmChip());
        String overlay = "add dtoverlay=pwm-2chan to /boot/firmware/config.txt and reboot (the pilot on GPIO 18; "
                + "a Pi 5 shows it as pwmchip2: board.raspberrypi.pwm_chip)";
        if (!Files.isDirectory(chip)) {
            return Check.fail("pwm", chip + " does not exist", overlay);
        }
        int npwm;
        try {
            npwm = Integer.parseInt(Files.readString(chip.resolve("npwm")).strip());
        } catch (IOException | NumberFormatException e) {
            return Check.fail("pwm", chip.resolve("npwm") + " is unreadable", overlay);
        }
        if (pi.pwmChannel() >= npwm) {
            return Check.fail("pwm", chip + " has " + npwm + " channel(s), board.raspberrypi.pwm_channel is "
                    + pi.pwmChannel(), "dtoverlay=pwm-2chan gives channels 0 and 1, or set pwm_channel below " + npwm);
        }
        Path channel = chip.resolve("pwm" + pi.pwmChannel());
        List<Path> needed = Files.isDirectory(channel)
                ? List.of(channel.resolve("period"), channel.resolve("duty_cycle"), channel.resolve("enable"))
                : List.of(chip.resolve("export"));
        for (Path p : needed) {
            if (!Files.exists(p)) {
                return Check.fail("pwm", p + " does not exist", overlay);
            }
            if (!Access.readWrite(p, who)) {
                return Check.fail("pwm", p + " is not writable by " + who.name(), Access.fix(root, p, who, "gpio"));
            }
        }
        return Check.ok("pwm", chip + " channel " + pi.pwmChannel() + " of " + npwm
                + (Files.isDirectory(channel) ? " (exported)" : " (exported by jevse at start)"));
    }

    /** A character device the user must read and write. */
    private Check device(String name, String path, String usualGroup, String missing) throws IOException {
        Path dev = at(path);
        if (!Files.exists(dev)) {
            return Check.fail(name, dev + " does not exist", missing);
        }
        if (!Access.readWrite(dev, who)) {
            return Check.fail(name, dev + " is not readable and writable by " + who.name(),
                    Access.fix(root, dev, who, usualGroup));
        }
        return Check.ok(name, dev + " readable and writable by " + who.name());
    }

    private void serial(SerialBoardConfig s, List<Check> out) throws IOException {
        Check port = device("serial", s.port(), "dialout", "check board.serial.port; on a Raspberry Pi enable the "
                + "UART: enable_uart=1 in /boot/firmware/config.txt and no serial console (raspi-config)");
        out.add(port);
        if (!port.ok()) {
            return;
        }
        try (SerialBoard board = SerialBoard.open(JSerialCommLink.open(at(s.port()).toString(), s.baud()),
                new SerialBoard.Options(s.keepaliveIntervalMs(), s.helloTimeoutMs(), s.mcuSilenceMs()))) {
            out.add(Check.ok("mcu", "the MCU answered HELLO on " + at(s.port()) + " at " + s.baud() + " baud ("
                    + board.capabilities().maxPhases() + " phase(s))"));
        } catch (IOException e) {
            out.add(Check.fail("mcu", e.getMessage(), "stop jevse first (it holds the port); check the wiring "
                    + "(TX to RX, a common ground), board.serial.baud, and that the MCU runs the jevse protocol "
                    + "(docs/serial-board-protocol.md)"));
        }
    }

    private void meter(ModbusMeterConfig m, List<Check> out) throws IOException {
        Check port = device("meter port", m.port(), "dialout", "check board.powermeter.modbus.port (an RS-485 "
                + "adapter is usually /dev/ttyUSB0)");
        out.add(port);
        if (!port.ok()) {
            return;
        }
        RegisterMap.Block first = RegisterMap.of(m.model(), m.registers()).blocks().get(0);
        try (JSerialCommLink link = JSerialCommLink.open(at(m.port()).toString(), m.baud())) {
            int turnaroundMs = Math.max(2, (int) Math.ceil(3.5 * 11 * 1000.0 / m.baud()));
            new ModbusRtuMaster(link, m.timeoutMs(), turnaroundMs).readInputRegisters(m.unitId(), first.address(),
                    Math.min(2, first.count()));
            out.add(Check.ok("meter", m.model() + " at Modbus address " + m.unitId() + " answered on " + at(m.port())));
        } catch (IOException e) {
            out.add(Check.fail("meter", m.model() + " at Modbus address " + m.unitId() + " on " + at(m.port())
                    + ": " + e.getMessage(), "check the A/B wiring and termination, the meter's address "
                    + "(board.powermeter.modbus.unit_id) and baud (board.powermeter.modbus.baud)"));
        }
    }

    private static Check reachable(String name, String key, String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Check.fail(name, key + " " + url + " is not a URL", "correct " + key);
        }
        int port = uri.getPort() != -1 ? uri.getPort() : switch (String.valueOf(uri.getScheme())) {
            case "ssl" -> 8883;
            case "ws" -> 80;
            case "wss" -> 443;
            default -> 1883;
        };
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.getHost(), port), CONNECT_TIMEOUT_MS);
            return Check.ok(name, uri.getHost() + ":" + port + " accepts connections (" + key + ")");
        } catch (IOException | IllegalArgumentException e) {
            return Check.fail(name, uri.getHost() + ":" + port + " (" + key + "): " + e.getMessage(),
                    "is it running and reachable from this machine (network, firewall)? Or correct " + key);
        }
    }
}
