package org.jevse.evse.app;

import java.util.Set;
import java.util.function.Consumer;
import org.jevse.evse.app.plugin.AuthorizationPort;

/** Accepts exactly the tags of {@code auth.local_list}. */
public final class LocalListAuthorization implements AuthorizationPort {
    private final Set<String> tags;

    public LocalListAuthorization(Iterable<String> tags) {
        java.util.HashSet<String> s = new java.util.HashSet<>();
        tags.forEach(s::add);
        this.tags = Set.copyOf(s);
    }

    @Override
    public void authorize(String tag, Consumer<Boolean> decision) {
        decision.accept(tags.contains(tag));
    }
}
