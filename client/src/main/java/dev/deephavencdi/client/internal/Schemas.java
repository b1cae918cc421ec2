package dev.deephavencdi.client.internal;

import dev.deephavencdi.client.ColumnSchema;
import dev.deephavencdi.client.DeephavenException;
import dev.deephavencdi.client.TableSchema;
import io.deephaven.proto.backplane.grpc.ExportedTableCreationResponse;
import io.grpc.Status;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.Map;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a table's schema from the {@code schema_header} of its creation response: an Arrow IPC schema message
 * (with its 8-byte continuation prefix, which Arrow's reader expects) whose fields carry Deephaven's
 * {@code deephaven:type} metadata, the Java type of each column. No Arrow memory is needed.
 */
final class Schemas {
    /** The field metadata key under which Deephaven names a column's Java type. */
    static final String TYPE_METADATA = "deephaven:type";

    private static final Map<String, Class<?>> PRIMITIVES = Map.of(
            "boolean", boolean.class, "byte", byte.class, "short", short.class, "char", char.class,
            "int", int.class, "long", long.class, "float", float.class, "double", double.class);

    private Schemas() {}

    static TableSchema of(ExportedTableCreationResponse response) {
        return new TableSchema(arrowSchema(response).getFields().stream().map(Schemas::column).toList());
    }

    static Schema arrowSchema(ExportedTableCreationResponse response) {
        try (ReadChannel channel = new ReadChannel(Channels.newChannel(response.getSchemaHeader().newInput()))) {
            Schema schema = MessageSerializer.deserializeSchema(channel);
            if (schema == null) {
                throw new IOException("the schema header is empty");
            }
            return schema;
        } catch (IOException | RuntimeException e) {
            throw new DeephavenException(Status.Code.INTERNAL, "the server sent a table schema this client cannot"
                    + " read (" + e.getMessage() + "); is it a Deephaven server?", e);
        }
    }

    private static ColumnSchema column(Field field) {
        String typeName = field.getMetadata().get(TYPE_METADATA);
        if (typeName == null || typeName.isBlank()) {
            return new ColumnSchema(field.getName(), field.getType().toString(), Object.class);
        }
        return new ColumnSchema(field.getName(), typeName, javaType(typeName));
    }

    static Class<?> javaType(String typeName) {
        if (typeName.endsWith("[]")) {
            Class<?> component = javaType(typeName.substring(0, typeName.length() - 2));
            return component == Object.class ? Object.class : component.arrayType();
        }
        Class<?> primitive = PRIMITIVES.get(typeName);
        if (primitive != null) {
            return primitive;
        }
        try {
            return Class.forName(typeName, false, Schemas.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return Object.class; // e.g. a server-side custom type; the name still tells what it is
        }
    }
}
