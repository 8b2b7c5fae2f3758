package io.floe.sql.parser;

import io.floe.types.DataType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses Floe's SQL (Spark/Delta dialect) into {@link SqlStatement}s. Keywords are case-insensitive; identifiers
 * may be bare, `backquoted` or "double-quoted"; a table may be named by path ({@code delta.`/data/t`}).
 * Queries are not modelled beyond their table references (see {@link Query}); DuckDB runs them.
 *
 * <pre>{@code
 * SqlStatement s = SqlParser.parse("DELETE FROM events WHERE day < '2024-01-01'");
 * List<SqlStatement> all = SqlParser.parseScript(scriptText);   // errors name the script's line:column
 * }</pre>
 *
 * Every error is a {@link SqlParseException} naming line:column and what was expected.
 */
public final class SqlParser {
    private static final List<String> STATEMENT_WORDS = List.of("SELECT", "WITH", "VALUES", "FROM", "TABLE", "CREATE",
            "INSERT", "MERGE", "UPDATE", "DELETE", "OPTIMIZE", "VACUUM", "RESTORE", "DESCRIBE", "SHOW", "ALTER", "DROP",
            "EXPLAIN", "SET", "CALL", "CONVERT", "REORG", "REPLACE");
    private static final Set<String> FORMATS = Set.of("delta", "iceberg");
    /** Spark's data source tables: plain files of these formats, no transaction log. */
    private static final Set<String> FILE_FORMATS = Set.of("parquet", "csv", "json");

    private final TokenCursor c;
    private final List<TableRef> exprTables = new ArrayList<>();

    private SqlParser(TokenCursor c) {
        this.c = c;
    }

    // ------------------------------------------------------------------ entry points

    /**
     * Parses exactly one statement (a trailing ';' is allowed).
     *
     * @throws SqlParseException on a syntax error, an empty text, or more than one statement
     */
    public static SqlStatement parse(String sql) {
        List<StatementText> parts = Statements.split(sql);
        if (parts.isEmpty()) {
            throw new SqlParseException(sql, 0, 1, 1, "expected a statement but found nothing");
        }
        if (parts.size() > 1) {
            StatementText second = parts.get(1);
            throw new SqlParseException(sql, second.span(), "expected one statement but found another after ';'");
        }
        return parse(sql, parts.get(0));
    }

    /** Parses each statement of a script; positions (and errors) are the script's. */
    public static List<SqlStatement> parseScript(String script) {
        List<SqlStatement> out = new ArrayList<>();
        for (StatementText s : Statements.split(script)) {
            out.add(parse(script, s));
        }
        return out;
    }

    /** Parses one statement found by {@link Statements#split} in {@code script}. */
    public static SqlStatement parse(String script, StatementText statement) {
        List<Token> tokens = Lexer.tokenize(script, statement.start(), statement.end(), statement.line(), statement.column());
        return new SqlParser(new TokenCursor(script, tokens)).statement();
    }

    /** Parses a standalone expression (e.g. a CHECK constraint kept in table properties). */
    public static ParsedExpr parseExpression(String sql) {
        SqlParser p = new SqlParser(new TokenCursor(sql, Lexer.tokenize(sql)));
        ParsedExpr e = p.expression();
        p.expectEnd();
        return e;
    }

    /** Parses a Spark SQL type: {@code decimal(10,2)}, {@code array<struct<a:int>>}, … */
    public static DataType parseType(String sql) {
        SqlParser p = new SqlParser(new TokenCursor(sql, Lexer.tokenize(sql)));
        DataType t = new TypeParser(p.c).type();
        p.expectEnd();
        return t;
    }

    /** Parses a table name: {@code t}, {@code db.t}, {@code delta.`/path`}. */
    public static TableName parseTableName(String sql) {
        SqlParser p = new SqlParser(new TokenCursor(sql, Lexer.tokenize(sql)));
        TableName t = p.tableName(false);
        p.expectEnd();
        return t;
    }

    // ------------------------------------------------------------------ statements

    private SqlStatement statement() {
        Token first = c.peek();
        SqlStatement s;
        if (QueryScanner.isQueryStart(c, c.pos())) {
            Query q = query();
            s = new SqlStatement.QueryStatement(q, q.span());
        } else if (first.kind() != TokenKind.WORD) {
            throw c.error(first, "expected a statement (" + String.join(", ", STATEMENT_WORDS) + ") but found " + first.describe());
        } else {
            s = switch (first.upper()) {
                case "EXPLAIN" -> explain();
                case "CREATE" -> create();
                case "REPLACE" -> replaceTable();
                case "INSERT" -> insert();
                case "MERGE" -> merge();
                case "UPDATE" -> update();
                case "DELETE" -> delete();
                case "OPTIMIZE" -> optimize();
                case "REORG" -> reorg();
                case "VACUUM" -> vacuum();
                case "RESTORE" -> restore();
                case "DESCRIBE", "DESC" -> describe();
                case "SHOW" -> show();
                case "ALTER" -> alter();
                case "DROP" -> drop();
                case "SET" -> set();
                case "CALL" -> call();
                case "CONVERT" -> convert();
                default -> throw c.error(first, "expected a statement (" + String.join(", ", STATEMENT_WORDS) + ") but found "
                        + first.describe() + didYouMean(first.upper()));
            };
        }
        expectEnd();
        return s;
    }

