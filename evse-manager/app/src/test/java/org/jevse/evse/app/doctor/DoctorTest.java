package org.jevse.evse.app.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;
import org.jevse.board.modbus.ModbusSlaveEmulator;
import org.jevse.board.serial.JSerialCommLink;
import org.jevse.board.serial.McuEmulator;
import org.jevse.board.serial.SocatPair;
import org.jevse.config.ConfigLoader;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jevse doctor} on a fake sysfs and /dev tree (as the Pi4J tests fake sysfs PWM) and on real ptys made by
 * socat with the MCU emulator and a Modbus slave behind them: every check passes on a good tree, and each broken
 * part is named with its fix.
 */
class DoctorTest {

    @TempDir
    Path dir;

    private Path root() throws IOException {
        Path root = dir.resolve("root");
        Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(root.resolve("etc"));
        return root;
    }

    private static void file(Path p, String text, String mode) throws IOException {
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(mode));
    }

    /** A Raspberry Pi with the pwm-2chan overlay, SPI on, the gpiochip; users and groups of its own. */
    private Path goodPi() throws IOException {
        Path root = root();
        file(root.resolve("dev/gpiochip0"), "", "rw-rw----");
        file(root.resolve("dev/spidev0.0"), "", "rw-rw----");
        file(root.resolve("sys/class/pwm/pwmchip0/npwm"), "2\n", "r--r--r--");
        file(root.resolve("sys/class/pwm/pwmchip0/export"), "", "rw-rw----");
        int gid = (Integer) Files.getAttribute(root.resolve("dev/gpiochip0"), "unix:gid");
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n"
                + "jevse:x:4242:4242::/var/lib/jevse:/usr/sbin/nologin\n");
        Files.writeString(root.resolve("etc/group"), "gpio:x:" + gid + ":\njevse:x:4242:\n");
        return root;
    }

    private Path config(String yaml) throws IOException {
        Path f = dir.resolve("jevse.yaml");
        Files.writeString(f, yaml);
        return f;
    }

    private static List<Check> doctor(Path root, Identity who, Path cfg) throws IOException {
        return new Doctor(root, who).run(ConfigLoader.load(cfg));
    }

    private static String lines(List<Check> checks) {
        return checks.stream().map(Check::line).collect(Collectors.joining("\n"));
    }

    @Test
    void aGoodRaspberryPiTreeWithAReachableBrokerAndCsmsPassesEveryCheck() throws Exception {
        Path root = goodPi();
        try (ServerSocket broker = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
             ServerSocket csms = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Path cfg = config("board:\n  type: raspberrypi\n  raspberrypi:\n    pwm_sysfs_path: /sys/class/pwm\n"
                    + "energy:\n  broker_url: tcp://127.0.0.1:" + broker.getLocalPort() + "\n"
                    + "ocpp:\n  central_system_uri: ws://127.0.0.1:" + csms.getLocalPort() + "/ocpp\n");
            List<Check> checks = doctor(root, Identity.self(), cfg);
            assertEquals(List.of("gpio", "pwm", "spi", "broker", "csms"), checks.stream().map(Check::name).toList());
            assertTrue(checks.stream().allMatch(Check::ok), lines(checks));
            assertTrue(lines(checks).contains("lines [17, 22, 23, 27]"), lines(checks));
            assertEquals(0, Main.execute("doctor", "--config", cfg.toString(), "--root", root.toString()));
        }
    }

    @Test
    void aBrokenRaspberryPiTreeNamesTheFixOfEachPart() throws Exception {
        Path root = goodPi();
        Files.delete(root.resolve("sys/class/pwm/pwmchip0/npwm"));
        Files.delete(root.resolve("sys/class/pwm/pwmchip0/export"));
        Files.delete(root.resolve("sys/class/pwm/pwmchip0"));
        Files.delete(root.resolve("dev/spidev0.0"));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        Path cfg = config("board:\n  type: raspberrypi\n"
                + "energy:\n  broker_url: tcp://127.0.0.1:" + closed + "\n"
                + "ocpp:\n  central_system_uri: ws://127.0.0.1:" + closed + "/ocpp\n");
        List<Check> checks = doctor(root, Identity.user(root, "jevse"), cfg);
        String out = lines(checks);
        assertTrue(checks.stream().noneMatch(Check::ok), out);
        assertTrue(out.contains("FAIL gpio: " + root.resolve("dev/gpiochip0") + " is not readable and writable by jevse; "
                + "add user jevse to group gpio"), out);
        assertTrue(out.contains("FAIL pwm: " + root.resolve("sys/class/pwm/pwmchip0") + " does not exist; "
                + "add dtoverlay=pwm-2chan to /boot/firmware/config.txt and reboot"), out);
        assertTrue(out.contains("FAIL spi: " + root.resolve("dev/spidev0.0") + " does not exist; "
                + "enable SPI: add dtparam=spi=on to /boot/firmware/config.txt and reboot"), out);
        assertTrue(out.contains("FAIL broker: 127.0.0.1:" + closed + " (energy.broker_url)"), out);
        assertTrue(out.contains("FAIL csms: 127.0.0.1:" + closed + " (ocpp.central_system_uri)"), out);
        assertEquals(1, Main.execute("doctor", "--config", cfg.toString(), "--root", root.toString(), "--user", "jevse"));
    }

    @Test
    void aPwmChipWithTooFewChannelsOrADeviceNoGroupMayWriteIsNamed() throws Exception {
        Path root = goodPi();
        Files.writeString(root.resolve("sys/class/pwm/pwmchip0/npwm"), "1\n");
        Files.setPosixFilePermissions(root.resolve("dev/spidev0.0"), PosixFilePermissions.fromString("rw-------"));
        Path cfg = config("board:\n  type: raspberrypi\n  raspberrypi:\n    pwm_channel: 1\n");
        String out = lines(doctor(root, Identity.user(root, "jevse"), cfg));
        assertTrue(out.contains("has 1 channel(s), board.raspberrypi.pwm_channel is 1; dtoverlay=pwm-2chan gives "
                + "channels 0 and 1"), out);
        assertTrue(out.contains("FAIL spi: " + root.resolve("dev/spidev0.0") + " is not readable and writable by jevse; "
                + "give group spi read and write on it"), out);
    }

    @Test
    void aSerialBoardWithItsMcuAndAModbusMeterOnRealPtysPasses() throws Exception {
        Path root = root();
        JevseConfig defaults = ConfigLoader.defaults();
        try (SocatPair mcuPty = SocatPair.create(Files.createDirectories(dir.resolve("mcu")));
             SocatPair meterPty = SocatPair.create(Files.createDirectories(dir.resolve("meter")));
             McuEmulator mcu = new McuEmulator(JSerialCommLink.open(mcuPty.b.toString(), 115200),
                     defaults.board().sim(), defaults.evse().acNominalVoltage(), 1000).start();
             ModbusSlaveEmulator meter = new ModbusSlaveEmulator(JSerialCommLink.open(meterPty.b.toString(), 9600), 1)
                     .start()) {
            Files.createSymbolicLink(root.resolve("dev/ttyAMA0"), mcuPty.a);
            Files.createSymbolicLink(root.resolve("dev/ttyUSB0"), meterPty.a);
            Path cfg = config("board:\n  type: serial\n  powermeter:\n    type: modbus\n");
            List<Check> checks = doctor(root, Identity.self(), cfg);
            assertEquals(List.of("serial", "mcu", "meter port", "meter"), checks.stream().map(Check::name).toList());
            assertTrue(checks.stream().allMatch(Check::ok), lines(checks));
        }
    }

    @Test
    void aSilentMcuAndAMeterAtAnotherAddressAreNamed() throws Exception {
        Path root = root();
        try (SocatPair mcuPty = SocatPair.create(Files.createDirectories(dir.resolve("mcu")));
             SocatPair meterPty = SocatPair.create(Files.createDirectories(dir.resolve("meter")));
             ModbusSlaveEmulator meter = new ModbusSlaveEmulator(JSerialCommLink.open(meterPty.b.toString(), 9600), 7)
                     .start()) {
            Files.createSymbolicLink(root.resolve("dev/ttyAMA0"), mcuPty.a);
            Files.createSymbolicLink(root.resolve("dev/ttyUSB0"), meterPty.a);
            Path cfg = config("board:\n  type: serial\n  serial:\n    hello_timeout_ms: 300\n"
                    + "  powermeter:\n    type: modbus\n    modbus:\n      timeout_ms: 200\n");
            String out = lines(doctor(root, Identity.self(), cfg));
            assertTrue(out.contains("FAIL mcu: ") && out.contains("no HELLO reply from the MCU within 300 ms")
                    && out.contains("check the wiring (TX to RX, a common ground)"), out);
            assertTrue(out.contains("FAIL meter: sdm630 at Modbus address 1 on " + root.resolve("dev/ttyUSB0"))
                    && out.contains("the meter's address (board.powermeter.modbus.unit_id)"), out);
        }
    }

    @Test
    void aMissingSerialPortIsNamedWithTheUartSetting() throws Exception {
        Path root = root();
        Path cfg = config("board:\n  type: serial\n");
        String out = lines(doctor(root, Identity.self(), cfg));
        assertEquals("FAIL serial: " + root.resolve("dev/ttyAMA0") + " does not exist; check board.serial.port; on a "
                + "Raspberry Pi enable the UART: enable_uart=1 in /boot/firmware/config.txt and no serial console "
                + "(raspi-config)", out);
    }
}
