package dev.deephavencdi.examples.jakartase;

import dev.deephavencdi.client.Session;
import jakarta.enterprise.inject.se.SeContainer;
import jakarta.enterprise.inject.se.SeContainerInitializer;
import jakarta.ws.rs.SeBootstrap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Runs the example: {@code java -jar examples/jakarta-se/target/deephaven-cdi-example-jakarta-se.jar}.
 *
 * <p>Configuration comes from MicroProfile Config (SmallRye Config): the defaults in
 * {@code META-INF/microprofile-config.properties}, overridden by system properties and environment variables.
 * Without {@code deephaven.cdi.session.host} the tables live on the embedded server.
 */
public final class JakartaSeExample {
    private JakartaSeExample() {}

    public static void main(String[] args) throws InterruptedException {
        RunningExample example = start();
        Runtime.getRuntime().addShutdownHook(new Thread(example::close, "example-shutdown"));
        System.out.println(example.banner());
        example.awaitClose();
    }

    /**
     * Starts the CDI container (which validates the {@code deephaven.cdi.*} configuration and starts the embedded
     * server if needed), publishes the example tables, then starts the HTTP server.
     *
     * @return the running example; close it to stop everything
     * @throws IllegalStateException if the HTTP server does not start
     */
    public static RunningExample start() {
        HttpSettings settings = HttpSettings.read(ConfigProvider.getConfig());
        SeContainer container = SeContainerInitializer.newInstance()
                // RunningExample.close() stops the HTTP server before the container; Weld's own hook would race it
                .addProperty("org.jboss.weld.se.shutdownHook", false)
                .initialize();
        try {
            MarketTables tables = container.select(MarketTables.class).get();
            tables.trades();
            tables.instruments();
            tables.tradesWithInstrument();
            String target = container.select(Session.class).get().target();

            SeBootstrap.Configuration configuration = SeBootstrap.Configuration.builder()
                    .protocol("HTTP")
                    .host(settings.host())
                    .port(settings.port())
                    .rootPath("/")
                    .build();
            SeBootstrap.Instance http = SeBootstrap.start(new ExampleApplication(), configuration)
                    .toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            return new RunningExample(container, http, target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            container.close();
            throw new IllegalStateException("interrupted while starting the HTTP server", e);
        } catch (ExecutionException | TimeoutException e) {
            container.close();
            throw new IllegalStateException("the HTTP server did not start on " + settings.host() + ":"
                    + settings.port() + " (" + HttpSettings.PORT + "): " + e.getMessage(), e);
        } catch (RuntimeException e) {
            container.close();
            throw e;
        }
    }
}
