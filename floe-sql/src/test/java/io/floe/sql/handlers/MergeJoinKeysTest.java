package io.floe.sql.handlers;

import io.floe.operations.Merge;
import io.floe.sql.parser.SqlParser;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The join keys of MERGE's ON condition (the operation bounds them by the source's range: MergeKeyRangeTest). */
class MergeJoinKeysTest {
    private final StructType target = new StructType(List.of(new StructField("id", PrimitiveType.LONG, true),
            new StructField("day", PrimitiveType.DATE, true), new StructField("v", PrimitiveType.STRING, true)));

    @Test
    void equalitiesBetweenTargetAndSourceColumnsAreKeys() {
        var keys = MergeJoinKeys.of(SqlParser.parseExpression("t.id = s.k AND s.day = t.DAY AND t.v = 'x' AND t.id = s.k + 1 OR false"),
                "t", "s", target);
        assertThat(keys).isEmpty(); // an OR at the top: no key bounds every match
        keys = MergeJoinKeys.of(SqlParser.parseExpression("t.id = s.k AND s.day = t.DAY AND t.v = 'x' AND t.id = s.k + 1"),
                "t", "s", target);
        assertThat(keys).extracting(Merge.JoinKey::targetColumn).containsExactly("id", "day");
        assertThat(keys).extracting(Merge.JoinKey::sourceExpression).containsExactly("\"s\".\"k\"", "\"s\".\"day\"");
    }
}
