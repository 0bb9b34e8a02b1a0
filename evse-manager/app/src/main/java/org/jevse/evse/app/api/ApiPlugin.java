package org.jevse.evse.app.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jevse.board.port.BoardEvent;
import org.jevse.board.port.PowermeterValues;
import org.jevse.board.time.EventLoop;
import org.jevse.config.ApiConfig;
import org.jevse.config.ConfigPrinter;
import org.jevse.config.JevseConfig;
import org.jevse.evse.app.chargelog.ChargeLog;
import org.jevse.evse.app.chargelog.TagStore;
import org.jevse.evse.app.control.ControlClaims;
import org.jevse.evse.app.plugin.BadInputException;
import org.jevse.evse.app.plugin.ChargerAccess;
import org.jevse.evse.app.plugin.ChargerListener;
import org.jevse.evse.app.plugin.ChargerPlugin;
import org.jevse.evse.app.plugin.StatusPart;
import org.jevse.evse.core.ChargerInput;
import org.jevse.evse.core.Limit;
import org.jevse.evse.core.Status;
import org.jevse.http.ApiServer;
import org.jevse.http.EventStream;
import org.jevse.http.HttpError;
import org.jevse.http.HttpSettings;
import org.jevse.http.Json;
import org.jevse.http.Response;
import org.jevse.http.Role;

/**
 * The charger's HTTP API and web page ({@code api:}, docs/api.md): status, the charge log, the tags, control claims,
 * the effective configuration and the live event stream, under {@code /api/v1/}. The handlers run on the server's
 * threads and read the charger only through a snapshot taken on the loop thread after every step; control goes through
 * the {@link ControlClaims}.
 */
public final class ApiPlugin implements ChargerPlugin, ChargerListener {
    public static final String PREFIX = "/api/v1";

    private final JevseConfig cfg;
    private final ControlClaims claims;
    private final TagStore tags;
    private final ChargeLog chargeLog;
    private final Supplier<List<StatusPart>> parts;
    private final Consumer<String> log;
    private final ApiServer server;
    private final EventStream events;
    private ChargerAccess charger;
    private volatile Status status;
    private volatile List<Limit> limits = List.of();
    private volatile PowermeterValues meter;
    private volatile EncodedStatus encodedStatus;

    /**
     * Checks the settings (a bad listen address or user is a {@link BadInputException}); nothing listens before
     * {@link #attach}.
     *
     * @param chargeLog the charge log, or null when none is kept
     * @param parts     what the other plugins add to the status (the energy leaf, OCPP); any thread
     */
    public ApiPlugin(JevseConfig cfg, ControlClaims claims, TagStore tags, ChargeLog chargeLog,
                     Supplier<List<StatusPart>> parts, org.jevse.board.time.TimeSource time, Consumer<String> log) {
        this.cfg = cfg;
        this.claims = claims;
        this.tags = tags;
        this.chargeLog = chargeLog;
        this.parts = parts;
        this.log = log;
        ApiConfig a = cfg.api();
        try {
            HttpSettings settings = HttpSettings.of(a);
            this.server = new ApiServer(settings, time::monotonicMs, log);
        } catch (IllegalArgumentException e) {
            throw bad(e);
        }
        this.events = new EventStream(a.maxEventClients());
    }

    /** The port it listens on (after {@link #attach}). */
    public int port() {
        return server.port();
    }

    /** One line of the {@code --events json} stream, for the live event clients (any thread). */
    public void publishEvent(String jsonLine) {
        events.publish(jsonLine);
    }

    @Override
    public void attach(ChargerAccess charger, EventLoop loop) {
        this.charger = charger;
        this.status = charger.status();
        this.limits = charger.core().activeLimits();
        charger.addListener(this);
        routes();
        try {
            server.start();
        } catch (IllegalArgumentException e) {
            throw bad(e);
        }
    }

    /** A settings problem as one line that names the key under {@code api}. */
    private static BadInputException bad(IllegalArgumentException e) {
        String m = e.getMessage();
        return new BadInputException(m.startsWith("api.") ? m : m.startsWith("listen") || m.startsWith("users")
                ? "api." + m : "api: " + m);
    }

    private void routes() {
        SessionsEndpoint sessions = new SessionsEndpoint(chargeLog, ZoneId.systemDefault());
        ControlEndpoint control = new ControlEndpoint(claims, charger, () -> status);
        server.loginRoutes(PREFIX)
                .route("GET", PREFIX + "/status", Role.READ, r -> statusResponse())
                .route("GET", PREFIX + "/sessions", Role.READ, sessions::handle)
                .route("GET", PREFIX + "/tags", Role.READ, r -> Response.json(tagList()))
                .route("PUT", PREFIX + "/tags/", Role.CONTROL, this::putTag)
                .route("DELETE", PREFIX + "/tags/", Role.CONTROL, this::deleteTag)
                .route("POST", PREFIX + "/control", Role.CONTROL, control::handle)
                .route("GET", PREFIX + "/config", Role.READ, r -> Response.json(ConfigPrinter.redacted(cfg)))
                .route("GET", PREFIX + "/events", Role.READ, r -> events.open(r, List.of()))
                .page("org/jevse/evse/app/web/", ApiPlugin.class.getClassLoader());
    }

    /**
     * The status, encoded once per change and the same bytes served to every request until it changes: a page or a
     * home-automation poller may ask many times a second, and each encoding is work and garbage (the heap's young
     * generation is the larger part of the resident memory under such a load).
     */
    private Response statusResponse() {
        StatusJson.Input in = new StatusJson.Input(StatusJson.untimed(status), limits, claims.active(), meter,
                parts.get());
        EncodedStatus c = encodedStatus;
        if (c == null || !c.input().equals(in)) {
            c = new EncodedStatus(in, Json.write(StatusJson.of(in)).getBytes(StandardCharsets.UTF_8));
            encodedStatus = c;
        }
        return new Response(200, Response.JSON, c.json(), Map.of());
    }

    private record EncodedStatus(StatusJson.Input input, byte[] json) {
    }

    private ArrayNode tagList() {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (TagStore.Tag t : tags.all()) {
            a.addObject().put("tag", t.tag()).put("user", t.user()).put("from_config", t.fromConfig());
        }
        return a;
    }

    private Response putTag(org.jevse.http.Request r) throws IOException {
        JsonNode body = r.json();
        JsonNode user = body.get("user");
        if (!body.isObject() || user == null || !user.isTextual() || body.size() != 1) {
            throw HttpError.badRequest("body: expected {\"user\": \"NAME\"} (the user name of the tag, may be empty)");
        }
        if (!tags.writable()) {
            throw new HttpError(409, "tags: no auth.tags_file is configured, the list cannot change");
        }
        try {
            tags.put(r.rest(), user.asText());
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest(e.getMessage());
        }
        return Response.json(tagList());
    }

    private Response deleteTag(org.jevse.http.Request r) throws IOException {
        try {
            if (!tags.remove(r.rest())) {
                throw HttpError.notFound("tag: '" + r.rest() + "' is not in the list");
            }
        } catch (IllegalStateException e) {
            throw new HttpError(409, e.getMessage());
        }
        return Response.noContent();
    }

    @Override
    public void onBoardEvent(long tMs, BoardEvent event) {
        if (event instanceof BoardEvent.PowermeterReading m) {
            meter = m.values();
        }
    }

    @Override
    public void onStepEnd(long tMs, ChargerInput input) {
        status = charger.status();
        limits = charger.core().activeLimits();
    }

    @Override
    public void close() {
        events.close();
        server.close();
    }
}
