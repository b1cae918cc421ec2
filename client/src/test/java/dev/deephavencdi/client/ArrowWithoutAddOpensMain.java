package dev.deephavencdi.client;

/**
 * Run in a JVM started without {@code --add-opens=java.base/java.nio=ALL-UNNAMED}: connects to the server named by
 * the arguments (target, then authentication), runs a table operation (no Arrow needed) and then reads rows (Arrow needed). Prints the outcome.
 */
public final class ArrowWithoutAddOpensMain {
    private ArrowWithoutAddOpensMain() {}

    public static void main(String[] args) {
        try (Session session = Session.builder().target(args[0]).authentication(args[1]).connect()) {
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
