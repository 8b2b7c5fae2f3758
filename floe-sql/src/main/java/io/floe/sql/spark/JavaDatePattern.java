package io.floe.sql.spark;

/**
 * Spark's date/time patterns (Java {@code DateTimeFormatter} letters: {@code yyyy-MM-dd HH:mm:ss}) as DuckDB's
 * strftime/strptime specifiers. A letter with no DuckDB counterpart is refused by name rather than printed wrong.
 */
final class JavaDatePattern {
    private JavaDatePattern() {
    }

    /** The strftime format (for formatting) or strptime format (for parsing) of a Spark pattern. */
    static String toDuckDb(String pattern, boolean parsing) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < pattern.length()) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    out.append('\'');
                    i += 2;
                    continue;
                }
                // quoted text, in which '' is one quote
                int j = i + 1;
                StringBuilder text = new StringBuilder();
                while (true) {
                    if (j >= pattern.length()) {
                        throw new SparkSqlException("date pattern '" + pattern + "': unclosed quote");
                    }
                    if (pattern.charAt(j) == '\'') {
                        if (j + 1 < pattern.length() && pattern.charAt(j + 1) == '\'') {
                            text.append('\'');
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    text.append(pattern.charAt(j++));
                }
                out.append(text.toString().replace("%", "%%"));
                i = j + 1;
                continue;
            }
            if (!Character.isLetter(c)) {
                out.append(c == '%' ? "%%" : String.valueOf(c));
                i++;
                continue;
            }
            int n = 1;
            while (i + n < pattern.length() && pattern.charAt(i + n) == c) {
                n++;
            }
            out.append(letter(c, n, parsing, pattern));
            i += n;
        }
        return out.toString();
    }

    private static String letter(char c, int n, boolean parsing, String pattern) {
        String pad = parsing ? "%" : "%-";
        switch (c) {
            case 'y':
            case 'u':
                return n == 2 ? "%y" : "%Y";
            case 'M':
            case 'L':
                return n == 1 ? pad + "m" : n == 2 ? "%m" : n == 3 ? "%b" : "%B";
            case 'd':
                return n == 1 ? pad + "d" : "%d";
            case 'D':
                return n == 3 ? "%j" : pad + "j";
            case 'H':
                return n == 1 ? pad + "H" : "%H";
            case 'h':
                return n == 1 ? pad + "I" : "%I";
            case 'm':
                return n == 1 ? pad + "M" : "%M";
            case 's':
                return n == 1 ? pad + "S" : "%S";
            case 'S':
                if (n == 3) {
                    return "%g";
                }
                if (n == 6) {
                    return "%f";
                }
                break;
            case 'a':
                return "%p";
            case 'E':
                return n <= 3 ? "%a" : "%A";
            case 'x':
            case 'X':
            case 'Z':
                if (!parsing) {
                    return "%z";
                }
                return "%z";
            default:
        }
        throw SparkSqlException.unsupported("date pattern letter '" + String.valueOf(c).repeat(n) + "' (in '" + pattern + "')");
    }
}
