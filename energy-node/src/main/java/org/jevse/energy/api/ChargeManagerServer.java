package org.jevse.energy.api;

import java.io.IOException;
import java.util.function.Consumer;
import org.jevse.config.ApiConfig;
import org.jevse.config.ConfigPrinter;
import org.jevse.energy.manager.EnergyManager;
import org.jevse.energy.wire.BadPayload;
import org.jevse.http.ApiServer;
import org.jevse.http.HttpError;
import org.jevse.http.HttpSettings;
import org.jevse.http.Request;
import org.jevse.http.Response;
import org.jevse.http.Role;

/**
 * The energy manager's HTTP API ({@code api:} of its file) on the charger's API server ({@link ApiServer}: users
 * and roles, HTTPS, bounded bodies, one-line JSON errors):
 * <ul>
 *   <li>{@code GET /charge_manager/available_current}, {@code GET /charge_manager/state},
 *       {@code GET /charge_manager/config} (role read);</li>
 *   <li>{@code POST} or {@code PUT /charge_manager/available_current}, and WARP's
 *       {@code /charge_manager/available_current_update} (role control): {@code {"current": mA}} or a bare number;</li>
 *   <li>{@code GET /}: the site's live page (limits, every charger's allocation and reason).</li>
 * </ul>
 */
public final class ChargeManagerServer implements AutoCloseable {

    static final String PREFIX = "/charge_manager";

    private final EnergyManager manager;
    private final ChargeManagerApi api;
    private final ApiServer server;

    /**
     * @throws IllegalArgumentException one line naming the key (api.listen, a user's role) and what is allowed
     */
    public ChargeManagerServer(EnergyManager manager, ApiConfig cfg, Consumer<String> log) {
        this.manager = manager;
        this.api = new ChargeManagerApi(manager);
        this.server = new ApiServer(HttpSettings.of(cfg), manager.time()::monotonicMs, log);
        server.route("GET", PREFIX + "/available_current", Role.READ, r -> document(api::availableCurrent))
                .route("POST", PREFIX + "/available_current", Role.CONTROL, this::update)
                .route("PUT", PREFIX + "/available_current", Role.CONTROL, this::update)
                .route("POST", PREFIX + "/available_current_update", Role.CONTROL, this::update)
                .route("PUT", PREFIX + "/available_current_update", Role.CONTROL, this::update)
                .route("GET", PREFIX + "/state", Role.READ, r -> document(api::state))
                .route("GET", PREFIX + "/config", Role.READ, r -> Response.json(ConfigPrinter.redacted(manager.file())))
                .page("org/jevse/energy/api/page/", ChargeManagerServer.class.getClassLoader());
    }

    /** Binds and starts; a port in use or a bad certificate is one line ({@link IllegalArgumentException}). */
    public void start() {
        server.start();
    }

    public int port() {
        return server.port();
    }

    private Response update(Request r) throws IOException {
        try {
            return json(api.updateAvailableCurrent(r.body()));
        } catch (BadPayload e) {
            String why = e.getMessage().contains("allowed") ? e.getMessage()
                    : e.getMessage() + "; allowed: {\"current\": mA} or a whole number of mA";
            throw HttpError.badRequest("available_current: " + why);
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("energy manager did not answer: " + e.getMessage(), e);
        }
    }

    private static Response json(byte[] body) {
        return new Response(200, Response.JSON, body, java.util.Map.of());
    }

    private static Response document(ThrowingBody body) throws IOException {
        try {
            return json(body.get());
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("energy manager did not answer: " + e.getMessage(), e);
        }
    }

    /** A document read on the manager's thread. */
    private interface ThrowingBody {
        byte[] get() throws Exception;
    }

    @Override
    public void close() {
        server.close();
    }
}
