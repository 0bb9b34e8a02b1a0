package org.jevse.evse.energy;

import org.jevse.energy.mqtt.BrokerTests;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.evse.app.SimulatedCharger;

/**
 * End to end through Mosquitto on loopback, N real chargers (core + simulated board + leaf) in one JVM: from an
 * available_current_update that halves the site until every charger's offered PWM current is within its new
 * allocation (goal: p99 ≤ 100 ms for 64 leaves, docs/energy-tree.md). A harness, not a test:
 *
 * <pre>mvn -o -q -pl evse-manager test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.jevse.evse.energy.EndToEndLatencyBench -Dexec.args="64 20"</pre>
 */
public final class EndToEndLatencyBench {

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int cuts = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (MosquittoProcess broker = MosquittoProcess.start()) {
            StringBuilder y = new StringBuilder();
            y.append("broker_url: ").append(broker.url()).append("\ntopic_prefix: bench\nvalid_for_s: 10\n")
                    .append("activation_window_s: 0\nswitch_on_hysteresis_s: 0\nnodes:\n")
                    .append("  - {id: site, limits_A: [").append(16 * n).append(", ").append(16 * n).append(", ")
                    .append(16 * n).append("]}\n");
            for (int c = 0; c < (n + 7) / 8; c++) {
                y.append("  - {id: c").append(c).append(", parent: site, limits_A: [128, 128, 128]}\n");
            }
            y.append("chargers:\n");
            for (int i = 0; i < n; i++) {
                y.append("  - {id: cp").append(i).append(", node: c").append(i / 8).append(", rotation: L123}\n");
            }
            EnergyManager manager = new EnergyManager(EnergyManagerFile.parse(y.toString(), "bench"),
                    new SystemTimeSource());
            manager.start();
            List<ChargerRig> rigs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                var cfg = ChargerRig.config("cp" + i, broker.url(), "bench", 0,
                        "plugin; sleep 1; auth DEMO-TAG; draw_power_regulated 32,3; sleep 3600; unplug");
                rigs.add(new ChargerRig("cp" + i, cfg, SimulatedCharger.Pace.REAL).startInBackground());
            }
            MqttLink api = new MqttLink(broker.url(), "bench-api", "", "", null);
            api.start();
            waitFor(120_000, () -> api.isConnected() && rigs.stream().allMatch(r -> r.offered() == 16.0), "all at 16 A");
            long[] worst = new long[cuts];
            List<Long> perLeaf = new ArrayList<>();
            for (int k = 0; k < cuts; k++) {
                long cut = System.nanoTime();
                api.publish("bench/charge_manager/available_current_update",
                        ("{\"current\": " + 8000L * n + "}").getBytes(StandardCharsets.UTF_8), 1, false, 0);
                waitFor(30_000, () -> rigs.stream().allMatch(r -> r.offered() <= 8.0), "all at 8 A");
                long max = 0;
                for (ChargerRig r : rigs) {
                    long d = r.offer.get().sinceNanos() - cut;
                    perLeaf.add(d);
                    max = Math.max(max, d);
                }
                worst[k] = max;
                api.publish("bench/charge_manager/available_current_update",
                        ("{\"current\": " + 16000L * n + "}").getBytes(StandardCharsets.UTF_8), 1, false, 0);
                // Raises wait for the IEC layer's 5 s PWM increase interval.
                waitFor(60_000, () -> rigs.stream().allMatch(r -> r.offered() == 16.0), "back at 16 A");
            }
            Arrays.sort(worst);
            long[] leaf = perLeaf.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf(Locale.ROOT, "N=%d cuts=%d | every leaf within its allocation: p50 %.1f ms, p99 %.1f ms,"
                    + " max %.1f ms | per leaf: p50 %.1f ms, p99 %.1f ms%n", n, cuts, worst[cuts / 2] / 1e6,
                    worst[Math.min(cuts - 1, (int) Math.ceil(cuts * 0.99) - 1)] / 1e6, worst[cuts - 1] / 1e6,
                    leaf[leaf.length / 2] / 1e6, leaf[(int) (leaf.length * 0.99)] / 1e6);
            api.close();
            manager.close();
            rigs.forEach(ChargerRig::close);
        }
        System.exit(0);
    }

    private static void waitFor(long ms, java.util.function.BooleanSupplier c, String what) throws Exception {
        if (!BrokerTests.await(ms, c)) {
            throw new IllegalStateException("timed out waiting for: " + what);
        }
    }
}
