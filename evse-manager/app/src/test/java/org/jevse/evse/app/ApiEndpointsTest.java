package org.jevse.evse.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jevse.energy.mqtt.BrokerTests;
import org.jevse.energy.mqtt.MosquittoProcess;
import org.jevse.energy.mqtt.MqttLink;
import org.jevse.energy.wire.LeafAllocation;
import org.jevse.energy.wire.Topics;
import org.jevse.energy.wire.Wire;
import org.jevse.evse.Bench;
import org.jevse.evse.ocpp.NodeCsms;
import org.jevse.evse.app.api.ApiPlugin;
import org.jevse.evse.app.plugin.ChargerPlugin;
import org.jevse.evse.core.EvseState;
import org.jevse.http.PasswordHash;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of /api/v1 over real sockets, against the real core on the simulated board (virtual time). */
class ApiEndpointsTest {
    static final String ADMIN_HASH = PasswordHash.hash("admin-pw".toCharArray(), 10_000);
    static final String READER_HASH = PasswordHash.hash("reader-pw".toCharArray(), 10_000);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Bench bench;
    private List<ChargerPlugin> plugins = List.of();
    private ApiClient api;

    /** The tag GOOD, a tag file and a charge log in {@code dir}, the API with two users; {@code evse} more evse keys. */
    static String apiYaml(Path dir, boolean anonymousRead, String evse) {
        return "auth:\n  local_list: [GOOD]\n  tags_file: \"" + dir.resolve("tags.json") + "\"\n"
                + "evse:\n  charge_log_file: \"" + dir.resolve("charge-log.jsonl") + "\"\n" + evse
                + "api:\n  listen: \"127.0.0.1:0\"\n  anonymous_read: " + anonymousRead + "\n"
                + "  users:\n"
                + "    - {name: admin, password_hash: \"" + ADMIN_HASH + "\", role: control}\n"
                + "    - {name: reader, password_hash: \"" + READER_HASH + "\", role: read}\n";
    }

    private Bench bench(String yaml) {
        return bench("", yaml);
    }

    private Bench bench(String evse, String yaml) {
        bench = Bench.with(apiYaml(dir, true, evse) + yaml);
        plugins = ChargerExtras.attach(bench.cfg, bench.charger, bench.loop);
        ApiPlugin p = (ApiPlugin) plugins.stream().filter(x -> x instanceof ApiPlugin).findFirst().orElseThrow();
        api = new ApiClient(p.port());
        return bench;
    }

