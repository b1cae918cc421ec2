package dev.deephavencdi.server.internal.table;

import dev.deephavencdi.server.internal.ServerErrors;
import io.deephaven.engine.table.TableDefinition;
import io.deephaven.engine.table.impl.util.AppendOnlyArrayBackedInputTable;
import io.deephaven.engine.table.impl.util.KeyedArrayBackedInputTable;
import io.deephaven.extensions.barrage.util.BarrageUtil;
import io.deephaven.proto.backplane.grpc.CreateInputTableRequest;
import io.deephaven.proto.backplane.grpc.CreateInputTableRequest.InputTableKind;
import io.deephaven.proto.backplane.grpc.TableReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.ipc.ReadChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Plans {@code CreateInputTable}: an in-memory input table, append-only or keyed, whose columns come from a source
 * table's definition or from an Arrow schema. Rows arrive through {@code InputTableService}; the table ticks.
 */
final class InputTablePlanner {
    private InputTablePlanner() {}

    static TableOperation createInputTable(CreateInputTableRequest request) {
        Function<TableDefinition, io.deephaven.engine.table.Table> maker = maker(request.getKind());
        return switch (request.getDefinitionCase()) {
            case SOURCE_TABLE_ID -> {
                PlanSteps.requireReference("create_input_table", "source_table_id", request.getSourceTableId());
                yield new TableOperation("create_input_table", request.getResultId(),
                        List.of(request.getSourceTableId()), false,
                        tables -> maker.apply(tables.get(0).getDefinition()));
            }
            case SCHEMA -> {
                TableDefinition definition = definitionOf(request.getSchema().toByteArray());
                yield new TableOperation("create_input_table", request.getResultId(), List.<TableReference>of(),
                        false, tables -> maker.apply(definition));
            }
            case DEFINITION_NOT_SET -> throw ServerErrors.invalidArgument(
                    "create_input_table needs a schema (Arrow IPC schema bytes) or a source_table_id");
        };
    }

    private static Function<TableDefinition, io.deephaven.engine.table.Table> maker(InputTableKind kind) {
        return switch (kind.getKindCase()) {
            case IN_MEMORY_APPEND_ONLY -> AppendOnlyArrayBackedInputTable::make;
            case IN_MEMORY_KEY_BACKED -> {
                String[] keys = kind.getInMemoryKeyBacked().getKeyColumnsList().toArray(String[]::new);
                if (keys.length == 0) {
                    throw ServerErrors.invalidArgument("create_input_table: a key-backed input table needs at least"
                            + " one key column");
                }
                yield definition -> {
                    for (String key : keys) {
                        if (definition.getColumn(key) == null) {
                            throw ServerErrors.invalidArgument("create_input_table: key column '" + key
                                    + "' is not among the columns " + definition.getColumnNames());
                        }
                    }
                    return KeyedArrayBackedInputTable.make(definition, keys);
                };
            }
            case BLINK -> throw ServerErrors.unimplemented("create_input_table: blink input tables are not"
                    + " supported by the embedded server; supported kinds: in_memory_append_only,"
                    + " in_memory_key_backed");
            case KIND_NOT_SET -> throw ServerErrors.invalidArgument("create_input_table needs a kind:"
                    + " in_memory_append_only or in_memory_key_backed");
        };
    }

    /** The schema as pyarrow's {@code Schema.serialize()} and the Java client send it: an Arrow IPC message. */
    private static TableDefinition definitionOf(byte[] schemaBytes) {
        try {
            Schema schema = MessageSerializer.deserializeSchema(new ReadChannel(Channels.newChannel(
                    new ByteArrayInputStream(schemaBytes))));
            if (schema == null) {
                throw new IOException("no schema message found");
            }
            return BarrageUtil.convertArrowSchema(schema).tableDef;
        } catch (IOException | RuntimeException e) {
            throw ServerErrors.invalidArgument("create_input_table: schema is not an Arrow IPC schema message: "
                    + e.getMessage());
        }
    }
}
