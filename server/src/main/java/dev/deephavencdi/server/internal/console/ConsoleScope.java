package dev.deephavencdi.server.internal.console;

import dev.deephavencdi.server.internal.ServerErrors;
import dev.deephavencdi.server.internal.engine.DeephavenEngine;
import io.deephaven.engine.liveness.LivenessScope;
import io.deephaven.engine.table.Table;
import io.deephaven.engine.util.GroovyDeephavenSession;
import io.deephaven.engine.util.ScriptSession;
import io.deephaven.plugin.type.ObjectTypeLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.lang.model.SourceVersion;

/**
 * The server-wide scope: tables bound by {@code BindTableToVariable} and variables assigned by Groovy scripts
 * ({@code ExecuteCommand}), readable by every session through {@code 's/<name>'} tickets. It is one Deephaven
 * {@link GroovyDeephavenSession}, created on first use (about half a second); scripts run one at a time.
 *
 * <p>The scope holds its tables until they are rebound, removed by a script, or the server closes.
 */
public final class ConsoleScope implements AutoCloseable {
    /** What changed in the scope: variable name to type name ({@code "Table"}, or the value's class). */
    public record Changes(Map<String, String> created, Map<String, String> updated, Map<String, String> removed,
            String error) {}

    private final DeephavenEngine engine;
    private final LivenessScope holder = new LivenessScope(true);
    private final List<Consumer<Changes>> listeners = new CopyOnWriteArrayList<>();
    /** Bound tables, each held by its own scope: the script session does not retain static tables put in it. */
    private final Map<String, LivenessScope> bindings = new java.util.HashMap<>();
    private GroovyDeephavenSession session;
    private boolean closed;

    public ConsoleScope(DeephavenEngine engine) {
        this.engine = engine;
    }

    private GroovyDeephavenSession session() {
        if (closed) {
            throw ServerErrors.unavailable("the server is shutting down");
        }
        if (session == null) {
            session = engine.compute(() -> {
                try {
                    GroovyDeephavenSession created = GroovyDeephavenSession.of(engine.updateGraph(),
                            engine.context().getOperationInitializer(), ObjectTypeLookup.NoOp.INSTANCE,
                            GroovyDeephavenSession.RunScripts.none());
                    holder.manage(created);
                    return created;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot start the Groovy script session", e);
                }
            });
        }
        return session;
    }

    /** Runs a Groovy script in the scope; a script error is reported in the changes, not thrown. */
    public synchronized Changes execute(String script) {
        ScriptSession scripts = session();
        ScriptSession.Changes changes = engine.compute(() -> scripts.evaluateScript(script, null));
        Changes result = new Changes(changes.created, changes.updated, changes.removed,
                changes.error == null ? null : describe(changes.error));
        // a script that reassigned or removed a bound name holds the new value itself
        result.updated().keySet().forEach(this::releaseBinding);
        result.removed().keySet().forEach(this::releaseBinding);
        notifyListeners(result);
        return result;
    }

    /** Binds a table to a variable, replacing what the name held. */
    public synchronized void bind(String name, Table table) {
        if (!SourceVersion.isIdentifier(name) || SourceVersion.isKeyword(name)) {
            throw ServerErrors.invalidArgument("variable name \"" + name + "\" is not a valid identifier (letters,"
                    + " digits and _; not starting with a digit)");
        }
        GroovyDeephavenSession scripts = session();
        LivenessScope binding = new LivenessScope(true);
        boolean existed = engine.compute(() -> {
            if (!binding.tryManage(table)) {
                throw ServerErrors.failedPrecondition("the table was released before it could be bound to '"
                        + name + "'; bind a live table");
            }
            boolean had = scripts.getQueryScope().hasParamName(name);
            scripts.getQueryScope().putParam(name, table);
            scripts.observeScopeChanges();
            return had;
        });
        releaseBinding(name);
        bindings.put(name, binding);
        Map<String, String> changed = Map.of(name, "Table");
        notifyListeners(existed
                ? new Changes(Map.of(), changed, Map.of(), null)
                : new Changes(changed, Map.of(), Map.of(), null));
    }

    /**
     * @return the table a scope variable holds
     * @throws io.grpc.StatusRuntimeException {@code NOT_FOUND} if there is none, {@code FAILED_PRECONDITION} if the
     *         variable is not a table
     */
    public synchronized Table table(String name) {
        if (session == null || !session.getQueryScope().hasParamName(name)) {
            throw ServerErrors.notFound("no variable '" + name + "' in the server's scope; bind a table to it"
                    + " first (BindTableToVariable, pydeephaven bind_table)");
        }
        Object value = session.getQueryScope().readParamValue(name);
        if (!(value instanceof Table table)) {
            throw ServerErrors.failedPrecondition("scope variable '" + name + "' is not a table (it is a "
                    + (value == null ? "null" : value.getClass().getSimpleName()) + ")");
        }
        return table;
    }

    /** @return every table variable of the scope, by name */
    public synchronized Map<String, Table> tables() {
        Map<String, Table> tables = new TreeMap<>();
        if (session != null) {
            session.getQueryScope().toMap((name, value) -> value instanceof Table).forEach(
                    (name, value) -> tables.put(name, (Table) value));
        }
        return tables;
    }

    private void releaseBinding(String name) {
        LivenessScope previous = bindings.remove(name);
        if (previous != null) {
            previous.release();
        }
    }

    /** Registers a listener for scope changes (ListFields streams); it runs on the thread that made the change. */
    public void onChange(Consumer<Changes> listener) {
        listeners.add(listener);
    }

    public void removeOnChange(Consumer<Changes> listener) {
        listeners.remove(listener);
    }

    private void notifyListeners(Changes changes) {
        if (changes.created().isEmpty() && changes.updated().isEmpty() && changes.removed().isEmpty()) {
            return;
        }
        for (Consumer<Changes> listener : listeners) {
            listener.accept(changes);
        }
    }

    private static String describe(Throwable error) {
        StringBuilder message = new StringBuilder();
        for (Throwable t = error; t != null && message.length() < 2000; t = t.getCause()) {
            if (t.getMessage() != null && message.indexOf(t.getMessage()) < 0) {
                message.append(message.length() == 0 ? "" : ": ").append(t.getMessage().strip());
            }
        }
        return message.length() == 0 ? error.getClass().getSimpleName() : message.toString();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (session != null) {
            session.cleanup();
        }
        bindings.values().forEach(LivenessScope::release);
        bindings.clear();
        holder.release();
    }
}
