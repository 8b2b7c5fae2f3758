package io.floe.iceberg;

import io.floe.table.ProtocolNotSupportedException;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;

/**
 * What of the Iceberg spec a table uses that Floe cannot honour, refused by name before anything is read or written:
 * a silent wrong answer (a default value read as NULL, an encrypted file read as garbage) is worse than an error.
 */
final class IcebergFeatures {
    static final int MAX_FORMAT_VERSION = 3;

    private IcebergFeatures() {
    }

    static void check(String table, TableMetadata m) {
        if (m.formatVersion() > MAX_FORMAT_VERSION) {
            throw new ProtocolNotSupportedException(table, "format-version " + m.formatVersion(),
                    "Floe reads and writes Iceberg format versions 1 to " + MAX_FORMAT_VERSION);
        }
        if (!m.encryptionKeys().isEmpty()) {
            throw new ProtocolNotSupportedException(table, "table encryption", "the table's files are encrypted");
        }
        for (Types.NestedField f : TypeUtil.indexById(m.schema().asStruct()).values()) {
            if (f.initialDefault() != null || f.writeDefault() != null) {
                throw new ProtocolNotSupportedException(table, "column default values (format v3)",
                        "column " + f.name() + " has a default value, which Floe does not fill in yet");
            }
            Type t = f.type();
            if (t.isPrimitiveType()) {
                switch (t.typeId()) {
                    case BOOLEAN, INTEGER, LONG, FLOAT, DOUBLE, DATE, TIMESTAMP, STRING, BINARY, FIXED, DECIMAL -> {
                    }
                    default -> throw new ProtocolNotSupportedException(table, "type " + t, "column " + f.name() + " has Iceberg type "
                            + t + ", which Floe does not support yet");
                }
            } else if (t.isVariantType()) {
                throw new ProtocolNotSupportedException(table, "type variant", "column " + f.name() + " is a variant");
            }
        }
    }
}
