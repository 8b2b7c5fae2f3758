package io.floe.sql.spark;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewords the data plane's run-time errors as Spark words them, with Spark's error class in brackets, so a user who
 * pasted Spark SQL reads the error Spark would have raised ({@code [ARITHMETIC_OVERFLOW] integer overflow…}) rather
 * than DuckDB's message about its own types ({@code Overflow in addition of INT32}). Errors Floe raises itself from
 * the translated SQL already carry Spark's class; only DuckDB's "<kind> Error:" prefix is dropped from those.
 * Anything not recognised is returned unchanged: a message in DuckDB's words is better than a guessed one.
 */
public final class SparkErrors {
    private static final String ANSI_HINT = " If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.";
    private static final Pattern DUCK_PREFIX = Pattern.compile("^[A-Z][A-Za-z ]* Error: (?=\\[[A-Z_.]+\\] )");
    private static final Pattern ARITHMETIC = Pattern.compile(
            "Overflow in (addition|subtraction|multiplication|negation) of (INT8|INT16|INT32|INT64)\\b.*", Pattern.DOTALL);
    private static final Pattern CAST = Pattern.compile(
            "Type (\\w+) with value (\\S+) can't be cast because the value is out of range for the destination type (\\w+).*",
            Pattern.DOTALL);
    private static final Pattern DECIMAL = Pattern.compile(
            "Casting value \"([^\"]+)\" to type DECIMAL\\((\\d+),\\s*(\\d+)\\) failed: value is out of range!?.*", Pattern.DOTALL);
    private static final Pattern BAD_DATETIME = Pattern.compile(
            "invalid (date|timestamp) field format: \"(.*)\", expected format is.*", Pattern.DOTALL);
    private static final Pattern DATE_OUT_OF_RANGE = Pattern.compile("Date out of range: (-?\\d+)-(\\d+)-(\\d+)\\s*");
    private static final Pattern KIND = Pattern.compile("^(?:Out of Range|Conversion|Invalid Input) Error: ");

    /** DuckDB's physical integer type names as Spark names the types. */
    private static final Map<String, String> TYPES = Map.of("INT8", "TINYINT", "INT16", "SMALLINT", "INT32", "INT",
            "INT64", "BIGINT", "FLOAT", "FLOAT", "DOUBLE", "DOUBLE", "VARCHAR", "STRING");
    /** Spark's names for integer overflow in ARITHMETIC_OVERFLOW ("integer overflow", "long overflow", …). */
    private static final Map<String, String> OVERFLOW_NAMES = Map.of("INT8", "byte", "INT16", "short", "INT32", "integer",
            "INT64", "long");
    private static final Map<String, String> TRY_FUNCTIONS = Map.of("addition", "try_add", "subtraction", "try_subtract",
            "multiplication", "try_multiply");

    private SparkErrors() {
    }

    /**
     * A data-plane error as the user should read it: without DuckDB's excerpt of the rewritten SQL (its LINE pointers
     * are into text the user never wrote), in Spark's words where Floe knows them.
     */
    public static String fromDataPlane(String message) {
        if (message == null) {
            return "query failed";
        }
        int cut = message.indexOf("\n\nLINE ");
        return reword((cut > 0 ? message.substring(0, cut) : message).trim());
    }

    /** The message as Spark would word it, or {@code message} itself when it is not one Floe knows. */
    public static String reword(String message) {
        if (message == null) {
            return null;
        }
        Matcher prefixed = DUCK_PREFIX.matcher(message);
        if (prefixed.find()) {
            return message.substring(prefixed.end());
        }
        Matcher kind = KIND.matcher(message);
        if (!kind.find()) {
            return message;
        }
        String body = message.substring(kind.end());
        Matcher m = ARITHMETIC.matcher(body);
        if (m.matches()) {
            String tryFunction = TRY_FUNCTIONS.get(m.group(1));
            return "[ARITHMETIC_OVERFLOW] " + OVERFLOW_NAMES.get(m.group(2)) + " overflow."
                    + (tryFunction == null ? "" : " Use '" + tryFunction + "' to tolerate overflow and return NULL instead.")
                    + ANSI_HINT;
        }
        m = CAST.matcher(body);
        if (m.matches() && TYPES.containsKey(m.group(1)) && TYPES.containsKey(m.group(3))) {
            return "[CAST_OVERFLOW] The value " + sqlValue(m.group(2), m.group(1)) + " of the type \"" + TYPES.get(m.group(1))
                    + "\" cannot be cast to \"" + TYPES.get(m.group(3)) + "\" due to an overflow. Use `try_cast` to tolerate"
                    + " overflow and return NULL instead." + ANSI_HINT;
        }
        m = BAD_DATETIME.matcher(body);
        if (m.matches()) {
            return "[CAST_INVALID_INPUT] The value '" + m.group(2) + "' of the type \"STRING\" cannot be cast to \""
                    + m.group(1).toUpperCase(Locale.ROOT) + "\" because it is malformed. Correct the value as per the syntax, or"
                    + " change its target type. Use `try_cast` to tolerate malformed input and return NULL instead." + ANSI_HINT;
        }
        m = DATE_OUT_OF_RANGE.matcher(body);
        if (m.matches()) {
            // Spark passes java.time's own words on (make_date(2023, 2, 29): "Invalid date 'February 29' as '2023' is …")
            String why;
            try {
                java.time.LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
                why = "Invalid date " + m.group(1) + "-" + m.group(2) + "-" + m.group(3);
            } catch (java.time.DateTimeException | NumberFormatException e) {
                why = e.getMessage();
            }
            return "[DATETIME_FIELD_OUT_OF_BOUNDS] " + why + "." + ANSI_HINT;
        }
        m = DECIMAL.matcher(body);
        if (m.matches()) {
            return "[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] " + m.group(1) + " cannot be represented as Decimal("
                    + m.group(2) + ", " + m.group(3) + "). If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass"
                    + " this error, and return NULL instead.";
        }
        return message;
    }

    /** A value as Spark prints it in an error: with the literal suffix of its type ({@code 5L}, {@code 1.0E10D}). */
    private static String sqlValue(String value, String duckType) {
        return switch (duckType) {
            case "INT8" -> value + "Y";
            case "INT16" -> value + "S";
            case "INT64" -> value + "L";
            case "DOUBLE" -> doubleText(value) + "D";
            case "VARCHAR" -> "'" + value + "'";
            default -> value;
        };
    }

    private static String doubleText(String value) {
        try {
            return Double.toString(Double.parseDouble(value)).toUpperCase(Locale.ROOT);
        } catch (NumberFormatException e) {
            return value;
        }
    }
}
