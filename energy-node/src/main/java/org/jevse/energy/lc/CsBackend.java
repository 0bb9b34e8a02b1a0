package org.jevse.energy.lc;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jevse.energy.manager.OcppServerSection;
import org.jevse.ocpp.rpc.OcppJson;
import org.jevse.ocpp.rpc.RpcErrorCode;
import org.jevse.ocpp.rpc.RpcException;
import org.jevse.ocpp.v16.AuthorizeRequest;
import org.jevse.ocpp.v16.AuthorizeResponse;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.BootNotificationRequest;
import org.jevse.ocpp.v16.BootNotificationResponse;
import org.jevse.ocpp.v16.BootNotificationStatus;
import org.jevse.ocpp.v16.HeartbeatResponse;
import org.jevse.ocpp.v16.IdTagInfo;
import org.jevse.ocpp.v16.MeterValuesRequest;
import org.jevse.ocpp.v16.StartTransactionRequest;
import org.jevse.ocpp.v16.StartTransactionResponse;
import org.jevse.ocpp.v16.StatusNotificationRequest;
import org.jevse.ocpp.v16.StopTransactionRequest;
import org.jevse.ocpp.v16.StopTransactionResponse;

/**
 * CS mode: the LC is the chargers' small CSMS. It accepts the boots of the configured chargers (the server
 * refuses others in the handshake), authorizes against the tag list of ocpp_server.tags, numbers and records
 * transactions, and appends each finished one to the session history CSV. Runs on the manager's thread.
 */
final class CsBackend {

    /** A transaction that started and has not stopped yet. */
    record Open(String chargerId, int connector, int transactionId, String idTag, String user, String start,
                long meterStartWh) {
    }

    static final String CSV_HEADER = "charger,connector,transaction,id_tag,user,start,stop,meter_start_Wh,"
            + "meter_stop_Wh,reason";
    /** Heartbeat interval handed to the chargers (s). */
    static final int HEARTBEAT_S = 300;

    private static final System.Logger LOG = System.getLogger(CsBackend.class.getName());

    private final Map<String, String> users = new HashMap<>();
    private final Path history;
    private final Map<Integer, Open> open = new HashMap<>();
    private int nextTransactionId;

    CsBackend(OcppServerSection cfg, long wallMs) {
        for (OcppServerSection.Tag t : cfg.tags()) {
            users.put(t.idTag(), t.user());
        }
        this.history = cfg.sessionHistoryFile().isEmpty() ? null : Path.of(cfg.sessionHistoryFile());
        // Ids of a restarted LC do not repeat those of the last run: seconds since 2020, then counting up.
        this.nextTransactionId = (int) Math.max(1, (wallMs / 1000 - 1_577_836_800L) % 2_000_000_000L);
    }

    List<Open> openTransactions() {
        return List.copyOf(open.values());
    }

    /** The answer to a charger's CALL; a defect of the payload is the RpcException with its OCPP-J code. */
    JsonNode answer(String chargerId, String action, JsonNode payload, Instant now) throws RpcException {
        String time = now.truncatedTo(ChronoUnit.MILLIS).toString();
        return switch (action) {
            case "BootNotification" -> {
                OcppJson.parse(payload, BootNotificationRequest.class);
                yield OcppJson.toTree(new BootNotificationResponse(BootNotificationStatus.Accepted, time, HEARTBEAT_S));
            }
            case "Heartbeat" -> OcppJson.toTree(new HeartbeatResponse(time));
            case "StatusNotification" -> {
                OcppJson.parse(payload, StatusNotificationRequest.class);
                yield OcppJson.mapper().createObjectNode();
            }
            case "MeterValues" -> {
                OcppJson.parse(payload, MeterValuesRequest.class);
                yield OcppJson.mapper().createObjectNode();
            }
            case "Authorize" -> {
                AuthorizeRequest r = OcppJson.parse(payload, AuthorizeRequest.class);
                yield OcppJson.toTree(new AuthorizeResponse(info(r.idTag())));
            }
            case "StartTransaction" -> {
                StartTransactionRequest r = OcppJson.parse(payload, StartTransactionRequest.class);
                IdTagInfo info = info(r.idTag());
                int tx = nextTransactionId++;
                if (info.status() == AuthorizeStatus.Accepted) {
                    open.put(tx, new Open(chargerId, r.connectorId(), tx, r.idTag(), users.get(r.idTag()),
                            r.timestamp(), r.meterStart()));
                }
                yield OcppJson.toTree(new StartTransactionResponse(info, tx));
            }
            case "StopTransaction" -> {
                StopTransactionRequest r = OcppJson.parse(payload, StopTransactionRequest.class);
                Open o = open.remove(r.transactionId());
                if (o != null) {
                    record(o, r);
                }
                yield OcppJson.toTree(new StopTransactionResponse(r.idTag() == null ? null : info(r.idTag())));
            }
            case "DataTransfer" -> OcppJson.mapper().createObjectNode().put("status", "UnknownVendorId");
            case "FirmwareStatusNotification", "DiagnosticsStatusNotification", "SecurityEventNotification",
                 "SignedFirmwareStatusNotification", "LogStatusNotification" -> OcppJson.mapper().createObjectNode();
            default -> throw new RpcException(RpcErrorCode.NotImplemented, action + " is not implemented by the LC in CS mode");
        };
    }

    private IdTagInfo info(String idTag) {
        return new IdTagInfo(null, null, users.containsKey(idTag) ? AuthorizeStatus.Accepted : AuthorizeStatus.Invalid);
    }

    private void record(Open o, StopTransactionRequest r) {
        if (history == null) {
            return;
        }
        String line = String.join(",", csv(o.chargerId()), Integer.toString(o.connector()),
                Integer.toString(o.transactionId()), csv(o.idTag()), csv(o.user() == null ? "" : o.user()),
                csv(o.start()), csv(r.timestamp()), Long.toString(o.meterStartWh()),
                Long.toString(r.meterStop()), r.reason() == null ? "Local" : r.reason().value()) + "\n";
        try {
            boolean fresh = !Files.exists(history) || Files.size(history) == 0;
            Files.writeString(history, (fresh ? CSV_HEADER + "\n" : "") + line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.log(Level.ERROR, "ocpp server: cannot append to session_history_file " + history + ": " + e.getMessage());
        }
    }

    /** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
    static String csv(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return '"' + s.replace("\"", "\"\"") + '"';
    }
}
