package org.jevse.energy.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.jevse.board.time.SystemTimeSource;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.manager.EnergyManagerFile;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.http.PasswordHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The energy manager's charge_manager HTTP API over a real socket, with a real energy manager on a real Mosquitto:
 * WARP's curl line for available_current runs as written (real curl when the machine has it, else the JDK's
 * client with the same bytes), and its effect shows on the MQTT side too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChargeManagerHttpTest {

    /** WARP's documented line (the seed), run with $HOST set to user:password@127.0.0.1:PORT. */
    static final String SEED_POST = "curl http://$HOST/charge_manager/available_current -d '{ \"current\": 16000 }'";
    static final String SEED_GET = "curl http://$HOST/charge_manager/available_current";
    static final ObjectMapper JSON = new ObjectMapper();

    MosquittoProcess broker;
    EnergyManager manager;
    ChargeManagerServer server;
    MqttLink observer;
    final Map<String, String> mqtt = new ConcurrentHashMap<>();
    String host;

    @BeforeAll
    void start() throws Exception {
        broker = BrokerTests.startBroker();
        String yaml = """
                broker_url: %s
                topic_prefix: site
                nodes:
                  - {id: site, limits_A: [32, 32, 32]}
                chargers:
                  - {id: cp1, node: site}
                api:
                  listen: 127.0.0.1:0
                  users:
                    - {name: site, password_hash: '%s', role: control}
                    - {name: viewer, password_hash: '%s', role: read}
                """.formatted(broker.url(), PasswordHash.hash("secret".toCharArray()),
                PasswordHash.hash("look".toCharArray()));
        EnergyManagerFile file = EnergyManagerFile.parse(yaml, "manager.yaml");
        manager = new EnergyManager(file, new SystemTimeSource());
        server = new ChargeManagerServer(manager, file.api(), line -> System.err.println("api: " + line));
        server.start();
        manager.start();
        observer = new MqttLink(broker.url(), "observer", "", "", null);
        observer.subscribe("site/charge_manager/#", (t, p, e) -> mqtt.put(t, new String(p, StandardCharsets.UTF_8)));
        observer.start();
        host = "site:secret@127.0.0.1:" + server.port();
    }

    @AfterAll
    void stop() {
        observer.close();
        server.close();
        manager.close();
        broker.close();
    }

    @Test
    void warpsCurlLineSetsTheAvailableCurrentAndTheMqttSideShowsIt() throws Exception {
        Answer post = shell(SEED_POST);
        assertEquals(200, post.status(), post.body());
        assertEquals(16000, JSON.readTree(post.body()).path("current").asLong(), post.body());
        Answer viaJdk = jdkLine(SEED_POST); // the same bytes through the JDK's client, the fallback without curl
        assertEquals("{\"current\":16000}", viaJdk.body());
        Answer get = shell(SEED_GET);
        assertEquals("{\"current\":16000}", get.body());
        assertTrue(BrokerTests.await(5_000, () -> "{\"current\":16000}".equals(mqtt.get("site/charge_manager/available_current"))),
                "the retained MQTT topic follows: " + mqtt);
    }

    @Test
    void aBareNumberAndWarpsUpdatePathWorkToo_andTooMuchIsClampedToTheSite() throws Exception {
        assertEquals("{\"current\":12000}", shell("curl http://$HOST/charge_manager/available_current -d 12000").body());
        assertEquals("{\"current\":20000}", shell(
                "curl -X PUT http://$HOST/charge_manager/available_current_update -d '{\"current\": 20000}'").body());
        assertEquals("{\"current\":32000}", shell("curl http://$HOST/charge_manager/available_current -d 99000").body(),
                "clamped to maximum_available_current (the site's largest phase limit)");
    }

    @Test
    void badBodiesAndMissingRightsAreOneLineJsonErrors() throws Exception {
        Answer bad = shell("curl http://$HOST/charge_manager/available_current -d sixteen");
        assertEquals(400, bad.status(), bad.body());
        assertEquals("{\"error\":\"available_current: not JSON: sixteen; allowed: {\\\"current\\\": mA} or a whole number"
                + " of mA\"}", bad.body());
        assertFalse(bad.body().contains("\n") || bad.body().contains("Exception"), bad.body());
        Answer negative = shell("curl http://$HOST/charge_manager/available_current -d '{\"current\": -5}'");
        assertEquals(400, negative.status(), negative.body());
        assertTrue(negative.body().contains("allowed: a whole number of mA from 0"), negative.body());

        String anonymous = "curl http://127.0.0.1:" + server.port() + "/charge_manager/available_current -d 6000";
        assertEquals(401, shell(anonymous).status(), "no control without a login");
        String viewer = "curl http://viewer:look@127.0.0.1:" + server.port() + "/charge_manager/available_current -d 6000";
        assertEquals(403, shell(viewer).status(), "the role read may not set it");
        assertEquals(200, shell("curl http://viewer:look@127.0.0.1:" + server.port() + "/charge_manager/state").status());

        byte[] big = new byte[64 * 1024];
        java.util.Arrays.fill(big, (byte) '1');
        HttpResponse<String> tooBig = jdk("POST", "/charge_manager/available_current", big);
        assertEquals(413, tooBig.statusCode(), tooBig.body());
    }

    @Test
    void stateConfigAndThePageServeTheSite() throws Exception {
        JsonNode state = JSON.readTree(shell("curl http://$HOST/charge_manager/state").body());
        long site = Math.min(32000, state.path("available_current").asLong());
        for (JsonNode l : state.path("limits_ma")) {
            assertEquals(site, l.asLong(), "the site limit is its fuse capped by available_current: " + state);
        }
        assertEquals("cp1", state.path("chargers").get(0).path("leaf_id").asText());
        assertFalse(state.path("chargers").get(0).path("reason").asText().isEmpty(), state.toString());
        Answer config = shell("curl http://$HOST/charge_manager/config");
        assertEquals(200, config.status());
        JsonNode c = JSON.readTree(config.body());
        assertEquals("site", c.path("nodes").get(0).path("id").asText(), config.body());
        assertFalse(config.body().contains(PasswordHashes.prefix()), "no password hash is served: " + config.body());
        Answer page = shell("curl http://127.0.0.1:" + server.port() + "/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("/charge_manager/state"), "the page reads the public API");
    }

    /** A status code and a body. */
    record Answer(int status, String body) {
    }

    /**
     * Runs a curl line as a shell would, with $HOST set; without curl on the machine, sends the same bytes with the
     * JDK's client (curl -d posts its argument as application/x-www-form-urlencoded).
     */
    Answer shell(String line) throws Exception {
        if (Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl"))) {
            ProcessBuilder pb = new ProcessBuilder("sh", "-c", line + " -s -w '\\n%{http_code}'");
            pb.environment().put("HOST", host);
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), line);
            int nl = out.lastIndexOf('\n');
            return new Answer(Integer.parseInt(out.substring(nl + 1).trim()), out.substring(0, nl));
        }
        return jdkLine(line);
    }

    /** The JDK's client doing what the curl line says (method, URL with credentials, -d body). */
    Answer jdkLine(String line) throws Exception {
        List<String> words = new ArrayList<>(List.of(line.replace("$HOST", host).split(" (?=(?:[^']*'[^']*')*[^']*$)")));
        words.remove(0);
        String method = null;
        String body = null;
        String url = null;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (w.equals("-X")) {
                method = words.get(++i);
            } else if (w.equals("-d")) {
                body = words.get(++i).replaceAll("^'|'$", "");
            } else {
                url = w;
            }
        }
        URI u = URI.create(url);
        HttpResponse<String> r = send(method != null ? method : body != null ? "POST" : "GET",
                URI.create(u.getScheme() + "://" + u.getHost() + ":" + u.getPort() + u.getPath()), u.getUserInfo(),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.body());
    }

    HttpResponse<String> jdk(String method, String path, byte[] body) throws IOException, InterruptedException {
        return send(method, URI.create("http://127.0.0.1:" + server.port() + path), "site:secret", body);
    }

    static HttpResponse<String> send(String method, URI uri, String userInfo, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).method(method,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (userInfo != null) {
            b.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** What every stored hash starts with. */
    static final class PasswordHashes {
        static String prefix() {
            return "pbkdf2-sha256$";
        }
    }
}
