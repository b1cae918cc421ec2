package dev.deephavencdi.example;

import dev.deephavencdi.cdi.Published;
import dev.deephavencdi.cdi.RequestSession;
import dev.deephavencdi.client.Session;
import dev.deephavencdi.client.Table;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Test bean: publishes through a request session, so the entry is released when the request ends (HTTP 410). */
@ApplicationScoped
public class RequestScopedTables {
    @Inject
    @RequestSession
    Session perRequest;

    @Published("scratch")
    public Table scratch() {
        return perRequest.emptyTable(3).update("X = i");
    }
}
