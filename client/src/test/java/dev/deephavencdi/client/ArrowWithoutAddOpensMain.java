package dev.deephavencdi.client;

/**
 * Run in a JVM started without {@code --add-opens=java.base/java.nio=ALL-UNNAMED}: connects to the server named by
 * the argument, runs a table operation (no Arrow needed) and then reads rows (Arrow needed). Prints the outcome.
 */
public final class ArrowWithoutAddOpensMain {
    private ArrowWithoutAddOpensMain() {}

    public static void main(String[] args) {
        try (Session session = Session.connect(args[0])) {
            Table table = session.emptyTable(3).update("X = i");
            System.out.println("SIZE " + table.size());
            try {
                table.readRows(3);
                System.out.println("READ OK");
            } catch (DeephavenException e) {
                System.out.println("READ FAILED " + e.statusCode() + " " + e.getMessage().replace('\n', ' '));
            }
        }
    }
}
