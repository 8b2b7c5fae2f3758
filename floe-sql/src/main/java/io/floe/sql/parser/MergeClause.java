package io.floe.sql.parser;

import java.util.List;

/**
 * One WHEN clause of MERGE.
 *
 * @param when      which rows it applies to
 * @param condition its {@code AND …} condition, or null
 * @param action    what it does
 */
public record MergeClause(When when, ParsedExpr condition, Action action, Span span) {

    public enum When {
        /** WHEN MATCHED: target rows with a source match. */
        MATCHED,
        /** WHEN NOT MATCHED [BY TARGET]: source rows without a target match. */
        NOT_MATCHED,
        /** WHEN NOT MATCHED BY SOURCE: target rows without a source match. */
        NOT_MATCHED_BY_SOURCE
    }

    /** What a clause does. */
    public sealed interface Action {
    }

    /** UPDATE SET c = e, … */
    public record Update(List<Assignment> assignments) implements Action {
        public Update {
            assignments = List.copyOf(assignments);
        }
    }

    /** UPDATE SET *: every target column from the source column of the same name. */
    public record UpdateAll() implements Action {
    }

    /** DELETE */
    public record Delete() implements Action {
    }

    /** INSERT (cols) VALUES (…); {@code columns} empty when omitted (all columns in order). */
    public record Insert(List<String> columns, List<ParsedExpr> values) implements Action {
        public Insert {
            columns = List.copyOf(columns);
            values = List.copyOf(values);
        }
    }

    /** INSERT *: every target column from the source column of the same name. */
    public record InsertAll() implements Action {
    }
}
