package dev.deephavencdi.rest;

import dev.deephavencdi.cdi.PublishedTable;
import dev.deephavencdi.client.TableSchema;
import dev.deephavencdi.proto.Protocol;
import dev.deephavencdi.proto.SharedTicket;
import dev.deephavencdi.rest.model.ColumnView;
import dev.deephavencdi.rest.model.ServerAddress;
import dev.deephavencdi.rest.model.TicketForms;
import dev.deephavencdi.rest.model.TicketView;
import java.net.URI;
import java.util.List;

/** Builds the JSON documents from registry entries. */
final class TicketViews {
    private TicketViews() {}

    static TicketView of(PublishedTable entry) {
        boolean released = entry.isReleased();
        return new TicketView(
                entry.name(),
                forms(entry.ticket()),
                address(entry.serverTarget()),
                entry.sessionName(),
                released ? 0 : entry.table().size(),
                !released && entry.table().isStatic(),
                released ? List.of() : columns(entry.table().schema()),
                entry.publishedAt().toString(),
                released);
    }

    static TicketForms forms(SharedTicket ticket) {
        return new TicketForms(ticket.toHex(), ticket.toBase64(), ticket.idHex());
    }

    static List<ColumnView> columns(TableSchema schema) {
        return schema.columns().stream().map(column -> new ColumnView(column.name(), column.typeName())).toList();
    }

    /** Parses {@code dh+plain://host:port} / {@code dh://host:port}; a missing port is Deephaven's 10000. */
    static ServerAddress address(String target) {
        URI uri = URI.create(target);
        boolean tls = "dh".equals(uri.getScheme());
        return new ServerAddress(target, uri.getHost(), uri.getPort() < 0 ? Protocol.DEFAULT_PORT : uri.getPort(), tls);
    }
}
