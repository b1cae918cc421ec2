package dev.deephavencdi.it.weld;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.cdi.RequestSession;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Publishes through the request session, so its ticket lives as long as the request. */
@ApplicationScoped
public class RequestTables {
    @Inject
    @RequestSession
    Session perRequest;

    @Published("per-request")
    public Table perRequest() {
        return perRequest.emptyTable(7).update("X = i");
    }

    public Session session() {
        return perRequest;
    }
}
