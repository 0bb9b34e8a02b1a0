package org.jevse.evse.app.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.jevse.evse.app.chargelog.ChargeLog;
import org.jevse.evse.app.chargelog.ChargeLogEntry;
import org.jevse.http.HttpError;
import org.jevse.http.Json;
import org.jevse.http.Request;
import org.jevse.http.Response;

/**
 * {@code GET /api/v1/sessions}: the charge log, filtered by {@code from}, {@code to} (an instant or a date; a
 * transaction counts by its start) and {@code tag}, as JSON or, with {@code format=csv}, as CSV with the columns a
 * bookkeeper needs.
 */
final class SessionsEndpoint {
    static final String CSV_HEADER =
            "id,tag,user,start,stop,duration_min,energy_kWh,meter_start_kWh,meter_stop_kWh,stop_reason";

    private final ChargeLog log;
    private final ZoneId zone;

    /** {@code log} null: no charge log kept (every answer is empty). */
    SessionsEndpoint(ChargeLog log, ZoneId zone) {
        this.log = log;
        this.zone = zone;
    }

    Response handle(Request r) {
        for (String k : r.queryParameters().keySet()) {
            if (!List.of("from", "to", "tag", "format").contains(k)) {
                throw HttpError.badRequest("query: unknown parameter '" + k + "' (allowed: from, to, tag, format)");
            }
        }
        long from = instant("from", r.query("from"), Long.MIN_VALUE);
        long to = instant("to", r.query("to"), Long.MAX_VALUE);
        String tag = r.query("tag");
        String format = r.query("format") == null ? "json" : r.query("format");
        if (!format.equals("json") && !format.equals("csv")) {
            throw HttpError.badRequest("format: '" + format + "' is not allowed (json or csv)");
        }
        List<ChargeLogEntry> entries = log == null ? List.of() : log.read(e -> e.startWallMs() >= from
                && e.startWallMs() < to && (tag == null || tag.equals(e.tag())));
        if (format.equals("csv")) {
            StringBuilder b = new StringBuilder(CSV_HEADER).append("\r\n");
            for (ChargeLogEntry e : entries) {
                b.append(csvLine(e)).append("\r\n");
            }
            return Response.text("text/csv; charset=utf-8", b.toString())
                    .withHeader("Content-Disposition", "attachment; filename=\"charge-log.csv\"");
        }
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (ChargeLogEntry e : entries) {
            a.addObject().put("id", e.id()).put("tag", e.tag()).put("user", e.user())
                    .put("start", Instant.ofEpochMilli(e.startWallMs()).toString())
                    .put("stop", Instant.ofEpochMilli(e.stopWallMs()).toString())
                    .put("energy_Wh", round(e.energyWh(), 1))
                    .put("meter_start_Wh", e.meterStartWh()).put("meter_stop_Wh", e.meterStopWh())
                    .put("stop_reason", e.stopReason());
        }
        return Response.json(a);
    }

    private long instant(String field, String v, long absent) {
        if (v == null) {
            return absent;
        }
        try {
            if (v.length() == 10) {
                return LocalDate.parse(v).atStartOfDay(zone).toInstant().toEpochMilli();
            }
            return Instant.parse(v).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw HttpError.badRequest(field + ": '" + v + "' is not a date or instant (expected 2026-12-01 or "
                    + "2026-12-01T08:00:00Z)");
        }
    }

    static String csvLine(ChargeLogEntry e) {
        return String.join(",", csv(e.id()), csv(e.tag()), csv(e.user()),
                Instant.ofEpochMilli(e.startWallMs()).toString(), Instant.ofEpochMilli(e.stopWallMs()).toString(),
                String.format(Locale.ROOT, "%.1f", (e.stopWallMs() - e.startWallMs()) / 60_000.0),
                String.format(Locale.ROOT, "%.3f", e.energyWh() / 1000),
                String.format(Locale.ROOT, "%.3f", e.meterStartWh() / 1000),
                String.format(Locale.ROOT, "%.3f", e.meterStopWh() / 1000), csv(e.stopReason()));
    }

    /**
     * One CSV field (RFC 4180 quoting). A field a spreadsheet would take for a formula (=, +, -, @ first) gets a
     * leading apostrophe: a user name is free text, and a bookkeeper opens the file in a spreadsheet.
     */
    static String csv(String v) {
        String s = v;
        if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
            s = "'" + s;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            s = "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
