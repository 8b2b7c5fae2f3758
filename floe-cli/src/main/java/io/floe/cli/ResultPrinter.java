package io.floe.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floe.QueryResult;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Prints query results as an aligned table, CSV (RFC 4180) or JSON Lines. */
public final class ResultPrinter {
    public enum Format { TABLE, CSV, JSON }

    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .findAndRegisterModules();

    private ResultPrinter() {
    }

    public static void print(QueryResult r, Format f, PrintWriter out) {
        if (r.columnNames().isEmpty()) {
            if (r.message() != null) {
                out.println(r.message());
            }
            out.flush();
            return;
        }
        switch (f) {
            case CSV -> csv(r, out);
            case JSON -> json(r, out);
            default -> table(r, out);
        }
        if (f == Format.TABLE && r.message() != null) {
            out.println(r.message());
        }
        out.flush();
    }

    static String text(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof Object[] a) {
            return Arrays.toString(a);
        }
        return v.toString();
    }

    static void table(QueryResult r, PrintWriter out) {
        int n = r.columnNames().size();
        int[] w = new int[n];
        List<String[]> cells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            w[i] = r.columnNames().get(i).length();
        }
        for (List<Object> row : r.rows()) {
            String[] c = new String[n];
            for (int i = 0; i < n; i++) {
                c[i] = text(row.get(i)).replace("\n", "\\n");
                w[i] = Math.min(80, Math.max(w[i], c[i].codePointCount(0, c[i].length())));
            }
            cells.add(c);
        }
        StringBuilder sep = new StringBuilder("+");
        for (int x : w) {
            sep.append("-".repeat(x + 2)).append('+');
        }
        out.println(sep);
        out.println(line(r.columnNames().toArray(new String[0]), w));
        out.println(sep);
        for (String[] c : cells) {
            out.println(line(c, w));
        }
        out.println(sep);
        out.println(r.rows().size() + (r.rows().size() == 1 ? " row" : " rows"));
    }

    private static String line(String[] c, int[] w) {
        StringBuilder sb = new StringBuilder("|");
        for (int i = 0; i < c.length; i++) {
            String v = c[i];
            int len = v.codePointCount(0, v.length());
            if (len > w[i]) {
                v = v.substring(0, v.offsetByCodePoints(0, w[i] - 1)) + "…";
                len = w[i];
            }
            sb.append(' ').append(v).append(" ".repeat(w[i] - len)).append(" |");
        }
        return sb.toString();
    }

    static void csv(QueryResult r, PrintWriter out) {
        out.print(csvLine(new ArrayList<>(r.columnNames())));
        for (List<Object> row : r.rows()) {
            List<Object> vals = new ArrayList<>();
            for (Object o : row) {
                vals.add(o == null ? null : text(o));
            }
            out.print(csvLine(vals));
        }
    }

    private static String csvLine(List<?> vals) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < vals.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            Object v = vals.get(i);
            if (v == null) {
                continue; // an empty field is NULL
            }
            String s = v.toString();
            if (s.isEmpty() || s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
                sb.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(s);
            }
        }
        return sb.append("\r\n").toString();
    }

    static void json(QueryResult r, PrintWriter out) {
        for (List<Object> row : r.rows()) {
            ObjectNode o = JSON.createObjectNode();
            for (int i = 0; i < r.columnNames().size(); i++) {
                o.set(r.columnNames().get(i), JSON.valueToTree(jsonValue(row.get(i))));
            }
            out.println(o);
        }
    }

    private static Object jsonValue(Object v) {
        if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
            return v;
        }
        if (v instanceof byte[] b) {
            return Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof List<?> l) {
            return l.stream().map(ResultPrinter::jsonValue).toList();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new java.util.LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), jsonValue(x)));
            return out;
        }
        return v.toString();
    }
}
