package org.jevse.energy.wire;

/**
 * The energy tree's MQTT topics under one prefix (docs/energy-tree.md).
 *
 * @param prefix e.g. "jevse/site1"; the charge_manager topics follow WARP's {@code <prefix>/charge_manager/...}
 */
public record Topics(String prefix) {
    public Topics {
        if (prefix == null || prefix.isEmpty() || prefix.contains("+") || prefix.contains("#")) {
            throw new IllegalArgumentException("topic prefix must be non-empty and without wildcards: " + prefix);
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
    }

    public String status(String leafId) {
        return prefix + "/energy/" + leafId + "/status";
    }

    public String allocation(String leafId) {
        return prefix + "/energy/" + leafId + "/allocation";
    }

    public String anyStatus() {
        return prefix + "/energy/+/status";
    }

    /** The leaf id in a status or allocation topic, or null. */
    public String leafOf(String topic) {
        String head = prefix + "/energy/";
        if (!topic.startsWith(head)) {
            return null;
        }
        String rest = topic.substring(head.length());
        int slash = rest.indexOf('/');
        return slash <= 0 ? null : rest.substring(0, slash);
    }

    public String availableCurrent() {
        return prefix + "/charge_manager/available_current";
    }

    public String availableCurrentUpdate() {
        return prefix + "/charge_manager/available_current_update";
    }

    public String state() {
        return prefix + "/charge_manager/state";
    }
}
