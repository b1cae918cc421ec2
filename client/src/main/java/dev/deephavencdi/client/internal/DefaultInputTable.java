package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.InputTable;
import dev.deephavencdi.client.Table;
import dev.deephavencdi.client.internal.Failures.Action;
import java.lang.ref.Reference;
import java.util.List;
import java.util.concurrent.ExecutionException;

/** An input table: its contents are an ordinary {@link DefaultTable}; rows go through {@code InputTableService}. */
final class DefaultInputTable implements InputTable {
    private final SessionContext context;
    private final TableCreator creator;
    private final Table table;
    private final List<String> keyColumns;

    DefaultInputTable(SessionContext context, TableCreator creator, Table table, List<String> keyColumns) {
        this.context = context;
        this.creator = creator;
        this.table = table;
        this.keyColumns = List.copyOf(keyColumns);
    }

    @Override
    public Table table() {
        return table;
    }

    @Override
    public List<String> keyColumns() {
        return keyColumns;
    }

    @Override
    public void add(Table rows) {
        change("add", rows);
    }

    @Override
    public void delete(Table keys) {
        change("delete", keys);
    }

    private void change(String operation, Table rows) {
        TableState input = creator.own(table, operation);
        TableState source = creator.own(rows, operation);
        String what = operation + " of " + source + " to input table " + input;
        try {
            var official = context.official();
            (operation.equals("add")
                    ? official.addToInputTable(input.handle(), source.handle())
                    : official.deleteFromInputTable(input.handle(), source.handle())).get();
        } catch (ExecutionException e) {
            throw context.fail(e.getCause(), Action.CREATE_TABLE, what, input, source);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw context.fail(e, Action.CREATE_TABLE, what, input, source);
        } finally {
            Reference.reachabilityFence(rows);
        }
    }

    @Override
    public void close() {
        table.close();
    }

    @Override
    public String toString() {
        return "InputTable[" + table + (keyColumns.isEmpty() ? ", append-only" : ", keys " + keyColumns) + "]";
    }
}