    private static String didYouMean(String word) {
        String best = null;
        int bestDistance = 3;
        for (String k : STATEMENT_WORDS) {
            int d = editDistance(word, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null || word.length() < 3 ? "" : " (did you mean " + best + "?)";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private void expectEnd() {
        if (!c.atEnd()) {
            Token t = c.peek();
            if (t.isSymbol(")")) {
                throw c.error(t, "unbalanced ')': no '(' to close");
            }
            throw c.expected("end of statement");
        }
    }

    private Span statementSpan() {
        return c.spanFrom(0);
    }

    private Query query() {
        Query q = new QueryScanner(c, new ArrayList<>()).query(QueryScanner.Scope.ROOT, 0);
        return q;
    }

    private ParsedExpr expression() {
        return new ExpressionParser(c, 0, exprTables).parsed();
    }

    private SqlStatement explain() {
        c.expectWord("EXPLAIN");
        if (!QueryScanner.isQueryStart(c, c.pos())) {
            throw c.expected("a query after EXPLAIN");
        }
        Query q = query();
        return new SqlStatement.Explain(q, statementSpan());
    }

    /**
     * A table name; with {@code allowPathString}, also a location in quotes (VACUUM '/data/t'), read as a Delta path.
     */
    private TableName tableName(boolean allowPathString) {
        Token first = c.peek();
        if (allowPathString && first.kind() == TokenKind.STRING) {
            c.next();
            return new TableName(List.of("delta", first.value()), first.span());
        }
        int start = c.pos();
        List<String> parts = new ArrayList<>();
        parts.add(c.identifier("a table name"));
        while (c.acceptSymbol(".")) {
            parts.add(c.identifier("a name after '.'"));
        }
        return new TableName(parts, c.spanFrom(start));
    }

    /** [AS] alias, where a bare word counts only if it cannot be the statement's next keyword. */
    private String alias() {
        if (c.acceptWord("AS")) {
            return c.identifier("an alias after AS");
        }
        Token t = c.peek();
        if (t.kind() == TokenKind.QUOTED_IDENTIFIER || (t.kind() == TokenKind.WORD && !QueryScanner.NOT_ALIAS.contains(t.upper())
                && !ExpressionParser.RESERVED.contains(t.upper()))) {
            c.next();
            return t.value();
        }
        return null;
    }

    private List<String> columnPath(String what) {
        List<String> parts = new ArrayList<>();
        parts.add(c.identifier(what));
        while (c.acceptSymbol(".")) {
            parts.add(c.identifier("a field name after '.'"));
        }
        return parts;
    }

    private List<String> identifierList(String what) {
        c.expectSymbol("(");
        List<String> out = new ArrayList<>();
        do {
            out.add(c.identifier(what));
        } while (c.acceptSymbol(","));
        c.expectSymbol(")");
        return out;
    }

    // ------------------------------------------------------------------ CREATE / DROP / ALTER

    private SqlStatement create() {
        c.expectWord("CREATE");
        boolean orReplace = false;
        if (c.acceptWord("OR")) {
            c.expectWord("REPLACE");
            orReplace = true;
        }
        if (c.atWord("TEMP") || c.atWord("TEMPORARY") || c.atWord("GLOBAL") || c.atWord("VIEW")) {
            return createView(orReplace);
        }
        c.expectWord("TABLE");
        return createTable(orReplace, false);
    }

    /** REPLACE TABLE t (…) | AS query: like CREATE OR REPLACE TABLE, but the table must exist. */
    private SqlStatement replaceTable() {
        c.expectWord("REPLACE");
        c.expectWord("TABLE");
        return createTable(false, true);
    }

    private SqlStatement createTable(boolean orReplace, boolean replaceOnly) {
        boolean ifNotExists = false;
        if (!orReplace && !replaceOnly && c.acceptWord("IF")) {
            c.expectWords("NOT", "EXISTS");
            ifNotExists = true;
        }
        TableName name = tableName(false);
        List<ColumnDef> columns = new ArrayList<>();
        if (c.atSymbol("(") && !QueryScanner.isQueryStart(c, c.pos() + 1)) {
            c.next();
            Set<String> seen = new java.util.HashSet<>();
            do {
                ColumnDef col = columnDef(true);
                if (!seen.add(col.name().toLowerCase(Locale.ROOT))) {
                    throw c.error(col.span(), "duplicate column '" + col.name() + "'");
                }
                columns.add(col);
            } while (c.acceptSymbol(","));
            c.expectSymbol(")");
        }
        String format = null;
        List<PartitionField> partitionBy = null;
        List<List<String>> clusterBy = null;
        Token clusterClause = null;
        Token partitionClause = null;
        String location = null;
        Map<String, String> properties = null;
        Map<String, String> options = null;
        String comment = null;
        Query as = null;
        while (!c.atEnd()) {
            Token clause = c.peek();
            if (c.acceptWord("USING")) {
                once(format, clause);
                Token f = c.peek();
                format = c.identifier("a table format (DELTA or ICEBERG)").toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format) && !FILE_FORMATS.contains(format)) {
                    throw c.error(f, "USING " + f.text() + ": Floe creates DELTA or ICEBERG tables, or PARQUET, CSV or JSON"
                            + " data source tables");
                }
            } else if (c.acceptWord("OPTIONS")) {
                once(options, clause);
                options = properties(); // Spark's data source options: OPTIONS (header 'true', sep '|')
            } else if (c.acceptWord("PARTITIONED")) {
                once(partitionBy, clause);
                c.expectWord("BY");
                partitionClause = clause;
                partitionBy = partitionFields(columns);
            } else if (c.atWord("CLUSTER") && c.peek(1).isWord("BY")) {
                once(clusterBy, clause);
                c.next();
                c.next();
                clusterClause = clause;
                if (c.atWord("NONE")) {
                    throw c.error(c.peek(), "CLUSTER BY NONE is for ALTER TABLE; leave CLUSTER BY out to create a table without"
                            + " clustering");
                }
                clusterBy = clusteringColumns(columns);
            } else if (c.acceptWord("LOCATION")) {
                once(location, clause);
                location = c.string("a location string after LOCATION");
            } else if (c.acceptWord("TBLPROPERTIES")) {
                once(properties, clause);
                properties = properties();
            } else if (c.acceptWord("COMMENT")) {
                once(comment, clause);
                comment = c.string("a comment string after COMMENT");
            } else if (c.acceptWord("AS")) {
                if (!QueryScanner.isQueryStart(c, c.pos())) {
                    throw c.expected("a query after AS");
                }
                // declared columns with AS are allowed: the query's rows are cast to them (Delta allows this, Spark's v1 does not)
                as = query();
            } else if (c.atWord("SELECT") || c.atWord("WITH")) {
                as = query(); // CREATE TABLE t … SELECT …, AS left out
            } else {
                throw c.expected("USING, OPTIONS, PARTITIONED BY, CLUSTER BY, LOCATION, TBLPROPERTIES, COMMENT, AS or end of"
                        + " statement");
            }
        }
        if (clusterBy != null && partitionBy != null) {
            // as Delta: a clustered table is unpartitioned
            Token later = clusterClause.start() > partitionClause.start() ? clusterClause : partitionClause;
            throw c.error(later, "clustering and partitioning cannot both be specified: remove PARTITIONED BY to create a table"
                    + " with CLUSTER BY");
        }
        if (columns.isEmpty() && as == null && location == null) {
            throw c.error(c.peek(), "expected column definitions '(…)', AS <query>, or the LOCATION of an existing table but found "
                    + c.peek().describe());
        }
        if (replaceOnly && columns.isEmpty() && as == null) {
            throw c.error(c.peek(), "expected column definitions '(…)' or AS <query> for REPLACE TABLE but found " + c.peek().describe());
        }
        if ((orReplace || replaceOnly) && columns.isEmpty() && as == null) {
            throw c.error(c.peek(), "CREATE OR REPLACE TABLE needs column definitions '(…)' or AS <query>");
        }
        return new SqlStatement.CreateTable(name, orReplace, replaceOnly, ifNotExists, columns, format, partitionBy == null ? List.of() : partitionBy,
                location, properties == null ? Map.of() : properties, comment, as, statementSpan(),
                options == null ? Map.of() : options, clusterBy == null ? List.of() : clusterBy);
    }

    /** CLUSTER BY's (c1, s.x, …): column paths, each once, among the declared columns when there are any. */
    private List<List<String>> clusteringColumns(List<ColumnDef> declared) {
        c.expectSymbol("(");
        List<List<String>> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        do {
            Token at = c.peek();
            List<String> path = columnPath("a clustering column");
            if (!seen.add(String.join(".", path).toLowerCase(Locale.ROOT))) {
                throw c.error(at, "duplicate column '" + String.join(".", path) + "' in CLUSTER BY");
            }
            if (!declared.isEmpty() && declared.stream().noneMatch(d -> d.name().equalsIgnoreCase(path.get(0)))) {
                throw c.error(at, "clustering column '" + String.join(".", path) + "' is not among the table's columns");
            }
            out.add(path);
        } while (c.acceptSymbol(","));
        c.expectSymbol(")");
        return out;
    }

    private void once(Object previous, Token clause) {
        if (previous != null) {
            throw c.error(clause, "duplicate " + clause.upper() + " clause");
        }
    }

    private ColumnDef columnDef(boolean allowGenerated) {
        int start = c.pos();
        String name = c.identifier("a column name");
        DataType type = new TypeParser(c).type();
        boolean nullable = true;
        String comment = null;
        String generatedAs = null;
        io.floe.table.IdentityColumn identity = null;
        while (!c.atSymbol(",") && !c.atSymbol(")") && !c.atEnd()) {
            Token t = c.peek();
            if (c.acceptWord("NOT")) {
                c.expectWord("NULL");
                nullable = false;
            } else if (c.acceptWord("NULL")) {
                nullable = true;
            } else if (c.acceptWord("COMMENT")) {
                comment = c.string("a comment string after COMMENT");
            } else if (t.isWord("GENERATED") && allowGenerated) {
                if (generatedAs != null || identity != null) {
                    throw c.error(t, "duplicate GENERATED clause");
                }
                c.next();
                boolean always = c.acceptWord("ALWAYS");
                if (!always) {
                    c.expectWords("BY", "DEFAULT");
                }
                c.expectWord("AS");
                if (c.acceptWord("IDENTITY")) {
                    identity = identityOptions(!always);
                } else if (!always) {
                    throw c.expected("IDENTITY after GENERATED BY DEFAULT AS");
                } else {
                    c.expectSymbol("(");
                    ParsedExpr e = expression();
                    c.expectSymbol(")");
                    if (!e.tables().isEmpty()) {
                        throw c.error(e.span(), "a generated column's expression cannot read tables");
                    }
                    generatedAs = e.sql();
                }
            } else if (t.isWord("GENERATED")) {
                throw c.error(t, "ALTER TABLE ADD COLUMNS cannot add a generated or identity column (Delta refuses it too)");
            } else if (t.isWord("DEFAULT")) {
                throw c.error(t, "DEFAULT columns are not supported (Delta feature allowColumnDefaults)");
            } else {
                throw c.expected("NOT NULL, COMMENT, GENERATED, ',' or ')'");
            }
        }
        return new ColumnDef(name, type, nullable, comment, generatedAs, identity, c.spanFrom(start));
    }

    /** {@code [(START WITH n] [INCREMENT BY n])]} after AS IDENTITY; both default to 1, as in Delta. */
    private io.floe.table.IdentityColumn identityOptions(boolean byDefault) {
        long start = 1;
        long step = 1;
        if (c.acceptSymbol("(")) {
            boolean any = false;
            while (!c.atSymbol(")")) {
                Token t = c.peek();
                if (c.acceptWord("START")) {
                    c.expectWord("WITH");
                    start = signedInteger("a start value");
                } else if (c.acceptWord("INCREMENT")) {
                    c.expectWord("BY");
                    step = signedInteger("an increment");
                    if (step == 0) {
                        throw c.error(t, "IDENTITY column step cannot be 0.");
                    }
                } else {
                    throw c.expected("START WITH or INCREMENT BY");
                }
                any = true;
            }
            if (!any) {
                throw c.expected("START WITH or INCREMENT BY");
            }
            c.expectSymbol(")");
        }
        return new io.floe.table.IdentityColumn(start, step, byDefault, null);
    }

    private long signedInteger(String what) {
        boolean negative = c.acceptSymbol("-");
        long v = c.integer(what);
        return negative ? -v : v;
    }

    /** (col, years(ts), bucket(16, id), truncate(4, s), …) */
    private List<PartitionField> partitionFields(List<ColumnDef> declared) {
        c.expectSymbol("(");
        List<PartitionField> out = new ArrayList<>();
        do {
            int start = c.pos();
            PartitionField f = partitionField();
            if (f.isIdentity() && c.peek().isIdentifier() && !c.atSymbol(",")) {
                // Hive's PARTITIONED BY (col type): the column is declared here, not in the column list
                throw c.error(c.peek(), "PARTITIONED BY takes column names; declare '" + f.column() + "' with its type in the column list");
            }
            if (!declared.isEmpty() && declared.stream().noneMatch(d -> d.name().equalsIgnoreCase(f.column()))) {
                throw c.error(f.span(), "partition column '" + f.column() + "' is not among the table's columns");
            }
            out.add(f);
        } while (c.acceptSymbol(","));
        c.expectSymbol(")");
        return out;
    }

    /** One partition field: a column, or a transform of one ({@code years(ts)}, {@code bucket(16, id)}, …). */
    private PartitionField partitionField() {
        {
            int start = c.pos();
            Token first = c.peek();
            String word = c.identifier("a partition column or transform");
            PartitionField f;
            if (c.acceptSymbol("(")) {
                PartitionField.Transform transform = switch (word.toLowerCase(Locale.ROOT)) {
                    case "years", "year" -> PartitionField.Transform.YEAR;
                    case "months", "month" -> PartitionField.Transform.MONTH;
                    case "days", "day", "date" -> PartitionField.Transform.DAY;
                    case "hours", "hour", "date_hour" -> PartitionField.Transform.HOUR;
                    case "bucket" -> PartitionField.Transform.BUCKET;
                    case "truncate" -> PartitionField.Transform.TRUNCATE;
                    default -> throw c.error(first, "unknown partition transform '" + word
                            + "' (years, months, days, hours, bucket, truncate)");
                };
                Integer parameter = null;
                String column;
                if (transform == PartitionField.Transform.BUCKET || transform == PartitionField.Transform.TRUNCATE) {
                    if (c.peek().kind() == TokenKind.NUMBER) {
                        parameter = (int) c.integer("a width");
                        c.expectSymbol(",");
                        column = c.identifier("a column name");
                    } else {
                        column = c.identifier("a column name");
                        c.expectSymbol(",");
                        parameter = (int) c.integer("a width");
                    }
                } else {
                    column = c.identifier("a column name");
                }
                c.expectSymbol(")");
                f = new PartitionField(column, transform, parameter, c.spanFrom(start));
            } else {
                f = new PartitionField(word, PartitionField.Transform.IDENTITY, null, c.spanFrom(start));
            }
            return f;
        }
    }

    /** ('k' = 'v', k.sub = 1, …); the '=' may be left out, as Spark allows. */
    private Map<String, String> properties() {
        c.expectSymbol("(");
        Map<String, String> out = new LinkedHashMap<>();
        do {
            String key = propertyKey();
            c.acceptSymbol("=");
            Token v = c.peek();
            String value;
            if (v.kind() == TokenKind.STRING || v.kind() == TokenKind.NUMBER || v.kind() == TokenKind.WORD
                    || (v.kind() == TokenKind.QUOTED_IDENTIFIER && v.text().startsWith("\""))) {
                c.next();
                value = v.value();
            } else if (v.isSymbol("-") && c.peek(1).kind() == TokenKind.NUMBER) {
                c.next();
                value = "-" + c.next().text();
            } else {
                throw c.expected("a value for property '" + key + "'");
            }
            out.put(key, value);
        } while (c.acceptSymbol(","));
        c.expectSymbol(")");
        return out;
    }

    private String propertyKey() {
        Token t = c.peek();
        if (t.kind() == TokenKind.STRING || t.kind() == TokenKind.QUOTED_IDENTIFIER) {
            c.next();
            return t.value();
        }
        StringBuilder key = new StringBuilder(c.identifier("a property key"));
        while (c.acceptSymbol(".")) {
            key.append('.').append(c.identifier("a property key part after '.'"));
        }
        return key.toString();
    }

    /** CREATE [OR REPLACE] [GLOBAL] TEMP[ORARY] VIEW [IF NOT EXISTS] v AS query: a name for a query, for this session. */
    private SqlStatement createView(boolean orReplace) {
        Token start = c.peek();
        c.acceptWord("GLOBAL");
        if (!c.acceptWord("TEMPORARY") && !c.acceptWord("TEMP")) {
            throw c.error(start, "only temporary views are supported: CREATE TEMPORARY VIEW v AS …");
        }
        c.expectWord("VIEW");
        boolean ifNotExists = false;
        if (c.acceptWord("IF")) {
            c.expectWords("NOT", "EXISTS");
            ifNotExists = true;
        }
        String name = c.identifier("a view name");
        c.expectWord("AS");
        Query q = query();
        return new SqlStatement.CreateView(name, orReplace, ifNotExists, q, statementSpan());
    }

    private SqlStatement drop() {
        c.expectWord("DROP");
        if (c.acceptWord("VIEW")) {
            boolean ifExists = false;
            if (c.acceptWord("IF")) {
                c.expectWord("EXISTS");
                ifExists = true;
            }
            return new SqlStatement.DropView(c.identifier("a view name"), ifExists, statementSpan());
        }
        c.expectWord("TABLE");
        boolean ifExists = false;
        if (c.acceptWord("IF")) {
            c.expectWord("EXISTS");
            ifExists = true;
        }
        TableName t = tableName(false);
        return new SqlStatement.DropTable(t, ifExists, statementSpan());
    }

    private SqlStatement alter() {
        c.expectWord("ALTER");
        c.expectWord("TABLE");
        TableName table = tableName(false);
        Token action = c.peek();
        SqlStatement snapshotsAndPartitioning = alterPartitioningOrRefs(table);
        if (snapshotsAndPartitioning != null) {
            return snapshotsAndPartitioning;
        }
        if (c.acceptWord("ADD")) {
            if (c.acceptWord("CONSTRAINT")) {
                String name = c.identifier("a constraint name");
                c.expectWord("CHECK");
                c.expectSymbol("(");
                ParsedExpr check = expression();
                c.expectSymbol(")");
                return new SqlStatement.AddConstraint(table, name, check, statementSpan());
            }
            if (!c.acceptWord("COLUMNS")) {
                c.acceptWord("COLUMN");
            }
            boolean parens = c.acceptSymbol("(");
            List<ColumnDef> cols = new ArrayList<>();
            do {
                cols.add(columnDef(false));
            } while (c.acceptSymbol(","));
            if (parens) {
                c.expectSymbol(")");
            }
            return new SqlStatement.AddColumns(table, cols, statementSpan());
        }
        if (c.atWord("CLUSTER") && c.peek(1).isWord("BY")) {
            c.next();
            c.next();
            if (c.acceptWord("NONE")) {
                return new SqlStatement.ClusterBy(table, List.of(), statementSpan());
            }
            return new SqlStatement.ClusterBy(table, clusteringColumns(List.of()), statementSpan());
        }
        if (c.acceptWord("RENAME")) {
            c.expectWord("COLUMN");
            List<String> from = columnPath("a column name");
            c.expectWord("TO");
            String to = c.identifier("the new column name");
            return new SqlStatement.RenameColumn(table, from, to, statementSpan());
        }
        if (c.acceptWord("SET")) {
            c.expectWord("TBLPROPERTIES");
            return new SqlStatement.SetTableProperties(table, properties(), statementSpan());
        }
        if (c.acceptWord("UNSET")) {
            c.expectWord("TBLPROPERTIES");
            boolean ifExists = false;
            if (c.acceptWord("IF")) {
                c.expectWord("EXISTS");
                ifExists = true;
            }
            c.expectSymbol("(");
            List<String> keys = new ArrayList<>();
            do {
                keys.add(propertyKey());
            } while (c.acceptSymbol(","));
            c.expectSymbol(")");
            return new SqlStatement.UnsetTableProperties(table, keys, ifExists, statementSpan());
        }
        if (c.acceptWord("DROP")) {
            if (c.acceptWord("COLUMN") || c.acceptWord("COLUMNS")) {
                boolean ifExists = false;
                if (c.acceptWord("IF")) {
                    c.expectWord("EXISTS");
                    ifExists = true;
                }
                boolean parens = c.acceptSymbol("(");
                List<List<String>> columns = new ArrayList<>();
                do {
                    columns.add(columnPath("a column name"));
                } while (c.acceptSymbol(","));
                if (parens) {
                    c.expectSymbol(")");
                }
                return new SqlStatement.DropColumns(table, columns, ifExists, statementSpan());
            }
            c.expectWord("CONSTRAINT");
            boolean ifExists = false;
            if (c.acceptWord("IF")) {
                c.expectWord("EXISTS");
                ifExists = true;
            }
            String name = c.identifier("a constraint name");
            return new SqlStatement.DropConstraint(table, name, ifExists, statementSpan());
        }
        if (c.acceptWord("ALTER") || c.acceptWord("CHANGE")) {
            c.acceptWord("COLUMN");
            List<String> column = columnPath("a column name");
            if (c.acceptWord("TYPE")) {
                return new SqlStatement.AlterColumnType(table, column, new TypeParser(c).type(), statementSpan());
            }
            if (c.acceptWord("FIRST")) {
                return new SqlStatement.MoveColumn(table, String.join(".", column), null, statementSpan());
            }
            if (c.acceptWord("AFTER")) {
                return new SqlStatement.MoveColumn(table, String.join(".", column), c.identifier("a column name"), statementSpan());
            }
            boolean notNull;
            if (c.acceptWord("SET")) {
                notNull = true;
            } else if (c.acceptWord("DROP")) {
                notNull = false;
            } else {
                throw c.expected("TYPE, FIRST, AFTER c, SET NOT NULL or DROP NOT NULL");
            }
            c.expectWords("NOT", "NULL");
            return new SqlStatement.AlterColumnNullability(table, column, notNull, statementSpan());
        }
        throw c.error(action, "expected ADD COLUMNS, RENAME COLUMN, SET TBLPROPERTIES, UNSET TBLPROPERTIES, ADD CONSTRAINT, "
                + "DROP CONSTRAINT, DROP COLUMN, ALTER COLUMN or CLUSTER BY but found " + action.describe());
    }

    /**
     * Iceberg's ALTER TABLE forms: ADD | DROP | REPLACE PARTITION FIELD, CREATE [OR REPLACE] TAG | BRANCH, DROP TAG |
     * BRANCH. Null (nothing consumed) for the other forms.
     */
    private SqlStatement alterPartitioningOrRefs(TableName table) {
        int at = c.pos();
        if (c.acceptWord("ADD") && c.acceptWord("PARTITION")) {
            c.expectWord("FIELD");
            PartitionField f = partitionField();
            String name = c.acceptWord("AS") ? c.identifier("a partition field name") : null;
            return new SqlStatement.AddPartitionField(table, f, name, statementSpan());
        }
        c.reset(at);
        if (c.acceptWord("DROP") && c.acceptWord("PARTITION")) {
            c.expectWord("FIELD");
            return new SqlStatement.DropPartitionField(table, partitionField(), statementSpan());
        }
        c.reset(at);
        if (c.acceptWord("REPLACE") && c.acceptWord("PARTITION")) {
            c.expectWord("FIELD");
            PartitionField from = partitionField();
            c.expectWord("WITH");
            PartitionField to = partitionField();
            String name = c.acceptWord("AS") ? c.identifier("a partition field name") : null;
            return new SqlStatement.ReplacePartitionField(table, from, to, name, statementSpan());
        }
        c.reset(at);
        if (c.acceptWord("CREATE")) {
            boolean orReplace = false;
            if (c.acceptWord("OR")) {
                c.expectWord("REPLACE");
                orReplace = true;
            }
            boolean branch;
            if (c.acceptWord("BRANCH")) {
                branch = true;
            } else if (c.acceptWord("TAG")) {
                branch = false;
            } else {
                throw c.expected("TAG or BRANCH");
            }
            boolean ifNotExists = false;
            if (c.acceptWord("IF")) {
                c.expectWords("NOT", "EXISTS");
                ifNotExists = true;
            }
            String name = c.identifier("a " + (branch ? "branch" : "tag") + " name");
            Long snapshot = null;
            Long retainDays = null;
            if (c.acceptWord("AS")) {
                c.expectWords("OF", "VERSION");
                snapshot = c.integer("a snapshot id");
            }
            if (c.acceptWord("RETAIN")) {
                retainDays = c.integer("a number of days");
                c.expectWord("DAYS");
            }
            return new SqlStatement.CreateRef(table, branch, orReplace, ifNotExists, name, snapshot, retainDays, statementSpan());
        }
        c.reset(at);
        if (c.acceptWord("DROP") && (c.atWord("TAG") || c.atWord("BRANCH"))) {
            boolean branch = c.acceptWord("BRANCH");
            if (!branch) {
                c.expectWord("TAG");
            }
            boolean ifExists = false;
            if (c.acceptWord("IF")) {
                c.expectWord("EXISTS");
                ifExists = true;
            }
            String name = c.identifier("a " + (branch ? "branch" : "tag") + " name");
            return new SqlStatement.DropRef(table, branch, ifExists, name, statementSpan());
        }
        c.reset(at);
        return null;
    }

    /** CONVERT TO ICEBERG|DELTA t: the other format's metadata over the table's files. */
    private SqlStatement convert() {
        c.expectWord("CONVERT");
        c.expectWord("TO");
        Token f = c.peek();
        String format = c.identifier("a table format (ICEBERG or DELTA)").toLowerCase(Locale.ROOT);
        if (!FORMATS.contains(format)) {
            throw c.error(f, "CONVERT TO " + f.text() + ": Floe converts to ICEBERG or DELTA");
        }
        c.acceptWord("TABLE");
        TableName table = tableName(false);
        return new SqlStatement.Convert(table, format, statementSpan());
    }

    /** CALL [catalog.]system.procedure(arg, name => arg, …): Spark's Iceberg procedures. */
    private SqlStatement call() {
        c.expectWord("CALL");
        List<String> parts = new ArrayList<>();
        do {
            parts.add(c.identifier("a procedure name"));
        } while (c.acceptSymbol("."));
        if (parts.size() < 2 || !parts.get(parts.size() - 2).equalsIgnoreCase("system")) {
            throw c.error(c.previous(), "expected a procedure as system.<name> (e.g. CALL system.expire_snapshots(…))");
        }
        String procedure = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
        c.expectSymbol("(");
        List<SqlStatement.CallArgument> args = new ArrayList<>();
        if (!c.acceptSymbol(")")) {
            do {
                String name = null;
                if (c.peek().isIdentifier() && c.peek(1).isSymbol("=>")) {
                    name = c.identifier("an argument name").toLowerCase(Locale.ROOT);
                    c.expectSymbol("=>");
                }
                args.add(new SqlStatement.CallArgument(name, callValue()));
            } while (c.acceptSymbol(","));
            c.expectSymbol(")");
        }
        return new SqlStatement.Call(procedure, args, statementSpan());
    }

    /** A procedure argument: a string, a number, true/false, or TIMESTAMP '…' (kept as its text). */
    private Object callValue() {
        Token t = c.peek();
        if (c.atString()) {
            return c.string("a string");
        }
        if (t.kind() == TokenKind.NUMBER) {
            c.next();
            String n = t.text();
            return n.contains(".") || n.contains("e") || n.contains("E") ? (Object) Double.parseDouble(n) : (Object) Long.parseLong(n);
        }
        if (c.acceptSymbol("-")) {
            Object v = callValue();
            return v instanceof Long l ? (Object) (-l) : v instanceof Double d ? (Object) (-d) : v;
        }
        if (c.acceptWord("TRUE")) {
            return Boolean.TRUE;
        }
        if (c.acceptWord("FALSE")) {
            return Boolean.FALSE;
        }
        if (c.acceptWord("TIMESTAMP")) {
            return new SqlStatement.TimestampArgument(c.string("a timestamp"));
        }
        throw c.expected("a string, number, true/false or TIMESTAMP '…' as a procedure argument");
    }

    // ------------------------------------------------------------------ DML

    private SqlStatement insert() {
        c.expectWord("INSERT");
        boolean overwrite;
        if (c.acceptWord("OVERWRITE")) {
            overwrite = true;
        } else if (c.acceptWord("INTO")) {
            overwrite = false;
        } else {
            throw c.expected("INTO or OVERWRITE after INSERT");
        }
        c.acceptWord("TABLE");
        TableName table = tableName(false);
        List<SqlStatement.PartitionValue> partition = new ArrayList<>();
        if (c.acceptWord("PARTITION")) {
            // Spark's partition spec: p = constant gives every inserted row that value; a bare p is written by the rows
            c.expectSymbol("(");
            do {
                String col = c.identifier("a partition column");
                ParsedExpr value = null;
                if (c.acceptSymbol("=")) {
                    value = expression();
                    if (!value.tables().isEmpty()) {
                        throw c.error(c.peek(), "a partition value must be a constant, not a query");
                    }
                }
                for (SqlStatement.PartitionValue p : partition) {
                    if (p.column().equalsIgnoreCase(col)) {
                        throw c.expected("each partition column once in PARTITION (…), not " + col + " again");
                    }
                }
                partition.add(new SqlStatement.PartitionValue(col, value));
            } while (c.acceptSymbol(","));
            c.expectSymbol(")");
        }
        List<String> columns = List.of();
        if (c.atSymbol("(") && !QueryScanner.isQueryStart(c, c.pos() + 1)) {
            columns = identifierList("a column name");
        }
        ParsedExpr replaceWhere = null;
        if (!partition.isEmpty() && c.atWord("REPLACE")) {
            throw c.error(c.peek(), "REPLACE WHERE and PARTITION (…) cannot be combined: give the partitions to replace in one of them");
        }
        if (c.acceptWord("REPLACE")) {
            c.expectWord("WHERE");
            replaceWhere = expression();
            overwrite = true;
        }
        if (!QueryScanner.isQueryStart(c, c.pos())) {
            throw c.expected("VALUES or a query");
        }
        Query source = query();
        return new SqlStatement.Insert(table, overwrite, columns, replaceWhere, source, statementSpan(), partition);
    }

    private List<Assignment> assignments() {
        List<Assignment> out = new ArrayList<>();
        do {
            int start = c.pos();
            List<String> column = columnPath("a column name to set");
            c.expectSymbol("=");
            ParsedExpr value = expression();
            out.add(new Assignment(column, value, c.spanFrom(start)));
        } while (c.acceptSymbol(","));
        return out;
    }

    private SqlStatement update() {
        c.expectWord("UPDATE");
        TableName table = tableName(false);
        String alias = alias();
        c.expectWord("SET");
        List<Assignment> set = assignments();
        ParsedExpr where = c.acceptWord("WHERE") ? expression() : null;
        return new SqlStatement.Update(table, alias, set, where, statementSpan());
    }

    private SqlStatement delete() {
        c.expectWord("DELETE");
        c.expectWord("FROM");
        TableName table = tableName(false);
        String alias = alias();
        ParsedExpr where = c.acceptWord("WHERE") ? expression() : null;
        return new SqlStatement.Delete(table, alias, where, statementSpan());
    }

    private SqlStatement merge() {
        c.expectWord("MERGE");
        c.expectWord("INTO");
        TableName target = tableName(false);
        String targetAlias = alias();
        c.expectWord("USING");
        Query source;
        if (c.atSymbol("(")) {
            Token open = c.next();
            if (!QueryScanner.isQueryStart(c, c.pos())) {
                throw c.error(c.peek(), "expected a query in '(' … ')' after USING but found " + c.peek().describe());
            }
            if (c.matchingParen(c.pos() - 1) < 0) {
                throw c.error(open, "'(' is never closed");
            }
            source = query();
            c.expectSymbol(")");
        } else {
            int start = c.pos();
            TableName name = tableName(false);
            TimeTravel travel = new QueryScanner(c, new ArrayList<>()).timeTravel();
            Span span = c.spanFrom(start);
            source = new Query(c.source, span, List.of(new TableRef(name, travel, null, null, span, 0, null)), List.of());
        }
        String sourceAlias = alias();
        c.expectWord("ON");
        ParsedExpr on = expression();
        List<MergeClause> clauses = new ArrayList<>();
        while (c.atWord("WHEN")) {
            clauses.add(mergeClause());
        }
        if (clauses.isEmpty()) {
            throw c.expected("WHEN MATCHED or WHEN NOT MATCHED");
        }
        return new SqlStatement.Merge(target, targetAlias, source, sourceAlias, on, clauses, statementSpan());
    }

    private MergeClause mergeClause() {
        int start = c.pos();
        c.expectWord("WHEN");
        MergeClause.When when;
        if (c.acceptWord("MATCHED")) {
            when = MergeClause.When.MATCHED;
        } else {
            c.expectWord("NOT");
            c.expectWord("MATCHED");
            when = MergeClause.When.NOT_MATCHED;
            if (c.acceptWord("BY")) {
                if (c.acceptWord("SOURCE")) {
                    when = MergeClause.When.NOT_MATCHED_BY_SOURCE;
                } else if (!c.acceptWord("TARGET")) {
                    throw c.expected("SOURCE or TARGET after BY");
                }
            }
        }
        ParsedExpr condition = c.acceptWord("AND") ? expression() : null;
        c.expectWord("THEN");
        Token act = c.peek();
        MergeClause.Action action;
        if (c.acceptWord("UPDATE")) {
            c.expectWord("SET");
            if (c.atSymbol("*")) {
                if (when == MergeClause.When.NOT_MATCHED_BY_SOURCE) {
                    throw c.error(c.peek(), "UPDATE SET * needs a source row: WHEN NOT MATCHED BY SOURCE can only UPDATE SET c = … or DELETE");
                }
                c.next();
                action = new MergeClause.UpdateAll();
            } else {
                action = new MergeClause.Update(assignments());
            }
        } else if (c.acceptWord("DELETE")) {
            action = new MergeClause.Delete();
        } else if (c.acceptWord("INSERT")) {
            if (c.atSymbol("*")) {
                c.next();
                action = new MergeClause.InsertAll();
            } else {
                List<String> columns = new ArrayList<>();
                if (c.acceptSymbol("(")) {
                    do {
                        List<String> path = columnPath("a column name");
                        columns.add(path.get(path.size() - 1)); // t.c names the target's column c
                    } while (c.acceptSymbol(","));
                    c.expectSymbol(")");
                }
                Token values = c.expectWord("VALUES");
                c.expectSymbol("(");
                List<ParsedExpr> exprs = new ArrayList<>();
                do {
                    exprs.add(expression());
                } while (c.acceptSymbol(","));
                c.expectSymbol(")");
                if (!columns.isEmpty() && columns.size() != exprs.size()) {
                    throw c.error(values, "INSERT names " + columns.size() + " columns but VALUES gives " + exprs.size() + " values");
                }
                action = new MergeClause.Insert(columns, exprs);
            }
        } else {
            throw c.expected(when == MergeClause.When.NOT_MATCHED ? "INSERT" : "UPDATE or DELETE");
        }
        boolean insert = action instanceof MergeClause.Insert || action instanceof MergeClause.InsertAll;
        if (when == MergeClause.When.NOT_MATCHED && !insert) {
            throw c.error(act, "WHEN NOT MATCHED can only INSERT (there is no target row to " + act.upper() + ")");
        }
        if (when != MergeClause.When.NOT_MATCHED && insert) {
            throw c.error(act, "WHEN " + (when == MergeClause.When.MATCHED ? "MATCHED" : "NOT MATCHED BY SOURCE")
                    + " can only UPDATE or DELETE (the target row exists)");
        }
        return new MergeClause(when, condition, action, c.spanFrom(start));
    }

    // ------------------------------------------------------------------ maintenance and inspection

    private SqlStatement optimize() {
        c.expectWord("OPTIMIZE");
        TableName table = tableName(true);
        boolean full = c.acceptWord("FULL"); // Delta 3.3+/Spark 4: recluster every file of a clustered table
        ParsedExpr where = c.acceptWord("WHERE") ? expression() : null;
        List<List<String>> zorder = new ArrayList<>();
        if (c.acceptWord("ZORDER")) {
            c.expectWord("BY");
            boolean parens = c.acceptSymbol("(");
            do {
                zorder.add(columnPath("a column to Z-order by"));
            } while (c.acceptSymbol(","));
            if (parens) {
                c.expectSymbol(")");
            }
        }
        return new SqlStatement.Optimize(table, where, zorder, full, statementSpan());
    }

    /** REORG TABLE t [WHERE partition-condition] APPLY (PURGE), as Delta spells it. */
    private SqlStatement reorg() {
        c.expectWord("REORG");
        c.expectWord("TABLE");
        TableName table = tableName(true);
        ParsedExpr where = c.acceptWord("WHERE") ? expression() : null;
        c.expectWord("APPLY");
        c.expectSymbol("(");
        c.expectWord("PURGE");
        c.expectSymbol(")");
        return new SqlStatement.Reorg(table, where, statementSpan());
    }

    private SqlStatement vacuum() {
        c.expectWord("VACUUM");
        TableName table = tableName(true);
        Double hours = null;
        boolean dryRun = false;
        while (!c.atEnd()) {
            Token t = c.peek();
            if (c.acceptWord("RETAIN")) {
                once(hours, t);
                Token n = c.peek();
                if (n.kind() != TokenKind.NUMBER) {
                    throw c.expected("a number of hours after RETAIN");
                }
                c.next();
                hours = Double.parseDouble(n.text().replaceAll("[a-zA-Z]+$", ""));
                if (!c.acceptWord("HOURS") && !c.acceptWord("HOUR")) {
                    throw c.expected("HOURS");
                }
            } else if (c.acceptWord("DRY")) {
                c.expectWord("RUN");
                dryRun = true;
            } else {
                throw c.expected("RETAIN n HOURS, DRY RUN or end of statement");
            }
        }
        return new SqlStatement.Vacuum(table, hours, dryRun, statementSpan());
    }

    private SqlStatement restore() {
        c.expectWord("RESTORE");
        c.acceptWord("TABLE");
        TableName table = tableName(true);
        c.acceptWord("TO");
        TimeTravel target = new QueryScanner(c, new ArrayList<>()).timeTravel();
        if (target == null) {
            throw c.expected("VERSION AS OF n or TIMESTAMP AS OF '…'");
        }
        return new SqlStatement.Restore(table, target, statementSpan());
    }

    private SqlStatement describe() {
        c.next();
        Token t = c.peek();
        boolean followed = !c.peek(1).isEof();
        if (t.isWord("HISTORY") && followed) {
            c.next();
            TableName table = tableName(true);
            Integer limit = null;
            if (c.acceptWord("LIMIT")) {
                long n = c.integer("a number after LIMIT");
                limit = (int) Math.min(Integer.MAX_VALUE, n);
            }
            return new SqlStatement.DescribeHistory(table, limit, statementSpan());
        }
        if (t.isWord("DETAIL") && followed) {
            c.next();
            return new SqlStatement.DescribeDetail(tableName(true), statementSpan());
        }
        if (c.atWord("TABLE") && !c.peek(1).isEof()) {
            c.next();
        }
        boolean extended = false;
        if ((c.atWord("EXTENDED") || c.atWord("FORMATTED")) && !c.peek(1).isEof()) {
            c.next();
            extended = true;
        }
        return new SqlStatement.DescribeTable(tableName(false), extended, statementSpan());
    }

    private SqlStatement show() {
        c.expectWord("SHOW");
        c.expectWord("TABLES");
        List<String> namespace = List.of();
        if (c.acceptWord("IN") || c.acceptWord("FROM")) {
            List<String> ns = new ArrayList<>();
            ns.add(c.identifier("a database name"));
            while (c.acceptSymbol(".")) {
                ns.add(c.identifier("a name after '.'"));
            }
            namespace = ns;
        }
        String pattern = null;
        if (c.acceptWord("LIKE") || c.atString()) {
            pattern = c.string("a pattern string");
        }
        return new SqlStatement.ShowTables(namespace, pattern, statementSpan());
    }

    /** SET key [= value]: the key and value as written (a quoted value unquoted). */
    private SqlStatement set() {
        c.expectWord("SET");
        if (c.atEnd()) {
            return new SqlStatement.SetConfig(null, null, statementSpan());
        }
        int keyStart = c.pos();
        Token firstKey = c.peek();
        while (!c.atEnd() && !c.atSymbol("=")) {
            c.next();
        }
        String key = c.pos() == keyStart + 1 && (firstKey.kind() == TokenKind.STRING || firstKey.kind() == TokenKind.QUOTED_IDENTIFIER)
                ? firstKey.value() : c.spanFrom(keyStart).text(c.source).trim();
        if (key.isEmpty()) {
            throw c.expected("a setting name");
        }
        String value = null;
        if (c.acceptSymbol("=")) {
            int valueStart = c.pos();
            if (c.atEnd()) {
                throw c.expected("a value after '='");
            }
            Token only = c.peek();
            while (!c.atEnd()) {
                c.next();
            }
            value = c.pos() == valueStart + 1 && (only.kind() == TokenKind.STRING || only.kind() == TokenKind.QUOTED_IDENTIFIER)
                    ? only.value() : c.spanFrom(valueStart).text(c.source).trim();
        }
        return new SqlStatement.SetConfig(key, value, statementSpan());
    }
}
