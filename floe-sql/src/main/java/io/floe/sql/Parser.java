package io.floe.sql;

import io.floe.sql.Statement.Query;
import io.floe.sql.Statement.Script;
import io.floe.sql.Statement.TableName;
import io.floe.sql.Statement.TableRef;
import io.floe.types.ArrayType;
import io.floe.types.DataType;
import io.floe.types.DecimalType;
import io.floe.types.MapType;
import io.floe.types.PrimitiveType;
import io.floe.types.StructField;
import io.floe.types.StructType;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser for Floe's statements (Spark/Delta dialect). Queries are not parsed
 * fully — DuckDB runs them — but scanned for their table references (with time travel and alias)
 * and, for single-table blocks, their WHERE clause, which Floe uses to prune files.
 */
public final class Parser {
    private static final Set<String> NOT_ALIAS = Set.of("WHERE", "JOIN", "ON", "LEFT", "RIGHT", "INNER", "OUTER", "FULL",
            "CROSS", "GROUP", "ORDER", "LIMIT", "UNION", "EXCEPT", "INTERSECT", "HAVING", "WINDOW", "USING", "NATURAL", "QUALIFY",
            "LATERAL", "TABLESAMPLE", "PIVOT", "UNPIVOT", "ASOF", "POSITIONAL", "ANTI", "SEMI", "VERSION", "TIMESTAMP", "FOR",
            "AS", "SELECT", "WHEN", "SET", "VALUES", "OFFSET", "FETCH", "SAMPLE", "MATCHED", "NOT", "THEN", "ZORDER", "RETAIN",
            "DRY", "TO", "REPLACE");
    private static final Set<String> WHERE_END = Set.of("GROUP", "ORDER", "LIMIT", "HAVING", "WINDOW", "QUALIFY", "UNION",
            "EXCEPT", "INTERSECT", "OFFSET", "FETCH");

    private final Script script;
    private final List<Token> t;
    private int p;
    private final int end;

    private Parser(Script script, int from, int to) {
        this.script = script;
        this.t = script.tokens();
        this.p = from;
        this.end = to;
    }

