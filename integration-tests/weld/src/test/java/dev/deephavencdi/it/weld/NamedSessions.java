package dev.deephavencdi.it.weld;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.cdi.RequestSession;
import dev.deephavencdi.cdi.SessionName;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Sessions of a named server, "analytics", in both scopes. */
@ApplicationScoped
public class NamedSessions {
    @Inject
    @SessionName("analytics")
    Session analytics;

    @Inject
    @RequestSession("analytics")
    Session analyticsPerRequest;

    @Published("analytics-summary")
    public Table summary() {
        return analytics.emptyTable(4).update("K = i");
    }

    public Session analytics() {
        return analytics;
    }

    public Session analyticsPerRequest() {
        return analyticsPerRequest;
    }
}