    @AfterEach
    void close() {
        plugins.forEach(ChargerPlugin::close);
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private JsonNode status() throws Exception {
        HttpResponse<String> r = api.as(null, null).get("/api/v1/status");
        assertEquals(200, r.statusCode(), r.body());
        return json(r);
    }

    @Test
    void theStatusShowsStateEveryLimitWithItsSourceTheClaimsAndTheMeter() throws Exception {
        bench("  max_current_import_A: 25\n", "").charging("draw_power_regulated 32,3");
        bench.after(3);
        JsonNode s = status();
        assertEquals("Charging", s.get("state").asText());
        assertEquals("C", s.get("cp").asText());
        assertEquals("PWM", s.at("/pilot/mode").asText());
        assertEquals(25.0, s.at("/pilot/offered_A").asDouble());
        assertEquals("limited by config 25 A", s.at("/limit/text").asText());
        assertEquals("[{\"source\":\"cable\",\"current_A\":32.0},{\"source\":\"board\",\"current_A\":32.0},"
                + "{\"source\":\"config\",\"current_A\":25.0}]", s.get("limits").toString());
        assertTrue(s.at("/meter/power_W").asDouble() > 15_000, s.toString());
        assertEquals(3, s.at("/meter/current_A").size());
        assertFalse(s.get("session").isNull());
        assertEquals("[]", s.get("claims").toString());
    }

    @Test
    void theStatusShowsTheEnergyLeafsGrantItsLeaseAndReasonFromARealBroker() throws Exception {
        try (MosquittoProcess broker = BrokerTests.startBroker()) {
            bench("  evse_id: cp1\n", "energy:\n  broker_url: " + broker.url() + "\n  topic_prefix: it/site\n"
                    + "  failsafe_current_A: 6\n");
            assertTrue(BrokerTests.await(20_000, () -> statusOrNull().at("/energy_leaf/connected").asBoolean()),
                    "the leaf connects to the broker: " + statusOrNull());
            JsonNode before = status().get("energy_leaf");
            assertEquals("cp1", before.get("leaf_id").asText(), before.toString());
            assertTrue(before.get("grant").isNull(), before.toString());
            assertEquals("energy manager: no grant yet, fail-safe 6 A", before.get("text").asText());

            // The parent's grant, as the energy manager sends it (retained: the leaf may subscribe after it).
            MqttLink parent = new MqttLink(broker.url(), "it-parent", "", "", null);
            try {
                parent.start();
                assertTrue(BrokerTests.await(10_000, parent::isConnected));
                parent.publish(new Topics("it/site").allocation("cp1"), Wire.encode(new LeafAllocation(Wire.VERSION,
                        "cp1", "e1", 1, 16_000, 3, 30, "fuse", "fuse L2 of node garage")), 1, true, 600);
                assertTrue(BrokerTests.await(20_000, () -> statusOrNull().at("/energy_leaf/grant/current_A")
                        .asDouble() == 16.0), "the grant reaches the status: " + statusOrNull());
            } finally {
                parent.close();
            }
            JsonNode e = status().get("energy_leaf");
            assertEquals(3, e.at("/grant/phases").asInt(), e.toString());
            assertEquals(30, e.at("/grant/lease_s").asInt(), e.toString());
            assertEquals("fuse", e.at("/grant/reason").asText(), e.toString());
            assertEquals("fuse L2 of node garage", e.at("/grant/detail").asText(), e.toString());
            assertTrue(e.get("connected").asBoolean(), e.toString());
            assertEquals("energy manager: 16 A granted (lease 30 s), fuse L2 of node garage", e.get("text").asText());
        }
    }

    @Test
    void theStatusShowsTheOcppConnectionAndRegistrationWithARealCsms() throws Exception {
        try (NodeCsms csms = NodeCsms.start()) {
            bench("", "ocpp:\n  central_system_uri: " + csms.uri() + "\n  charge_point_id: CP-API\n"
                    + "  data_dir: \"" + dir.resolve("ocpp") + "\"\n");
            assertTrue(BrokerTests.await(20_000, () -> "Accepted".equals(statusOrNull().at("/ocpp/registration")
                    .asText())), "the BootNotification is accepted: " + statusOrNull());
            JsonNode o = status().get("ocpp");
            assertTrue(o.get("connected").asBoolean(), o.toString());
            assertEquals(csms.uri(), o.get("csms_url").asText(), o.toString());
            assertEquals("CP-API", o.get("charge_point_id").asText(), o.toString());
            assertEquals("OCPP: connected, Accepted", o.get("text").asText());
        }
        // The CSMS is gone: the status says so.
        assertTrue(BrokerTests.await(20_000, () -> !statusOrNull().at("/ocpp/connected").asBoolean(true)),
                "the lost connection reaches the status: " + statusOrNull());
        assertTrue(status().at("/ocpp/text").asText().startsWith("OCPP: not connected"), status().toString());
    }

    @Test
    void withoutTheEnergyLeafAndOcppTheirPartsAreAbsent() throws Exception {
        bench("");
        JsonNode s = status();
        assertFalse(s.has("energy_leaf"), s.toString());
        assertFalse(s.has("ocpp"), s.toString());
    }

    /** The status for a bounded wait's condition (an empty object while the server cannot answer). */
    private JsonNode statusOrNull() {
        try {
            return status();
        } catch (Exception | AssertionError e) {
            return JSON.createObjectNode();
        }
    }

    @Test
    void aControllerLimitsPausesAndReleasesAndTheStatusNamesTheClaim() throws Exception {
        bench("").charging("draw_power_regulated 32,3");
        api.as("admin", "admin-pw");
        HttpResponse<String> r = api.post("/api/v1/control", "{\"current_limit\": 10}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("current_limit", json(r).at("/claims/0/claim").asText());
        bench.after(6);
        JsonNode s = status();
        assertEquals(10.0, s.at("/pilot/offered_A").asDouble());
        assertEquals("limited by user 10 A", s.at("/limit/text").asText());
        assertEquals("http", s.at("/claims/0/source").asText());
        assertEquals(200, api.as("admin", "admin-pw").post("/api/v1/control", "{\"pause\": true}").statusCode());
        bench.after(3);
        assertEquals("ChargingPausedEVSE", status().get("state").asText());
        assertEquals("[\"UserPause\"]", status().get("pause_reasons").toString());
        assertEquals(200, api.as("admin", "admin-pw").post("/api/v1/control",
                "{\"pause\": false, \"current_limit\": null}").statusCode());
        bench.after(6);
        assertEquals(EvseState.Charging, bench.state());
        assertEquals(32.0, status().at("/pilot/offered_A").asDouble());
        assertEquals(200, api.as("admin", "admin-pw").post("/api/v1/control", "{\"stop\": true}").statusCode());
        bench.after(3);
        assertEquals(EvseState.Finished, bench.state(), "a remote stop ends the transaction; the EV stays plugged");
        bench.assertSafe();
    }

    @Test
    void badControlValuesAre400NamingTheFieldAndWithoutASession409() throws Exception {
        bench("").ready();
        api.as("admin", "admin-pw");
        assertError(400, "current_limit: 3.0 A is not allowed: 0 (no current) or 6 to 32 A",
                api.post("/api/v1/control", "{\"current_limit\": 3}"));
        assertError(400, "current_limit: not allowed (expected a number of A (0, or 6 to 32.0), or null to release)",
                api.post("/api/v1/control", "{\"current_limit\": \"16\"}"));
        assertError(400, "phases: 1 is not allowed: only 3 (the board cannot switch phases)",
                api.post("/api/v1/control", "{\"phases\": 1}"));
        assertError(400, "body: unknown field 'speed' (allowed: enable, pause, current_limit, phases, stop)",
                api.post("/api/v1/control", "{\"speed\": 1}"));
        assertError(400, "body: expected a JSON object with at least one of enable, pause, current_limit, phases, stop",
                api.post("/api/v1/control", "{}"));
        assertError(409, "pause: no session is running (a pause belongs to a session)",
                api.post("/api/v1/control", "{\"pause\": true}"));
        assertError(409, "stop: no session is running", api.post("/api/v1/control", "{\"stop\": true}"));
        assertError(403, "user reader has the role read; POST /api/v1/control needs control",
                api.as("reader", "reader-pw").post("/api/v1/control", "{\"enable\": false}"));
        assertError(401, "login required (POST /api/v1/login, a Bearer token or Basic)",
                api.as(null, null).post("/api/v1/control", "{\"enable\": false}"));
        assertError(413, "body: 20009 bytes is more than the 16384 allowed",
                api.as("admin", "admin-pw").post("/api/v1/control", "{\"x\": \"" + "a".repeat(20_000) + "\"}"));
        assertError(404, "no such endpoint: /api/v1/statuses", api.get("/api/v1/statuses"));
        assertError(405, "DELETE is not allowed on /api/v1/status (allowed: GET)", api.delete("/api/v1/status"));
    }

    private static void assertError(int status, String message, HttpResponse<String> r) {
        assertEquals(status, r.statusCode(), r.body());
        assertEquals("{\"error\":" + quote(message) + "}", r.body());
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theChargeLogListsFinishedTransactionsAsJsonAndCsvFilteredByTagAndTime() throws Exception {
        bench("").ready();
        api.as("admin", "admin-pw");
        assertEquals(200, api.put("/api/v1/tags/OTHER", "{\"user\": \"=Anna, B.\"}").statusCode());
        bench.ev("plugin; auth GOOD; draw_power_regulated 16,3; sleep 1800; unplug").after(1810);
        bench.ev("plugin; auth OTHER; draw_power_regulated 16,1; sleep 3600; unplug").after(3610);
        JsonNode all = json(api.get("/api/v1/sessions"));
        assertEquals(2, all.size(), all.toString());
        assertEquals("GOOD", all.get(0).get("tag").asText());
        assertEquals("EVDisconnected", all.get(0).get("stop_reason").asText());
        double e0 = all.get(0).get("energy_Wh").asDouble();
        assertTrue(e0 > 5_000 && e0 < 6_000, "16 A x 3 x 230 V for 30 min is about 5.5 kWh: " + e0);
        JsonNode other = json(api.get("/api/v1/sessions?tag=OTHER"));
        assertEquals(1, other.size());
        assertEquals("=Anna, B.", other.get(0).get("user").asText());
        String secondStart = other.get(0).get("start").asText();
        assertEquals(1, json(api.get("/api/v1/sessions?from=" + secondStart)).size());
        assertEquals(1, json(api.get("/api/v1/sessions?to=" + secondStart)).size());
        HttpResponse<String> csv = api.get("/api/v1/sessions?format=csv&tag=OTHER");
        assertEquals("text/csv; charset=utf-8", csv.headers().firstValue("Content-Type").orElse(""));
        String[] rows = csv.body().split("\r\n");
        assertEquals(2, rows.length);
        assertEquals("id,tag,user,start,stop,duration_min,energy_kWh,meter_start_kWh,meter_stop_kWh,stop_reason", rows[0]);
        assertTrue(rows[1].matches("[^,]+,OTHER,\"'=Anna, B.\",[^,]+Z,[^,]+Z,60\\.\\d,3\\.[67]\\d\\d,[0-9.]+,[0-9.]+,"
                + "EVDisconnected"), rows[1]);
        assertError(400, "from: 'yesterday' is not a date or instant (expected 2026-12-01 or 2026-12-01T08:00:00Z)",
                api.get("/api/v1/sessions?from=yesterday"));
        assertError(400, "format: 'xml' is not allowed (json or csv)", api.get("/api/v1/sessions?format=xml"));
        assertError(400, "query: unknown parameter 'user' (allowed: from, to, tag, format)",
                api.get("/api/v1/sessions?user=x"));
    }

    @Test
    void tagsAreListedAddedWithTheirUserAcceptedAndRemoved() throws Exception {
        bench("").ready();
        api.as("admin", "admin-pw");
        assertEquals("[{\"tag\":\"GOOD\",\"user\":\"\",\"from_config\":true}]", api.get("/api/v1/tags").body());
        assertEquals(200, api.put("/api/v1/tags/CARD-7", "{\"user\": \"Bea\"}").statusCode());
        assertTrue(Files.readString(dir.resolve("tags.json")).contains("\"Bea\""), "kept on disk");
        bench.ev("plugin; auth CARD-7; draw_power_regulated 16,3").after(3);
        assertEquals(EvseState.Charging, bench.state(), "an added tag is accepted");
        assertError(409, "tag: 'GOOD' is in auth.local_list of the configuration file; remove it there",
                api.delete("/api/v1/tags/GOOD"));
        assertError(404, "tag: 'NOPE' is not in the list", api.delete("/api/v1/tags/NOPE"));
        assertError(400, "tag: 'WAY-TOO-LONG-FOR-AN-IDTAG' is not allowed (1 to 20 printable ASCII characters, no spaces)",
                api.put("/api/v1/tags/WAY-TOO-LONG-FOR-AN-IDTAG", "{\"user\": \"x\"}"));
        assertError(400, "body: expected {\"user\": \"NAME\"} (the user name of the tag, may be empty)",
                api.put("/api/v1/tags/X", "{\"name\": \"x\"}"));
        assertError(403, "user reader has the role read; PUT /api/v1/tags/X needs control",
                api.as("reader", "reader-pw").put("/api/v1/tags/X", "{\"user\": \"x\"}"));
        assertEquals(204, api.as("admin", "admin-pw").delete("/api/v1/tags/CARD-7").statusCode());
        assertEquals(1, json(api.get("/api/v1/tags")).size());
    }

    @Test
    void theConfigurationIsTheEffectiveOneWithSecretsRedacted() throws Exception {
        bench("energy:\n  password: s3cret\n").ready();
        JsonNode c = json(api.as("reader", "reader-pw").get("/api/v1/config"));
        assertEquals(32.0, c.at("/evse/max_current_import_A").asDouble());
        assertEquals("(redacted)", c.at("/energy/password").asText());
        assertEquals("(redacted)", c.at("/api/users/0/password_hash").asText());
        assertEquals("", c.at("/ocpp/authorization_key").asText(), "an empty secret is shown empty");
        assertFalse(api.get("/api/v1/config").body().contains(ADMIN_HASH));
    }

    @Test
    void theEventStreamCarriesTheSameObjectsAsEventsJson() throws Exception {
        bench("").ready();
        List<String> cli = new CopyOnWriteArrayList<>();
        bench.charger.addListener(new JsonEventWriter(cli::add, bench.charger));
        HttpResponse<java.util.stream.Stream<String>> stream = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(api.uri("/api/v1/events")).build(), HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, stream.statusCode());
        bench.ev("plugin; auth GOOD; draw_power_regulated 16,3").after(3);
        Iterator<String> lines = stream.body().iterator();
        List<String> got = new ArrayList<>();
        while (got.size() < cli.size()) {
            String l = lines.next();
            if (l.startsWith("data: ")) {
                got.add(l.substring(6));
            }
        }
        assertTrue(cli.size() >= 6, cli.toString());
        assertEquals(cli, got);
    }
}
