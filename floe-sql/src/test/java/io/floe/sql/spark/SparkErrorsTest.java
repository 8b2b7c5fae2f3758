package io.floe.sql.spark;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SparkErrorsTest {
    @Test
    void integerOverflowIsSparksArithmeticOverflow() {
        assertThat(SparkErrors.reword("Out of Range Error: Overflow in addition of INT32 (2147483647 + 1)!"))
                .isEqualTo("[ARITHMETIC_OVERFLOW] integer overflow. Use 'try_add' to tolerate overflow and return NULL instead."
                        + " If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
        assertThat(SparkErrors.reword("Out of Range Error: Overflow in multiplication of INT64 (9223372036854775807 * 2)!"))
                .startsWith("[ARITHMETIC_OVERFLOW] long overflow. Use 'try_multiply'");
    }

    @Test
    void outOfRangeCastsAreSparksCastOverflowWithSparksTypeNamesAndLiterals() {
        assertThat(SparkErrors.reword("Conversion Error: Type INT32 with value 300 can't be cast because the value is out of"
                + " range for the destination type INT8"))
                .startsWith("[CAST_OVERFLOW] The value 300 of the type \"INT\" cannot be cast to \"TINYINT\" due to an overflow.");
        assertThat(SparkErrors.reword("Conversion Error: Type INT64 with value -3000000000 can't be cast because the value is"
                + " out of range for the destination type INT32 when casting from source column l"))
                .startsWith("[CAST_OVERFLOW] The value -3000000000L of the type \"BIGINT\" cannot be cast to \"INT\"");
        assertThat(SparkErrors.reword("Conversion Error: Type DOUBLE with value 10000000000.0 can't be cast because the value"
                + " is out of range for the destination type INT32"))
                .startsWith("[CAST_OVERFLOW] The value 1.0E10D of the type \"DOUBLE\" cannot be cast to \"INT\"");
        assertThat(SparkErrors.reword("Conversion Error: Casting value \"12345.678\" to type DECIMAL(4,1) failed: value is out of range!"))
                .startsWith("[NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION] 12345.678 cannot be represented as Decimal(4, 1).");
    }

    @Test
    void badDatesAreSparksCastInvalidInputAndImpossibleOnesOutOfBounds() {
        assertThat(SparkErrors.reword("Conversion Error: invalid date field format: \"bad\", expected format is (YYYY-MM-DD)"))
                .startsWith("[CAST_INVALID_INPUT] The value 'bad' of the type \"STRING\" cannot be cast to \"DATE\" because it is malformed.");
        assertThat(SparkErrors.reword("Conversion Error: Date out of range: 2023-2-29"))
                .startsWith("[DATETIME_FIELD_OUT_OF_BOUNDS] Invalid date 'February 29' as '2023' is not a leap year.");
    }

    @Test
    void floesOwnSparkErrorsLoseDuckDbsPrefixAndOthersStayAsTheyAre() {
        assertThat(SparkErrors.reword("Invalid Input Error: [DIVIDE_BY_ZERO] Division by zero."))
                .isEqualTo("[DIVIDE_BY_ZERO] Division by zero.");
        assertThat(SparkErrors.reword("Catalog Error: Table with name nope does not exist!"))
                .isEqualTo("Catalog Error: Table with name nope does not exist!");
        assertThat(SparkErrors.reword("Conversion Error: Type HUGEINT with value 1 can't be cast because the value is out of"
                + " range for the destination type INT32")).startsWith("Conversion Error: Type HUGEINT");
        assertThat(SparkErrors.reword(null)).isNull();
    }
}