    /** Parses a script of ';'-separated statements. */
    public static List<Statement> parseScript(String sql) {
        Script script = new Script(sql, Lexer.tokenize(sql));
        List<Statement> out = new ArrayList<>();
        List<Token> ts = script.tokens();
        int start = 0;
        int depth = 0;
        for (int i = 0; i < ts.size(); i++) {
            Token tok = ts.get(i);
            if (tok.isSymbol("(")) {
                depth++;
            } else if (tok.isSymbol(")")) {
                depth--;
            }
            if ((tok.isSymbol(";") && depth <= 0) || tok.kind() == Token.Kind.EOF) {
                if (i > start) {
                    out.add(new Parser(script, start, i).statement());
                }
                start = i + 1;
                depth = 0;
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ token helpers

    private Token peek() {
        return p < end ? t.get(p) : eof();
    }

    private Token peek(int k) {
        return p + k < end ? t.get(p + k) : eof();
    }

    private Token eof() {
        Token last = t.get(Math.max(0, end - 1));
        return end < t.size() && t.get(end).kind() == Token.Kind.EOF ? t.get(end)
                : new Token(Token.Kind.EOF, "", "", last.end(), last.end(), last.line(), last.column() + last.text().length());
    }

    private Token next() {
        Token tok = peek();
        p++;
        return tok;
    }

    private boolean at(String word) {
        return peek().is(word);
    }

    private boolean accept(String word) {
        if (at(word)) {
            p++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String s) {
        if (peek().isSymbol(s)) {
            p++;
            return true;
        }
        return false;
    }

    private SqlParseException error(Token at, String expected) {
        String found = at.kind() == Token.Kind.EOF ? "end of statement" : "'" + at.text() + "'";
        return new SqlParseException(script.source(), at.line(), at.column(), "expected " + expected + " but found " + found);
    }

    private void expect(String word) {
        if (!accept(word)) {
            throw error(peek(), word);
        }
    }

    private void expectSymbol(String s) {
        if (!acceptSymbol(s)) {
            throw error(peek(), "'" + s + "'");
        }
    }

    private String identifier(String what) {
        Token tok = peek();
        if (!tok.isIdentifier()) {
            throw error(tok, what);
        }
        p++;
        return tok.value();
    }

    private String stringLiteral(String what) {
        Token tok = peek();
        if (tok.kind() != Token.Kind.STRING && !(tok.kind() == Token.Kind.QUOTED && tok.text().startsWith("\""))) {
            throw error(tok, what);
        }
        p++;
        return tok.value();
    }

    private long integer(String what) {
        Token tok = peek();
        if (tok.kind() != Token.Kind.NUMBER || !tok.value().matches("\\d+")) {
            throw error(tok, what);
        }
        p++;
        return Long.parseLong(tok.value());
    }

    // ------------------------------------------------------------------ statements

    private Statement statement() {
        Token first = peek();
        Statement s;
        if (first.is("SELECT") || first.is("WITH") || first.is("VALUES") || first.is("FROM") || first.isSymbol("(")
                || first.is("TABLE")) {
            s = query(p, end);
            p = end;
        } else if (accept("EXPLAIN")) {
            s = new Statement.Explain(query(p, end));
            p = end;
        } else if (first.is("CREATE")) {
            s = create();
        } else if (first.is("INSERT")) {
            s = insert();
        } else if (first.is("MERGE")) {
            s = merge();
        } else if (first.is("UPDATE")) {
            s = update();
        } else if (first.is("DELETE")) {
            s = delete();
        } else if (first.is("OPTIMIZE")) {
            s = optimize();
        } else if (first.is("VACUUM")) {
            s = vacuum();
        } else if (first.is("RESTORE")) {
            s = restore();
        } else if (first.is("DESCRIBE") || first.is("DESC")) {
            s = describe();
        } else if (first.is("SHOW")) {
            next();
            expect("TABLES");
            s = new Statement.ShowTables();
        } else if (first.is("DROP")) {
            next();
            expect("TABLE");
            boolean ifExists = accept("IF") && expectThen("EXISTS");
            s = new Statement.DropTable(tableName(), ifExists);
        } else if (first.is("ALTER")) {
            s = alter();
        } else if (first.is("SET")) {
            s = set();
        } else {
            throw error(first, "a statement (SELECT, CREATE, INSERT, MERGE, UPDATE, DELETE, OPTIMIZE, VACUUM, RESTORE, DESCRIBE, "
                    + "SHOW, ALTER, DROP, EXPLAIN)");
        }
        if (p < end) {
            throw error(peek(), "end of statement");
        }
        return s;
    }

    private boolean expectThen(String word) {
        expect(word);
        return true;
    }

    private TableName tableName() {
        Token at = peek();
        String a = identifier("a table name");
        if (acceptSymbol(".")) {
            String b = identifier("a table name after '.'");
            return new TableName(a, b, at);
        }
        return new TableName(null, a, at);
    }

    private Statement create() {
        next();
        boolean orReplace = false;
        if (accept("OR")) {
            expect("REPLACE");
            orReplace = true;
        }
        expect("TABLE");
        boolean ifNotExists = false;
        if (accept("IF")) {
            expect("NOT");
            expect("EXISTS");
            ifNotExists = true;
        }
        TableName name = tableName();
        List<StructField> cols = new ArrayList<>();
        if (peek().isSymbol("(")) {
            next();
            do {
                cols.add(columnDef());
            } while (acceptSymbol(","));
            expectSymbol(")");
        }
        String using = null;
        List<String> partitionBy = new ArrayList<>();
        String location = null;
        Map<String, String> props = new LinkedHashMap<>();
        Query as = null;
        while (p < end) {
            if (accept("USING")) {
                using = identifier("a table format (DELTA)").toLowerCase(Locale.ROOT);
            } else if (accept("PARTITIONED")) {
                expect("BY");
                expectSymbol("(");
                do {
                    Token c = peek();
                    String col = identifier("a partition column");
                    if (peek().isSymbol("(")) {
                        throw new SqlParseException(script.source(), c.line(), c.column(),
                                "partition transforms like " + col + "(…) are for Iceberg tables; Delta tables partition by columns");
                    }
                    partitionBy.add(col);
                } while (acceptSymbol(","));
                expectSymbol(")");
            } else if (accept("LOCATION")) {
                location = stringLiteral("a location string");
            } else if (accept("TBLPROPERTIES")) {
                props.putAll(properties());
            } else if (accept("COMMENT")) {
                stringLiteral("a comment string");
            } else if (accept("AS")) {
                as = query(p, end);
                p = end;
            } else if (at("SELECT") || at("WITH")) {
                as = query(p, end);
                p = end;
            } else {
                throw error(peek(), "USING, PARTITIONED BY, LOCATION, TBLPROPERTIES or AS");
            }
        }
        if (using != null && !using.equals("delta")) {
            throw new SqlParseException(script.source(), name.at().line(), name.at().column(),
                    "USING " + using + ": Floe creates Delta tables (USING DELTA)");
        }
        return new Statement.CreateTable(name, ifNotExists, orReplace, cols, using, partitionBy, location, props, as);
    }

    private Map<String, String> properties() {
        Map<String, String> props = new LinkedHashMap<>();
        expectSymbol("(");
        do {
            String k = propertyKey();
            String v;
            if (acceptSymbol("=")) {
                v = propertyValue();
            } else {
                v = propertyValue();
            }
            props.put(k, v);
        } while (acceptSymbol(","));
        expectSymbol(")");
        return props;
    }

    private String propertyKey() {
        Token tok = peek();
        if (tok.kind() == Token.Kind.STRING || tok.kind() == Token.Kind.QUOTED) {
            p++;
            return tok.value();
        }
        StringBuilder sb = new StringBuilder(identifier("a property name"));
        while (acceptSymbol(".")) {
            sb.append('.').append(identifier("a property name part"));
        }
        return sb.toString();
    }

    private String propertyValue() {
        Token tok = next();
        return switch (tok.kind()) {
            case STRING, QUOTED, NUMBER, WORD -> tok.value();
            default -> throw error(tok, "a property value");
        };
    }

    private StructField columnDef() {
        String name = identifier("a column name");
        DataType type = type();
        boolean nullable = true;
        while (p < end && !peek().isSymbol(",") && !peek().isSymbol(")")) {
            if (accept("NOT")) {
                expect("NULL");
                nullable = false;
            } else if (accept("NULL")) {
                nullable = true;
            } else if (accept("COMMENT")) {
                stringLiteral("a comment");
            } else if (at("GENERATED") || at("DEFAULT")) {
                throw new SqlParseException(script.source(), peek().line(), peek().column(),
                        peek().upper() + " columns are not supported by Floe yet (feature generatedColumns/identityColumns)");
            } else {
                throw error(peek(), "NOT NULL, COMMENT, ',' or ')'");
            }
        }
        return new StructField(name, type, nullable);
    }

    /** A Spark SQL type: int, bigint, decimal(p,s), array&lt;t&gt;, map&lt;k,v&gt;, struct&lt;a: t, …&gt;, … */
    private DataType type() {
        Token at = peek();
        String name = identifier("a type").toLowerCase(Locale.ROOT);
        switch (name) {
            case "decimal", "dec", "numeric": {
                if (acceptSymbol("(")) {
                    int prec = (int) integer("a precision");
                    int scale = 0;
                    if (acceptSymbol(",")) {
                        scale = (int) integer("a scale");
                    }
                    expectSymbol(")");
                    try {
                        return new DecimalType(prec, scale);
                    } catch (IllegalArgumentException e) {
                        throw new SqlParseException(script.source(), at.line(), at.column(), e.getMessage());
                    }
                }
                return new DecimalType(10, 0);
            }
            case "array": {
                expectSymbol("<");
                DataType e = type();
                expectAngleClose();
                return new ArrayType(e, true);
            }
            case "map": {
                expectSymbol("<");
                DataType k = type();
                expectSymbol(",");
                DataType v = type();
                expectAngleClose();
                return new MapType(k, v, true);
            }
            case "struct": {
                expectSymbol("<");
                List<StructField> fields = new ArrayList<>();
                do {
                    String f = identifier("a struct field name");
                    acceptSymbol(":");
                    DataType ft = type();
                    boolean nn = false;
                    if (accept("NOT")) {
                        expect("NULL");
                        nn = true;
                    }
                    fields.add(new StructField(f, ft, !nn));
                } while (acceptSymbol(","));
                expectAngleClose();
                return new StructType(fields);
            }
            case "varchar", "char", "character": {
                if (acceptSymbol("(")) {
                    integer("a length");
                    expectSymbol(")");
                }
                return PrimitiveType.STRING;
            }
            default:
                return PrimitiveType.parse(name).orElseThrow(() -> new SqlParseException(script.source(), at.line(), at.column(),
                        "unknown type '" + at.text() + "' (types: boolean, tinyint, smallint, int, bigint, float, double, "
                                + "decimal(p,s), string, binary, date, timestamp, timestamp_ntz, array<…>, map<…>, struct<…>)"));
        }
    }

    // ">>" lexes as two '>' symbols here, since the lexer has no shift operator
    private void expectAngleClose() {
        expectSymbol(">");
    }

    private Statement insert() {
        next();
        boolean overwrite;
        if (accept("OVERWRITE")) {
            overwrite = true;
        } else {
            expect("INTO");
            overwrite = false;
        }
        accept("TABLE");
        TableName table = tableName();
        List<String> cols = null;
        if (peek().isSymbol("(") && !(peek(1).is("SELECT") || peek(1).is("WITH") || peek(1).is("VALUES"))) {
            next();
            cols = new ArrayList<>();
            do {
                cols.add(identifier("a column name"));
            } while (acceptSymbol(","));
            expectSymbol(")");
        }
        Expr replaceWhere = null;
        String replaceText = null;
        if (accept("REPLACE")) {
            expect("WHERE");
            int from = p;
            int to = scanUntil(Set.of("SELECT", "WITH", "VALUES", "FROM", "TABLE"), false);
            replaceWhere = ExprParser.parse(t, from, to, script.source());
            replaceText = render(from, to);
            p = to;
            overwrite = true;
        }
        if (p >= end) {
            throw error(peek(), "a query or VALUES");
        }
        Query q = query(p, end);
        p = end;
        return new Statement.Insert(table, overwrite, cols, q, replaceWhere, replaceText);
    }

    private Statement update() {
        next();
        TableName table = tableName();
        String alias = alias();
        expect("SET");
        Map<String, String> set = new LinkedHashMap<>();
        do {
            String col = identifier("a column name");
            while (acceptSymbol(".")) {
                col = identifier("a column name");
            }
            expectSymbol("=");
            int from = p;
            int to = scanUntil(Set.of("WHERE"), true);
            if (to == from) {
                throw error(peek(), "an expression");
            }
            set.put(col, render(from, to));
            p = to;
        } while (acceptSymbol(","));
        String where = null;
        Expr tree = null;
        if (accept("WHERE")) {
            int from = p;
            where = render(from, end);
            tree = ExprParser.parse(t, from, end, script.source());
            p = end;
        }
        return new Statement.Update(table, alias, set, where, tree);
    }

    private Statement delete() {
        next();
        expect("FROM");
        TableName table = tableName();
        String alias = alias();
        String where = null;
        Expr tree = null;
        if (accept("WHERE")) {
            int from = p;
            if (from >= end) {
                throw error(peek(), "a condition");
            }
            where = render(from, end);
            tree = ExprParser.parse(t, from, end, script.source());
            p = end;
        }
        return new Statement.Delete(table, alias, where, tree);
    }

    private String alias() {
        if (accept("AS")) {
            return identifier("an alias");
        }
        if (peek().isIdentifier() && !NOT_ALIAS.contains(peek().upper())) {
            return next().value();
        }
        return null;
    }

    private Statement merge() {
        next();
        expect("INTO");
        TableName target = tableName();
        String targetAlias = alias();
        expect("USING");
        Query source;
        if (peek().isSymbol("(")) {
            int close = matching(p);
            source = query(p + 1, close);
            p = close + 1;
        } else {
            // a table (maybe with time travel and an alias): a one-reference query over its span
            List<TableRef> refs = new ArrayList<>();
            int after = tableRef(p, 0, refs, new HashSet<>());
            if (after < 0 || refs.isEmpty()) {
                throw error(peek(), "a table or a (query) after USING");
            }
            TableRef ref = refs.get(0);
            int spanEnd = p;
            while (spanEnd < end && t.get(spanEnd).start() < ref.end()) {
                spanEnd++;
            }
            source = new Query(script, p, spanEnd, refs, Map.of());
            p = after;
            if (ref.alias() != null) {
                String sa = ref.alias();
                return mergeRest(target, targetAlias, source, sa);
            }
        }
        return mergeRest(target, targetAlias, source, alias());
    }

    private Statement mergeRest(TableName target, String targetAlias, Query source, String sourceAlias) {
        expect("ON");
        int onFrom = p;
        int onTo = scanUntil(Set.of("WHEN"), false);
        String on = render(onFrom, onTo);
        Expr onTree = ExprParser.parse(t, onFrom, onTo, script.source());
        p = onTo;
        List<Statement.MergeClause> clauses = new ArrayList<>();
        while (accept("WHEN")) {
            Statement.MergeWhen when;
            if (accept("MATCHED")) {
                when = Statement.MergeWhen.MATCHED;
            } else {
                expect("NOT");
                expect("MATCHED");
                if (accept("BY")) {
                    if (accept("SOURCE")) {
                        when = Statement.MergeWhen.NOT_MATCHED_BY_SOURCE;
                    } else {
                        expect("TARGET");
                        when = Statement.MergeWhen.NOT_MATCHED;
                    }
                } else {
                    when = Statement.MergeWhen.NOT_MATCHED;
                }
            }
            String cond = null;
            if (accept("AND")) {
                int from = p;
                int to = scanUntil(Set.of("THEN"), false);
                cond = render(from, to);
                p = to;
            }
            expect("THEN");
            clauses.add(mergeAction(when, cond));
        }
        if (clauses.isEmpty()) {
            throw error(peek(), "WHEN MATCHED or WHEN NOT MATCHED");
        }
        return new Statement.Merge(target, targetAlias, source, sourceAlias, on, onTree, clauses);
    }

    private Statement.MergeClause mergeAction(Statement.MergeWhen when, String cond) {
        Token at = peek();
        if (accept("DELETE")) {
            if (when == Statement.MergeWhen.NOT_MATCHED) {
                throw new SqlParseException(script.source(), at.line(), at.column(), "WHEN NOT MATCHED can only INSERT");
            }
            return new Statement.MergeClause(when, cond, Statement.MergeAction.DELETE, Map.of());
        }
        if (accept("UPDATE")) {
            if (when == Statement.MergeWhen.NOT_MATCHED) {
                throw new SqlParseException(script.source(), at.line(), at.column(), "WHEN NOT MATCHED can only INSERT");
            }
            expect("SET");
            if (acceptSymbol("*")) {
                if (when == Statement.MergeWhen.NOT_MATCHED_BY_SOURCE) {
                    throw new SqlParseException(script.source(), at.line(), at.column(), "UPDATE SET * needs a source row");
                }
                return new Statement.MergeClause(when, cond, Statement.MergeAction.UPDATE_ALL, Map.of());
            }
            Map<String, String> set = new LinkedHashMap<>();
            do {
                String col = identifier("a column name");
                while (acceptSymbol(".")) {
                    col = identifier("a column name");
                }
                expectSymbol("=");
                int from = p;
                int to = scanUntil(Set.of("WHEN"), true);
                if (to == from) {
                    throw error(peek(), "an expression");
                }
                set.put(col, render(from, to));
                p = to;
            } while (acceptSymbol(","));
            return new Statement.MergeClause(when, cond, Statement.MergeAction.UPDATE, set);
        }
        if (accept("INSERT")) {
            if (when != Statement.MergeWhen.NOT_MATCHED) {
                throw new SqlParseException(script.source(), at.line(), at.column(), "INSERT is only allowed in WHEN NOT MATCHED");
            }
            if (acceptSymbol("*")) {
                return new Statement.MergeClause(when, cond, Statement.MergeAction.INSERT_ALL, Map.of());
            }
            expectSymbol("(");
            List<String> cols = new ArrayList<>();
            do {
                String col = identifier("a column name");
                while (acceptSymbol(".")) {
                    col = identifier("a column name");
                }
                cols.add(col);
            } while (acceptSymbol(","));
            expectSymbol(")");
            expect("VALUES");
            expectSymbol("(");
            List<String> vals = new ArrayList<>();
            int close = matching(p - 1);
            do {
                int from = p;
                int to = scanUntilSymbolAtDepth(close);
                vals.add(render(from, to));
                p = to;
            } while (acceptSymbol(","));
            expectSymbol(")");
            if (vals.size() != cols.size()) {
                throw new SqlParseException(script.source(), at.line(), at.column(), "INSERT lists " + cols.size()
                        + " columns but " + vals.size() + " values");
            }
            Map<String, String> m = new LinkedHashMap<>();
            for (int i = 0; i < cols.size(); i++) {
                m.put(cols.get(i), vals.get(i));
            }
            return new Statement.MergeClause(when, cond, Statement.MergeAction.INSERT, m);
        }
        throw error(at, "UPDATE, DELETE or INSERT");
    }

    private Statement optimize() {
        next();
        TableName table = tableName();
        String where = null;
        Expr tree = null;
        List<String> z = new ArrayList<>();
        if (accept("WHERE")) {
            int from = p;
            int to = scanUntil(Set.of("ZORDER"), false);
            where = render(from, to);
            tree = ExprParser.parse(t, from, to, script.source());
            p = to;
        }
        if (accept("ZORDER")) {
            expect("BY");
            boolean paren = acceptSymbol("(");
            do {
                z.add(identifier("a column name"));
            } while (acceptSymbol(","));
            if (paren) {
                expectSymbol(")");
            }
        }
        return new Statement.Optimize(table, where, tree, z);
    }

    private Statement vacuum() {
        next();
        TableName table = tableName();
        Double hours = null;
        boolean dry = false;
        while (p < end) {
            if (accept("RETAIN")) {
                Token n = next();
                if (n.kind() != Token.Kind.NUMBER) {
                    throw error(n, "a number of hours");
                }
                hours = Double.parseDouble(n.value());
                expect("HOURS");
            } else if (accept("DRY")) {
                expect("RUN");
                dry = true;
            } else {
                throw error(peek(), "RETAIN n HOURS or DRY RUN");
            }
        }
        return new Statement.Vacuum(table, hours, dry);
    }

    private Statement restore() {
        next();
        accept("TABLE");
        TableName table = tableName();
        accept("TO");
        if (accept("VERSION")) {
            expect("AS");
            expect("OF");
            return new Statement.Restore(table, integer("a version number"), null);
        }
        if (accept("TIMESTAMP")) {
            expect("AS");
            expect("OF");
            return new Statement.Restore(table, null, stringLiteral("a timestamp string"));
        }
        throw error(peek(), "VERSION AS OF or TIMESTAMP AS OF");
    }

    private Statement describe() {
        next();
        if (accept("HISTORY")) {
            TableName table = tableName();
            Integer limit = null;
            if (accept("LIMIT")) {
                limit = (int) integer("a limit");
            }
            return new Statement.DescribeHistory(table, limit);
        }
        if (accept("DETAIL")) {
            return new Statement.DescribeDetail(tableName());
        }
        accept("TABLE");
        accept("EXTENDED");
        return new Statement.Describe(tableName());
    }

    private Statement alter() {
        next();
        expect("TABLE");
        TableName table = tableName();
        if (accept("ADD")) {
            if (accept("CONSTRAINT")) {
                String name = identifier("a constraint name");
                expect("CHECK");
                if (!peek().isSymbol("(")) {
                    throw error(peek(), "'('");
                }
                int close = matching(p);
                String expr = render(p + 1, close);
                p = close + 1;
                return new Statement.AddConstraint(table, name, expr);
            }
            boolean plural = accept("COLUMNS");
            if (!plural) {
                accept("COLUMN");
            }
            List<StructField> cols = new ArrayList<>();
            boolean paren = acceptSymbol("(");
            do {
                cols.add(columnDef());
            } while (acceptSymbol(","));
            if (paren) {
                expectSymbol(")");
            }
            return new Statement.AddColumns(table, cols);
        }
        if (accept("RENAME")) {
            expect("COLUMN");
            String from = identifier("a column name");
            expect("TO");
            return new Statement.RenameColumn(table, from, identifier("a new column name"));
        }
        if (accept("SET")) {
            expect("TBLPROPERTIES");
            return new Statement.SetProperties(table, properties());
        }
        if (accept("UNSET")) {
            expect("TBLPROPERTIES");
            boolean ifExists = false;
            if (accept("IF")) {
                expect("EXISTS");
                ifExists = true;
            }
            expectSymbol("(");
            List<String> keys = new ArrayList<>();
            do {
                keys.add(propertyKey());
            } while (acceptSymbol(","));
            expectSymbol(")");
            return new Statement.UnsetProperties(table, keys, ifExists);
        }
        if (accept("DROP")) {
            expect("CONSTRAINT");
            boolean ifExists = false;
            if (accept("IF")) {
                expect("EXISTS");
                ifExists = true;
            }
            return new Statement.DropConstraint(table, identifier("a constraint name"), ifExists);
        }
        if (accept("ALTER") || accept("CHANGE")) {
            accept("COLUMN");
            String col = identifier("a column name");
            boolean set;
            if (accept("SET")) {
                set = true;
            } else {
                expect("DROP");
                set = false;
            }
            expect("NOT");
            expect("NULL");
            return new Statement.SetNotNull(table, col, set);
        }
        throw error(peek(), "ADD, RENAME COLUMN, SET TBLPROPERTIES, UNSET TBLPROPERTIES, DROP CONSTRAINT or ALTER COLUMN");
    }

    private Statement set() {
        next();
        String key = propertyKey();
        String value = null;
        if (acceptSymbol("=")) {
            StringBuilder sb = new StringBuilder();
            while (p < end) {
                sb.append(next().value());
            }
            value = sb.toString();
        }
        return new Statement.SetConf(key, value);
    }

    // ------------------------------------------------------------------ scanning helpers

    /** Index of the ')' matching the '(' at {@code open}. */
    private int matching(int open) {
        int depth = 0;
        for (int i = open; i < end; i++) {
            if (t.get(i).isSymbol("(")) {
                depth++;
            } else if (t.get(i).isSymbol(")")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            }
        }
        Token o = t.get(open);
        throw new SqlParseException(script.source(), o.line(), o.column(), "unbalanced '(': no matching ')'");
    }

    /** First index ≥ p at depth 0 (parentheses and CASE…END) that is one of the stop words (or ',' if asked), else end. */
    private int scanUntil(Set<String> stopWords, boolean stopAtComma) {
        int depth = 0;
        for (int i = p; i < end; i++) {
            Token tok = t.get(i);
            if (tok.isSymbol("(") || tok.is("CASE")) {
                depth++;
            } else if (tok.isSymbol(")") || tok.is("END")) {
                depth--;
                if (depth < 0) {
                    throw new SqlParseException(script.source(), tok.line(), tok.column(), "unbalanced ')'");
                }
            } else if (depth == 0 && ((stopAtComma && tok.isSymbol(",")) || (tok.kind() == Token.Kind.WORD
                    && stopWords.contains(tok.upper())))) {
                return i;
            }
        }
        return end;
    }

    private int scanUntilSymbolAtDepth(int close) {
        int depth = 0;
        for (int i = p; i < close; i++) {
            Token tok = t.get(i);
            if (tok.isSymbol("(")) {
                depth++;
            } else if (tok.isSymbol(")")) {
                depth--;
            } else if (depth == 0 && tok.isSymbol(",")) {
                return i;
            }
        }
        return close;
    }

    /** The text of tokens [from, to) for DuckDB: Spark's `quoted` names and "strings" and <=> translated. */
    private String render(int from, int to) {
        return Renderer.render(script, from, to, Map.of());
    }

    // ------------------------------------------------------------------ queries

    /** Finds the table references of a query in tokens [from, to) and the WHERE of single-table blocks. */
    private Query query(int from, int to) {
        if (from >= to) {
            throw error(peek(), "a query");
        }
        List<TableRef> refs = new ArrayList<>();
        Set<String> ctes = new HashSet<>();
        Map<TableRef, Expr> where = new IdentityHashMap<>();
        Deque<Block> blocks = new ArrayDeque<>();
        blocks.push(new Block());
        List<Block> done = new ArrayList<>();
        int depth = 0;
        for (int i = from; i < to; i++) {
            Token tok = t.get(i);
            if (tok.isSymbol("(")) {
                depth++;
                blocks.push(new Block());
                continue;
            }
            if (tok.isSymbol(")")) {
                depth--;
                if (depth < 0) {
                    throw new SqlParseException(script.source(), tok.line(), tok.column(), "unbalanced ')'");
                }
                Block b = blocks.pop();
                b.close(i);
                done.add(b);
                continue;
            }
            Block cur = blocks.peek();
            if (tok.is("SELECT") && (cur.refs.size() > 0 || cur.whereFrom >= 0)) {
                // a new SELECT at the same depth (after UNION etc.) starts a new block
                cur.close(i);
                done.add(cur);
                blocks.pop();
                cur = new Block();
                blocks.push(cur);
            }
            if ((tok.is("WITH") || (tok.isSymbol(",") && cur.inWith)) && i + 1 < to && t.get(i + 1).isIdentifier()) {
                int k = i + 1;
                if (t.get(k).is("RECURSIVE")) {
                    k++;
                }
                String name = t.get(k).value();
                int after = k + 1;
                if (after < to && t.get(after).isSymbol("(") && !t.get(after + 1).is("SELECT")) {
                    after = matchingIn(after, to) + 1;
                }
                if (after < to && t.get(after).is("AS")) {
                    ctes.add(name.toLowerCase(Locale.ROOT));
                    cur.inWith = true;
                }
            }
            if (tok.is("SELECT")) {
                cur.inWith = false;
            }
            if (tok.is("JOIN") || (tok.isSymbol(",") && cur.inFrom)) {
                cur.joins = true;
            }
            if (tok.is("FROM") || tok.is("JOIN") || (tok.isSymbol(",") && cur.inFrom)) {
                cur.inFrom = true;
                int before = refs.size();
                int next = tableRef(i + 1, depth, refs, ctes);
                if (next > 0 && refs.size() > before) {
                    cur.refs.add(refs.get(refs.size() - 1));
                    i = next - 1;
                }
                continue;
            }
            if (tok.is("WHERE") && blocks.peek() == cur) {
                cur.inFrom = false;
                cur.whereFrom = i + 1;
            } else if (tok.kind() == Token.Kind.WORD && WHERE_END.contains(tok.upper())) {
                cur.inFrom = false;
                if (cur.whereFrom >= 0 && cur.whereTo < 0) {
                    cur.whereTo = i;
                }
            } else if (tok.is("ON") || tok.is("USING")) {
                cur.inFrom = false;
            }
        }
        if (depth != 0) {
            Token last = t.get(to - 1);
            throw new SqlParseException(script.source(), last.line(), last.column(), "unbalanced '(': missing ')'");
        }
        while (!blocks.isEmpty()) {
            Block b = blocks.pop();
            b.close(to);
            done.add(b);
        }
        for (Block b : done) {
            if (b.refs.size() == 1 && !b.joins && b.whereFrom >= 0 && b.whereTo > b.whereFrom) {
                where.put(b.refs.get(0), ExprParser.parse(t, b.whereFrom, b.whereTo, script.source()));
            }
        }
        return new Query(script, from, to, refs, where);
    }

    private int matchingIn(int open, int to) {
        int d = 0;
        for (int i = open; i < to; i++) {
            if (t.get(i).isSymbol("(")) {
                d++;
            } else if (t.get(i).isSymbol(")") && --d == 0) {
                return i;
            }
        }
        return to - 1;
    }

    /** A query block: the references in its FROM and its WHERE token range. */
    private static final class Block {
        final List<TableRef> refs = new ArrayList<>();
        int whereFrom = -1;
        int whereTo = -1;
        boolean joins;
        boolean inFrom;
        boolean inWith;

        void close(int at) {
            if (whereFrom >= 0 && whereTo < 0) {
                whereTo = at;
            }
        }
    }

    /**
     * Parses a table reference at token {@code i} (after FROM/JOIN/','), adding it to {@code refs}.
     * Returns the index after it (and its alias), or -1 if what follows is not a table (a subquery, a function, a CTE).
     */
    private int tableRef(int i, int depth, List<TableRef> refs, Set<String> ctes) {
        if (i >= end) {
            return -1;
        }
        Token first = t.get(i);
        if (first.is("table_changes") && i + 1 < end && t.get(i + 1).isSymbol("(")) {
            int close = matching(i + 1);
            List<Token> args = new ArrayList<>();
            for (int k = i + 2; k < close; k++) {
                if (!t.get(k).isSymbol(",")) {
                    args.add(t.get(k));
                }
            }
            if (args.size() < 2 || args.get(0).kind() != Token.Kind.STRING) {
                throw new SqlParseException(script.source(), first.line(), first.column(),
                        "table_changes('table', fromVersion [, toVersion]) needs a table name string and a start version");
            }
            String name = args.get(0).value();
            TableName tn = name.startsWith("delta.`") ? new TableName("delta", name.substring(7, name.length() - 1), first)
                    : name.contains(".") && !name.contains("/") ? new TableName(name.substring(0, name.indexOf('.')),
                    name.substring(name.indexOf('.') + 1), first) : new TableName(null, name, first);
            Long fromV = versionArg(args.get(1));
            Long toV = args.size() > 2 ? versionArg(args.get(2)) : null;
            int after = close + 1;
            String alias = null;
            if (after < end && t.get(after).is("AS")) {
                alias = t.get(after + 1).value();
                after += 2;
            } else if (after < end && t.get(after).isIdentifier() && !NOT_ALIAS.contains(t.get(after).upper())) {
                alias = t.get(after).value();
                after++;
            }
            refs.add(new TableRef(tn, null, null, alias, first.start(), t.get(close).end(), depth, true, fromV, toV));
            return after;
        }
        if (!first.isIdentifier() || (first.kind() == Token.Kind.WORD && NOT_ALIAS.contains(first.upper())
                && !first.is("TIMESTAMP"))) {
            return -1;
        }
        int k = i + 1;
        String qualifier = null;
        String name = first.value();
        if (k + 1 < end && t.get(k).isSymbol(".") && t.get(k + 1).isIdentifier()) {
            qualifier = name;
            name = t.get(k + 1).value();
            k += 2;
            if (k + 1 < end && t.get(k).isSymbol(".") && t.get(k + 1).isIdentifier()) {
                // catalog.db.table: keep the last two parts
                qualifier = name;
                name = t.get(k + 1).value();
                k += 2;
            }
        }
        if (k < end && t.get(k).isSymbol("(")) {
            return -1; // a table function (read_json, range, …)
        }
        if (qualifier == null && ctes.contains(name.toLowerCase(Locale.ROOT))) {
            return -1;
        }
        Long version = null;
        String timestamp = null;
        int spanEnd = t.get(k - 1).end();
        int save = k;
        if (k < end && t.get(k).is("FOR") && k + 1 < end && (t.get(k + 1).is("VERSION") || t.get(k + 1).is("SYSTEM_VERSION")
                || t.get(k + 1).is("TIMESTAMP") || t.get(k + 1).is("SYSTEM_TIME"))) {
            k++;
        }
        if (k + 3 < end + 1 && k < end && (t.get(k).is("VERSION") || t.get(k).is("SYSTEM_VERSION"))
                && k + 2 < end && t.get(k + 1).is("AS") && t.get(k + 2).is("OF")) {
            Token v = k + 3 < end ? t.get(k + 3) : eof();
            if (v.kind() != Token.Kind.NUMBER) {
                throw error(v, "a version number");
            }
            version = Long.parseLong(v.value());
            spanEnd = v.end();
            k += 4;
        } else if (k < end && (t.get(k).is("TIMESTAMP") || t.get(k).is("SYSTEM_TIME")) && k + 2 < end
                && t.get(k + 1).is("AS") && t.get(k + 2).is("OF")) {
            Token v = k + 3 < end ? t.get(k + 3) : eof();
            if (v.kind() != Token.Kind.STRING) {
                throw error(v, "a timestamp string");
            }
            timestamp = v.value();
            spanEnd = v.end();
            k += 4;
        } else {
            k = save;
        }
        String alias = null;
        if (k < end && t.get(k).is("AS") && k + 1 < end && t.get(k + 1).isIdentifier()) {
            alias = t.get(k + 1).value();
            k += 2;
        } else if (k < end && t.get(k).isIdentifier() && !NOT_ALIAS.contains(t.get(k).upper())) {
            alias = t.get(k).value();
            k++;
        }
        refs.add(new TableRef(new TableName(qualifier, name, first), version, timestamp, alias, first.start(), spanEnd, depth,
                false, null, null));
        return k;
    }

    private Long versionArg(Token tok) {
        if (tok.kind() == Token.Kind.NUMBER) {
            return Long.parseLong(tok.value());
        }
        throw new SqlParseException(script.source(), tok.line(), tok.column(), "table_changes expects version numbers");
    }
}
