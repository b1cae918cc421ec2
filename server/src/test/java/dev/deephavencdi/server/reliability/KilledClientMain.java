package dev.deephavencdi.server.reliability;

import dev.deephavencdi.testing.LiveView;
import dev.deephavencdi.testing.OfficialClient;
import io.deephaven.client.impl.Session;
import io.deephaven.client.impl.TableHandle;
import io.deephaven.qst.table.TableSpec;
import io.deephaven.qst.table.TimeTable;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * A client process for {@link KilledClientTest}: with the official Java client, it starts a {@code DoGet} of 10M
 * rows (120 MB of column data) and reads one batch, then stops reading ({@code doget}), or subscribes to a ticking table and sees its first update
 * ({@code subscribe}), prints {@code READY}, and then waits to be killed. It never closes anything.
 */
public final class KilledClientMain {
    private KilledClientMain() {}

    public static void main(String[] args) throws Exception {
        String target = args[0];
        String authentication = args[1];
        OfficialClient client = new OfficialClient(target, authentication);
        Session session = client.newSession();
        switch (args[2]) {
            case "doget" -> {
                // a view: computed while it is written, so the server's memory shows what the DoGet itself holds
                TableHandle big = session.execute(TableSpec.empty(10_000_000).view("X = i", "Y = (long) i"));
                var stream = client.flight(session).stream(big);
                if (!stream.next()) {
                    throw new IllegalStateException("no data");
                }
            }
            case "subscribe" -> {
                TableHandle ticking = session.execute(TimeTable.of(Duration.ofMillis(10)).update("X = ii"));
                LiveView view = LiveView.of(client.barrage(session), ticking);
                while (view.updates() < 2) {
                    Thread.onSpinWait();
                }
            }
            default -> throw new IllegalArgumentException("doget or subscribe, not " + args[2]);
        }
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await(); // until SIGKILL
    }
}
