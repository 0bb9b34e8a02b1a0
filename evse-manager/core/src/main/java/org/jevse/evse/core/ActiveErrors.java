package org.jevse.evse.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The set of raised errors. Each code is raised at most once at a time. */
final class ActiveErrors {
    private final Map<ErrorCode, ActiveError> active = new EnumMap<>(ErrorCode.class);
    private int fatalCount;

    /**
     * Records an error without announcing it, so the caller can cut power before anyone is told
     * ({@link IecLayer#raise}). Returns null if it was already active.
     */
    ActiveError add(ErrorCode code, boolean fatal, ClearRule rule, String detail, long nowMs) {
        if (active.containsKey(code)) {
            return null;
        }
        ActiveError e = new ActiveError(code, fatal, rule, detail, nowMs);
        active.put(code, e);
        if (fatal) {
            fatalCount++;
        }
        return e;
    }

    boolean clear(ErrorCode code, CoreOutput out) {
        ActiveError e = active.remove(code);
        if (e == null) {
            return false;
        }
        if (e.fatal()) {
            fatalCount--;
        }
        out.notify(new Notification.ErrorChanged(e, false));
        return true;
    }

    /** Clears every error whose rule is {@code rule}. */
    void clearAll(ClearRule rule, CoreOutput out) {
        List<ErrorCode> toClear = new ArrayList<>();
        for (ActiveError e : active.values()) {
            if (e.clearRule() == rule) {
                toClear.add(e.code());
            }
        }
        for (ErrorCode c : toClear) {
            clear(c, out);
        }
    }

    boolean isActive(ErrorCode code) {
        return active.containsKey(code);
    }

    boolean anyFatal() {
        return fatalCount > 0;
    }

    boolean anyLatched() {
        for (ActiveError e : active.values()) {
            if (e.clearRule() == ClearRule.RESET) {
                return true;
            }
        }
        return false;
    }

    Collection<ActiveError> all() {
        return Collections.unmodifiableCollection(active.values());
    }
}
