package org.jevse.config;

import java.util.List;

/** Local authorization. OCPP plugs in later through the same authorization port. */
public record AuthConfig(
        @Key(name = "local_list", def = "[]",
             doc = "RFID tags (idTags) accepted locally. Ignored when evse.disable_authentication is true.", jevse = true)
        List<String> localList,
        @Key(name = "connection_timeout_s", def = "60", min = 1, max = 3600,
             doc = "Seconds between plug-in and authorization (either order) before the attempt is abandoned (EVerest Auth connection_timeout).")
        int connectionTimeoutS,
        @Key(name = "tags_file", def = "''", jevse = true,
             doc = "A JSON file of further accepted tags with their user names, managed through the HTTP API (PUT/DELETE /api/v1/tags/TAG) and replaced atomically on every change. Empty: only local_list, and the API's tag list is read-only.")
        String tagsFile) {

    public AuthConfig {
        localList = List.copyOf(localList);
    }
}
