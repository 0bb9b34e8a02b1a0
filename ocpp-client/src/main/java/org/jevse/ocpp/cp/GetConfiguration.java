package org.jevse.ocpp.cp;

import java.util.ArrayList;
import java.util.List;
import org.jevse.ocpp.config.Configuration;
import org.jevse.ocpp.config.ConfigKey;
import org.jevse.ocpp.session.Operation;
import org.jevse.ocpp.rpc.RpcErrorCode;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.v16.ConfigurationKey;
import org.jevse.ocpp.v16.GetConfigurationRequest;
import org.jevse.ocpp.v16.GetConfigurationResponse;

/**
 * GetConfiguration (OCPP 1.6 §5.8): no keys → every readable key; named keys → those known, the rest in
 * unknownKey. A request naming more than GetConfigurationMaxKeys keys is refused with
 * OccurenceConstraintViolation. Write-only keys (AuthorizationKey) are reported as unknown.
 */
public final class GetConfiguration implements Operation<GetConfigurationRequest, GetConfigurationResponse> {
    public static final String GET_CONFIGURATION_MAX_KEYS = "GetConfigurationMaxKeys";
    /** The value of GetConfigurationMaxKeys. */
    public static final int MAX_KEYS = 50;

    /** The key of GetConfiguration (OCPP 1.6 §9.1.9). */
    public static List<ConfigKey> keys() {
        return List.of(ConfigKey.integer(GET_CONFIGURATION_MAX_KEYS, true, MAX_KEYS, 1, 1000));
    }

    private final Configuration config;

    GetConfiguration(Configuration config) {
        this.config = config;
    }

    @Override
    public String action() {
        return "GetConfiguration";
    }

    @Override
    public Class<GetConfigurationRequest> requestType() {
        return GetConfigurationRequest.class;
    }

    @Override
    public GetConfigurationResponse handle(GetConfigurationRequest q) throws RpcException {
        List<ConfigurationKey> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        if (q.key() == null || q.key().isEmpty()) {
            for (Configuration.Entry e : config.all()) {
                known.add(new ConfigurationKey(e.key(), e.readonly(), e.value()));
            }
        } else {
            int max = config.getInt(GET_CONFIGURATION_MAX_KEYS);
            if (q.key().size() > max) {
                throw new RpcException(RpcErrorCode.OccurenceConstraintViolation,
                        "at most " + max + " keys per request (GetConfigurationMaxKeys)");
            }
            for (String k : q.key()) {
                Configuration.Entry e = config.entry(k);
                if (e == null) {
                    unknown.add(k);
                } else {
                    known.add(new ConfigurationKey(e.key(), e.readonly(), e.value()));
                }
            }
        }
        return new GetConfigurationResponse(known.isEmpty() ? null : known, unknown.isEmpty() ? null : unknown);
    }
}
