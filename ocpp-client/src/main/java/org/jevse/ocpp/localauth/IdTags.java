package org.jevse.ocpp.localauth;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Locale;
import org.jevse.ocpp.v16.AuthorizeStatus;
import org.jevse.ocpp.v16.IdTagInfo;

/** IdToken and IdTagInfo rules shared by the local list and the cache. */
final class IdTags {
    private IdTags() {
    }

    /** IdToken is a CiString20: case-insensitive (OCPP 1.6 §7.28, errata). */
    static String key(String idTag) {
        return idTag.toUpperCase(Locale.ROOT);
    }

    /** True once the expiryDate has passed (§7.27: the date at which the idTag should be removed). */
    static boolean expired(IdTagInfo info, Instant now) {
        return info.expiryDate() != null && !now.isBefore(OffsetDateTime.parse(info.expiryDate()).toInstant());
    }

    /** The info as it stands at {@code now}: an entry past its expiryDate reads as Expired (§3.5.1). */
    static IdTagInfo asOf(IdTagInfo info, Instant now) {
        return expired(info, now) && info.status() != AuthorizeStatus.Expired
                ? new IdTagInfo(info.expiryDate(), info.parentIdTag(), AuthorizeStatus.Expired)
                : info;
    }
}
