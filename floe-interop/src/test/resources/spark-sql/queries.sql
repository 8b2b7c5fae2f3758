-- family: literals
SELECT 1L
SELECT 2.5D
SELECT 3S
SELECT 1Y
SELECT 1.5BD
SELECT 1e3
SELECT 1.5E-2
SELECT 0.1 + 0.2
SELECT 123456789012
SELECT -2147483648
SELECT 2147483648
SELECT 'a\tb'
SELECT '\u0057orld'
SELECT 'a\dc', 'C:\path', length('\d')
SELECT 'x\_y', 'x\%y', 'a_b' LIKE 'a\_b'
SELECT 'a1b22' RLIKE '\\d+', regexp_replace('a1b22', '\\d+', '#')
SELECT 'a\\b'
SELECT 'it''s'
SELECT 'it\'s'
SELECT "dq"
SELECT 'a' 'b'
SELECT X'41'
SELECT DATE '2024-02-29'
SELECT TIMESTAMP '2024-01-01 10:00:00'
SELECT TIMESTAMP_NTZ '2024-01-01 10:00:00'
SELECT true AND NULL
SELECT NULL
SELECT NOT false
SELECT 1.0
SELECT 0.001
SELECT 100.00
SELECT -0.5
SELECT 1e0
SELECT 99999999999999999999
SELECT 9.99BD
SELECT -3L
SELECT 127Y
SELECT -32768S
SELECT '\n'
SELECT '\\n'
SELECT '\%'
SELECT '100%'
SELECT 1.5F
SELECT CAST(NULL AS INT)
SELECT INTERVAL '1' DAY
SELECT INTERVAL 2 HOURS
SELECT INTERVAL '1-2' YEAR TO MONTH
SELECT INTERVAL 1 DAY 2 HOURS 3 MINUTES
SELECT INTERVAL '3' MONTH
SELECT INTERVAL 90 MINUTES
SELECT INTERVAL '1 10:00:00' DAY TO SECOND
SELECT typeof(1)
SELECT typeof(1L)
SELECT typeof(1S)
SELECT typeof(1Y)
SELECT typeof(1.5)
SELECT typeof(1.5D)
SELECT typeof(1.5F)
SELECT typeof(1.5BD)
SELECT typeof(1e3)
SELECT typeof('x')
SELECT typeof(true)
SELECT typeof(DATE '2024-01-01')
SELECT typeof(TIMESTAMP '2024-01-01 00:00:00')
SELECT typeof(array(1, 2))
SELECT typeof(map('a', 1))
SELECT typeof(named_struct('a', 1))
SELECT typeof(2147483648)
SELECT typeof(CAST(1 AS DECIMAL(5, 2)))
SELECT typeof(X'41')
-- family: arithmetic
SELECT 5 / 2
SELECT 5 / 0
SELECT 5 % 0
SELECT -7 % 3
SELECT 7 % -3
SELECT 7 div 2
SELECT -7 div 2
SELECT 7 div 0
SELECT 1.0 / 3
SELECT 10 / 4.0
SELECT 2.5 * 4
SELECT 1 / 3 * 3
SELECT pmod(-7, 3)
SELECT pmod(7, -3)
SELECT pmod(7, 0)
SELECT mod(-7, 3)
SELECT 2 + 3 * 4
SELECT (2 + 3) * 4
SELECT -(-5)
SELECT 5 - -3
SELECT abs(-4.5)
SELECT abs(-3)
SELECT 1.5 + 2
SELECT 0.1 * 3
SELECT 1 / 2.0
SELECT 100 / 7
SELECT 2.0 / 4
SELECT 7.5 % 2
SELECT -7.5 % 2
SELECT 3 & 5
SELECT 3 | 5
SELECT 3 ^ 5
SELECT ~5
SELECT 5.0 / 0
SELECT 0 / 0
SELECT typeof(5 / 2)
SELECT typeof(1.0 / 3)
SELECT typeof(1 + 1L)
SELECT typeof(1.5 * 2)
SELECT typeof(7 div 2)
SELECT typeof(2.5D * 2)
SELECT typeof(1S + 1Y)
SELECT try_divide(5, 0)
SELECT try_divide(6, 3)
SELECT 2147483647 + 1
SELECT 9223372036854775807L + 1
SELECT 1.0 + 1e0
SELECT i / 2 FROM nums
SELECT i * 2 FROM nums
SELECT i - 1 FROM nums
SELECT l / 2 FROM nums
SELECT l * 2 FROM nums
SELECT l - 1 FROM nums
SELECT d / 2 FROM nums
SELECT d * 2 FROM nums
SELECT d - 1 FROM nums
SELECT m / 2 FROM nums
SELECT m * 2 FROM nums
SELECT m - 1 FROM nums
SELECT f / 2 FROM nums
SELECT f * 2 FROM nums
SELECT f - 1 FROM nums
SELECT i / l FROM nums WHERE l <> 0
SELECT m / i FROM nums WHERE i <> 0
SELECT i % 3, pmod(i, 3) FROM nums
SELECT i div 2 FROM nums
SELECT d + i, m + i, m * d FROM nums
SELECT typeof(m / 3), typeof(m * m), typeof(m + i) FROM nums LIMIT 1
SELECT sum(i) / count(i) FROM nums
SELECT round(m / 3, 2) FROM nums
SELECT i / 0 FROM nums WHERE i IS NULL
-- family: casts
SELECT CAST('-4.56' AS INT)
SELECT CAST(-4.56 AS INT)
SELECT CAST(4.56 AS BIGINT)
SELECT CAST(4.99D AS INT)
SELECT CAST(-4.99D AS SMALLINT)
SELECT CAST('12' AS SMALLINT)
SELECT CAST(' 12 ' AS INT)
SELECT CAST('1.9' AS BIGINT)
SELECT CAST('abc' AS INT)
SELECT CAST(1.5 AS DECIMAL(5, 2))
SELECT CAST(1.555 AS DECIMAL(5, 2))
SELECT CAST(-1.555 AS DECIMAL(5, 2))
SELECT CAST('true' AS BOOLEAN)
SELECT CAST('yes' AS BOOLEAN)
SELECT CAST('f' AS BOOLEAN)
SELECT CAST('maybe' AS BOOLEAN)
SELECT CAST(1 AS BOOLEAN)
SELECT CAST(0 AS BOOLEAN)
SELECT CAST(true AS INT)
SELECT CAST('2024-01-02' AS DATE)
SELECT CAST('2024-01-02 10:11:12' AS TIMESTAMP)
SELECT CAST('2024-01-02 10:11:12' AS DATE)
SELECT CAST(TIMESTAMP '2024-01-02 10:11:12' AS DATE)
SELECT CAST(TIMESTAMP '2024-01-02 10:11:12' AS STRING)
SELECT CAST(TIMESTAMP '2024-01-02 10:11:12.5' AS STRING)
SELECT CAST(DATE '2024-01-02' AS STRING)
SELECT CAST(DATE '2024-01-02' AS TIMESTAMP)
SELECT CAST(12.5 AS STRING)
SELECT CAST(1.5D AS STRING)
SELECT CAST(100 AS STRING)
SELECT CAST(true AS STRING)
SELECT CAST(array(1, 2) AS array<string>)
SELECT CAST(array('1', '2') AS array<int>)
SELECT int('7')
SELECT bigint(3.9)
SELECT string(42)
SELECT double('1.5')
SELECT boolean('true')
SELECT try_cast('x' AS INT)
SELECT try_cast('5' AS INT)
SELECT CAST(1e10 AS INT)
SELECT CAST(300 AS TINYINT)
SELECT CAST(12345.678 AS DECIMAL(4, 1))
SELECT CAST('1e3' AS DOUBLE)
SELECT CAST('NaN' AS DOUBLE)
SELECT CAST(NULL AS STRING)
SELECT CAST(5 AS DOUBLE)
SELECT CAST(5 AS FLOAT)
SELECT CAST(1.5 AS FLOAT)
SELECT CAST('0.1' AS DECIMAL(3, 2))
SELECT CAST(2.5 AS INT)
SELECT CAST(-2.5 AS INT)
SELECT CAST(0.99999 AS INT)
SELECT CAST('-0' AS INT)
SELECT CAST('+5' AS INT)
SELECT 1 :: BIGINT
SELECT '5' :: INT
SELECT CAST(map('a', 1) AS map<string, bigint>)
SELECT CAST(named_struct('a', 1) AS struct<b: string>)
SELECT CAST(X'41' AS STRING)
SELECT CAST('A' AS BINARY)
SELECT CAST(1234567890123 AS INT)
SELECT CAST(2.5D AS DECIMAL(3, 0))
SELECT CAST(-2.5D AS DECIMAL(3, 0))
SELECT CAST(d AS INT), CAST(m AS INT), CAST(f AS INT) FROM nums
SELECT CAST(s AS INT) FROM nums
SELECT try_cast(s AS INT) FROM nums
SELECT CAST(s AS DOUBLE) FROM nums WHERE s <> 'abc'
SELECT CAST(i AS STRING) FROM nums
SELECT CAST(m AS STRING) FROM nums
SELECT CAST(l AS INT) FROM nums
SELECT CAST(ts AS DATE), CAST(ts AS STRING) FROM people
SELECT CAST(joined AS STRING), CAST(joined AS TIMESTAMP) FROM people
SELECT CAST(salary AS INT), CAST(score AS BIGINT) FROM people
SELECT CAST(age AS DOUBLE) / 2 FROM people
SELECT CAST(salary AS DECIMAL(6, 1)) FROM people
SELECT CAST(active AS INT) FROM people
SELECT int(score), string(age) FROM people
SELECT try_cast(s AS DECIMAL(5, 2)) FROM nums
-- family: nulls
SELECT nvl(NULL, 2)
SELECT nvl(1, 2)
SELECT nvl(NULL, NULL)
SELECT nvl2(1, 'a', 'b')
SELECT nvl2(NULL, 'a', 'b')
SELECT coalesce(NULL, NULL, 3)
SELECT coalesce(NULL, 1.5, 2)
SELECT ifnull(NULL, 'x')
SELECT nullif(1, 1)
SELECT nullif(1, 2)
SELECT isnull(NULL)
SELECT isnotnull(1)
SELECT if(true, 1, 2)
SELECT if(NULL, 1, 2)
SELECT if(1 > 0, 'y', 'n')
SELECT NULL = NULL
SELECT NULL <=> NULL
SELECT 1 <=> NULL
SELECT 1 <=> 1
SELECT equal_null(NULL, NULL)
SELECT 1 IS DISTINCT FROM NULL
SELECT NULL IS NOT DISTINCT FROM NULL
SELECT NULL AND false
SELECT NULL OR true
SELECT NOT NULL
SELECT NULL IS NULL
SELECT CASE WHEN NULL THEN 1 ELSE 2 END
SELECT CASE NULL WHEN NULL THEN 1 ELSE 2 END
SELECT CASE 1 WHEN 1 THEN 'a' WHEN 2 THEN 'b' END
SELECT CASE 3 WHEN 1 THEN 'a' END
SELECT coalesce(1, 2L)
SELECT nvl(1, 2.5)
SELECT if(false, 1, 2.5)
SELECT CASE WHEN true THEN 1 ELSE 2.5 END
SELECT nanvl(CAST('NaN' AS DOUBLE), 1.0D)
SELECT zeroifnull(NULL)
SELECT NULL + 1
SELECT NULL || 'a'
SELECT concat('a', NULL)
SELECT 1 IN (1, NULL)
SELECT 2 IN (1, NULL)
SELECT 2 NOT IN (1, NULL)
SELECT NULL IN (1)
SELECT nvl(age, -1), nvl2(city, 'has', 'none') FROM people
SELECT coalesce(city, name, 'x') FROM people
SELECT count(*) FROM people WHERE age IS NULL
SELECT count(*) FROM people WHERE city <=> NULL
SELECT if(age > 30, 'old', 'young') FROM people
SELECT CASE WHEN age < 30 THEN 'a' WHEN age < 40 THEN 'b' ELSE 'c' END FROM people
SELECT nullif(city, 'Paris') FROM people
SELECT id FROM people WHERE active IS NOT TRUE ORDER BY id
SELECT id FROM people WHERE active IS UNKNOWN
SELECT id FROM people WHERE NOT active ORDER BY id
-- family: ordering
SELECT age FROM people ORDER BY age
SELECT age FROM people ORDER BY age DESC
SELECT age FROM people ORDER BY age ASC NULLS LAST
SELECT age FROM people ORDER BY age DESC NULLS FIRST
SELECT city FROM people ORDER BY city
SELECT city FROM people ORDER BY city DESC
SELECT city FROM people ORDER BY city ASC NULLS LAST
SELECT city FROM people ORDER BY city DESC NULLS FIRST
SELECT score FROM people ORDER BY score
SELECT score FROM people ORDER BY score DESC
SELECT score FROM people ORDER BY score ASC NULLS LAST
SELECT score FROM people ORDER BY score DESC NULLS FIRST
SELECT joined FROM people ORDER BY joined
SELECT joined FROM people ORDER BY joined DESC
SELECT joined FROM people ORDER BY joined ASC NULLS LAST
SELECT joined FROM people ORDER BY joined DESC NULLS FIRST
SELECT ts FROM people ORDER BY ts
SELECT ts FROM people ORDER BY ts DESC
SELECT ts FROM people ORDER BY ts ASC NULLS LAST
SELECT ts FROM people ORDER BY ts DESC NULLS FIRST
SELECT salary FROM people ORDER BY salary
SELECT salary FROM people ORDER BY salary DESC
SELECT salary FROM people ORDER BY salary ASC NULLS LAST
SELECT salary FROM people ORDER BY salary DESC NULLS FIRST
SELECT name FROM people ORDER BY name
SELECT name FROM people ORDER BY name DESC
SELECT name FROM people ORDER BY name ASC NULLS LAST
SELECT name FROM people ORDER BY name DESC NULLS FIRST
SELECT active FROM people ORDER BY active
SELECT active FROM people ORDER BY active DESC
SELECT active FROM people ORDER BY active ASC NULLS LAST
SELECT active FROM people ORDER BY active DESC NULLS FIRST
SELECT city, age FROM people ORDER BY city, age DESC
SELECT id, age FROM people ORDER BY age, id LIMIT 3
SELECT id FROM people ORDER BY age DESC, id LIMIT 3
SELECT age AS a FROM people ORDER BY a
SELECT id FROM people ORDER BY 1 DESC
SELECT city, count(*) AS n FROM people GROUP BY city ORDER BY city
SELECT city, count(*) AS n FROM people GROUP BY city ORDER BY n DESC, city
SELECT i FROM nums ORDER BY i LIMIT 2 OFFSET 1
SELECT s FROM nums ORDER BY s
SELECT d FROM nums ORDER BY d DESC
SELECT kind FROM events ORDER BY kind
SELECT id, age, row_number() OVER (ORDER BY age) AS rn FROM people ORDER BY id
SELECT id, age, row_number() OVER (ORDER BY age DESC) AS rn FROM people ORDER BY id
SELECT id, rank() OVER (ORDER BY city) AS r FROM people ORDER BY id
SELECT id, sum(age) OVER (ORDER BY age ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS s FROM people ORDER BY id
SELECT id, first_value(age) OVER (ORDER BY age) AS f FROM people ORDER BY id
SELECT id, lag(age) OVER (ORDER BY age, id) AS p FROM people ORDER BY id
SELECT sort_array(array(3, NULL, 1))
SELECT sort_array(array(3, NULL, 1), false)
SELECT array_sort(array(3, NULL, 1))
SELECT sort_array(a) FROM arrs ORDER BY id
SELECT id FROM (SELECT id, age FROM people ORDER BY age LIMIT 4) ORDER BY id
SELECT x FROM VALUES (1), (NULL), (3) AS t(x) ORDER BY x
SELECT x FROM VALUES ('b'), (NULL), ('a') AS t(x) ORDER BY x DESC
-- family: strings
SELECT lower('Hello World')
SELECT upper('Hello World')
SELECT length('Hello World')
SELECT char_length('Hello World')
SELECT reverse('Hello World')
SELECT initcap('hello wORLD')
SELECT lcase('AB')
SELECT ucase('ab')
SELECT concat('a', 'b', 'c')
SELECT concat('a', 1)
SELECT concat_ws('-', 'a', NULL, 'b')
SELECT concat_ws(',', array('x', 'y'))
SELECT concat_ws('-')
SELECT substring('Hello World', 0, 2)
SELECT substring('Hello World', 1, 5)
SELECT substring('Hello World', -5)
SELECT substring('Hello World', -5, 2)
SELECT substr('Hello World', 7)
SELECT substring('Hello World', 20)
SELECT substring('Hello World', -20, 3)
SELECT substring('Hello World' FROM 2 FOR 3)
SELECT substring('Hello World', 3, 0)
SELECT left('Hello World', 3)
SELECT right('Hello World', 3)
SELECT trim('  x  ')
SELECT ltrim('  x  ')
SELECT rtrim('  x  ')
SELECT trim(BOTH 'x' FROM 'xxaxx')
SELECT trim(LEADING 'x' FROM 'xxaxx')
SELECT trim(TRAILING 'x' FROM 'xxaxx')
SELECT lpad('7', 3, '0')
SELECT rpad('7', 3, '0')
SELECT lpad('hello', 3, '*')
SELECT lpad('hi', 6, 'ab')
SELECT repeat('ab', 3)
SELECT replace('Hello World', 'o', '0')
SELECT replace('aaa', 'a')
SELECT instr('Hello World', 'o')
SELECT instr('Hello World', 'z')
SELECT locate('o', 'Hello World')
SELECT locate('o', 'Hello World', 6)
SELECT locate('o', 'Hello World', 0)
SELECT position('W' IN 'Hello World')
SELECT translate('abc', 'ab', 'xy')
SELECT ascii('A')
SELECT ascii('')
SELECT chr(65)
SELECT char(321)
SELECT split('a1b22c', '[1-9]+')
SELECT split('a,b,,c,', ',')
SELECT split('a.b', '\\.')
SELECT split_part('a,b,c', ',', 2)
SELECT substring_index('a.b.c', '.', 2)
SELECT substring_index('a.b.c', '.', -2)
SELECT substring_index('a.b.c', '.', 0)
SELECT regexp_replace('a1b22c', '[0-9]+', '#')
SELECT regexp_extract('abc123def', '([a-z]+)([0-9]+)', 2)
SELECT regexp_extract('abc', '([0-9]+)', 1)
SELECT 'abc' rlike 'b+'
SELECT 'abc' RLIKE '^b'
SELECT regexp_like('abc', 'c$')
SELECT startswith('abc', 'ab')
SELECT endswith('abc', 'bc')
SELECT contains('abc', 'x')
SELECT md5('a')
SELECT sha1('a')
SELECT sha2('a', 256)
SELECT base64('abc')
SELECT CAST(unbase64('YWJj') AS STRING)
SELECT hex(255)
SELECT hex('A')
SELECT space(3)
SELECT elt(2, 'a', 'b', 'c')
SELECT levenshtein('kitten', 'sitting')
SELECT octet_length('abc')
SELECT bit_length('abc')
SELECT 'a' || 'b'
SELECT 'a' || 1
SELECT format_string('%s-%d', 'a', 5)
SELECT btrim('  y ')
SELECT length('')
SELECT upper(NULL)
SELECT regexp_replace('aaa', 'a', 'b')
SELECT concat(NULL, 'x')
SELECT get_json_object('{"a": {"b": 1}}', '$.a.b')
SELECT id, lower(name) FROM people ORDER BY id
SELECT id, upper(city) FROM people ORDER BY id
SELECT id, length(name) FROM people ORDER BY id
SELECT id, substring(name, 2, 3) FROM people ORDER BY id
SELECT id, concat(name, '-', city) FROM people ORDER BY id
SELECT id, concat_ws('/', name, city) FROM people ORDER BY id
SELECT id, reverse(name) FROM people ORDER BY id
SELECT id, initcap(name) FROM people ORDER BY id
SELECT id, lpad(name, 6, '.') FROM people ORDER BY id
SELECT id, instr(name, 'a') FROM people ORDER BY id
SELECT id, replace(city, 'a', 'A') FROM people ORDER BY id
SELECT id, left(city, 2) FROM people ORDER BY id
SELECT id, split(name, 'a') FROM people ORDER BY id
SELECT id, trim(name) FROM people ORDER BY id
SELECT id, repeat(city, 2) FROM people ORDER BY id
SELECT id, regexp_replace(name, '[aeiou]', '') FROM people ORDER BY id
SELECT id, name || '!' FROM people ORDER BY id
SELECT id, ascii(name) FROM people ORDER BY id
SELECT id, substring_index(name, 'a', 1) FROM people ORDER BY id
SELECT id, translate(city, 'aeiou', '12345') FROM people ORDER BY id
-- family: like
SELECT 'a_b' LIKE 'a\_b'
SELECT 'axb' LIKE 'a\_b'
SELECT 'a%b' LIKE 'a\%b'
SELECT 'abc' LIKE 'a%'
SELECT 'abc' LIKE '_b_'
SELECT 'abc' NOT LIKE 'a%'
SELECT 'ABC' ILIKE 'a%'
SELECT 'abc' LIKE ANY ('x%', '%c')
SELECT 'abc' LIKE ALL ('a%', '%c')
SELECT 'abc' LIKE ALL ('a%', '%x')
SELECT 'abc' NOT LIKE ANY ('a%', 'x%')
SELECT 'abc' LIKE SOME ('z%', 'a%')
SELECT 'a#b' LIKE 'a##b' ESCAPE '#'
SELECT 'a_b' LIKE 'a#_b' ESCAPE '#'
SELECT NULL LIKE 'a'
SELECT 'abc' LIKE NULL
SELECT 'a\\b' LIKE 'a\\\\b'
SELECT '100%' LIKE '100\%'
SELECT like('abc', 'a%')
SELECT '' LIKE ''
SELECT id FROM people WHERE name LIKE '%a%' ORDER BY id
SELECT id FROM people WHERE name LIKE '%\_%' ORDER BY id
SELECT id FROM people WHERE name LIKE '%\%' ORDER BY id
SELECT id FROM people WHERE name ILIKE 'd%' ORDER BY id
SELECT id FROM people WHERE city LIKE ANY ('P%', 'R%') ORDER BY id
SELECT id FROM people WHERE name NOT LIKE 'A%' ORDER BY id
SELECT id FROM people WHERE name RLIKE '^[A-C]' ORDER BY id
SELECT id FROM people WHERE city LIKE ALL ('%a%', '%r%') ORDER BY id
-- family: dates
SELECT date_format(TIMESTAMP '2024-01-02 03:04:05', 'yyyy-MM')
SELECT date_format(TIMESTAMP '2024-01-02 03:04:05', 'yyyy-MM-dd HH:mm:ss')
SELECT date_format(DATE '2024-01-02', 'dd/MM/yyyy')
SELECT date_format(TIMESTAMP '2024-01-02 15:04:05', 'hh:mm a')
SELECT date_format(DATE '2024-03-05', 'd MMM yyyy')
SELECT date_format(DATE '2024-03-05', 'EEEE')
SELECT date_format(DATE '2024-03-05', 'E')
SELECT date_format(DATE '2024-03-05', 'MMMM')
SELECT date_format(DATE '2024-03-05', 'yy')
SELECT date_format(DATE '2024-03-05', 'D')
SELECT date_format(TIMESTAMP '2024-01-02 03:04:05.123', 'HH:mm:ss.SSS')
SELECT date_format(DATE '2024-03-05', "'Q' yyyy")
SELECT to_date('2024-01-05')
SELECT to_date('2024/01/05', 'yyyy/MM/dd')
SELECT to_date('05.01.2024', 'dd.MM.yyyy')
SELECT to_date('2024-01-05 10:00:00')
SELECT to_timestamp('2024-01-05 10:11:12')
SELECT to_timestamp('2024/01/05 10:11', 'yyyy/MM/dd HH:mm')
SELECT to_timestamp('05-01-2024', 'dd-MM-yyyy')
SELECT to_date('bad')
SELECT unix_timestamp('2024-01-01 00:00:00')
SELECT unix_timestamp('2024-01-01', 'yyyy-MM-dd')
SELECT unix_timestamp(TIMESTAMP '2024-01-01 00:00:01')
SELECT from_unixtime(0)
SELECT from_unixtime(1700000000)
SELECT from_unixtime(1700000000, 'yyyy-MM-dd')
SELECT date_add(DATE '2024-02-28', 1)
SELECT date_add('2024-02-28', 2)
SELECT date_sub(DATE '2024-03-01', 1)
SELECT datediff(DATE '2024-03-01', DATE '2024-02-01')
SELECT datediff('2024-01-01', '2024-01-10')
SELECT add_months(DATE '2024-01-31', 1)
SELECT add_months(DATE '2024-03-31', -1)
SELECT last_day(DATE '2024-02-10')
SELECT next_day(DATE '2024-03-05', 'Mon')
SELECT next_day(DATE '2024-03-04', 'monday')
SELECT year(DATE '2024-03-05')
SELECT month(DATE '2024-03-05')
SELECT day(DATE '2024-03-05')
SELECT dayofmonth(DATE '2024-03-05')
SELECT hour(TIMESTAMP '2024-03-05 13:14:15')
SELECT minute(TIMESTAMP '2024-03-05 13:14:15')
SELECT second(TIMESTAMP '2024-03-05 13:14:15')
SELECT dayofweek(DATE '2024-03-03')
SELECT dayofweek(DATE '2024-03-05')
SELECT weekday(DATE '2024-03-03')
SELECT quarter(DATE '2024-08-05')
SELECT dayofyear(DATE '2024-12-31')
SELECT weekofyear(DATE '2024-01-01')
SELECT weekofyear(DATE '2023-01-01')
SELECT trunc(DATE '2024-03-15', 'MM')
SELECT trunc(DATE '2024-03-15', 'YEAR')
SELECT trunc(DATE '2024-03-15', 'week')
SELECT date_trunc('MONTH', TIMESTAMP '2024-03-15 10:11:12')
SELECT date_trunc('HOUR', TIMESTAMP '2024-03-15 10:11:12')
SELECT date_trunc('day', DATE '2024-03-15')
SELECT DATE '2001-10-01' - DATE '2001-09-28'
SELECT DATE '2024-01-01' + 1
SELECT DATE '2024-01-01' - 1
SELECT DATE '2024-01-31' + INTERVAL 1 MONTH
SELECT DATE '2024-01-01' + INTERVAL 2 DAYS
SELECT TIMESTAMP '2024-01-01 10:00:00' + INTERVAL 90 MINUTES
SELECT TIMESTAMP '2024-01-01 10:00:00' - INTERVAL '1' DAY
SELECT TIMESTAMP '2024-01-02 10:00:00' - TIMESTAMP '2024-01-01 08:00:00'
SELECT TIMESTAMP '2024-01-01 10:00:00' + INTERVAL '1-2' YEAR TO MONTH
SELECT INTERVAL 1 DAY + INTERVAL 2 HOURS
SELECT INTERVAL 1 DAY * 3
SELECT make_date(2024, 2, 29)
SELECT make_date(2023, 2, 29)
SELECT make_timestamp(2024, 1, 2, 3, 4, 5)
SELECT timestamp_seconds(1700000000)
SELECT timestamp_millis(1700000000123)
SELECT unix_seconds(TIMESTAMP '2024-01-01 00:00:00')
SELECT unix_millis(TIMESTAMP '2024-01-01 00:00:00.5')
SELECT unix_date(DATE '2024-01-01')
SELECT date_from_unix_date(19723)
SELECT extract(YEAR FROM DATE '2024-03-05')
SELECT extract(MONTH FROM TIMESTAMP '2024-03-05 10:00:00')
SELECT extract(DAY FROM DATE '2024-03-05')
SELECT extract(HOUR FROM TIMESTAMP '2024-03-05 10:00:00')
SELECT date_part('year', DATE '2024-03-05')
SELECT DATE '2024-03-05' > '2024-03-01'
SELECT DATE '2024-03-05' = '2024-03-05'
SELECT TIMESTAMP '2024-03-05 00:00:00' = DATE '2024-03-05'
SELECT DATE '2024-03-05' BETWEEN '2024-03-01' AND '2024-03-31'
SELECT current_date() = current_date
SELECT typeof(DATE '2024-01-01' - DATE '2023-01-01')
SELECT typeof(current_timestamp())
SELECT id, date_format(ts, 'yyyy-MM') FROM people ORDER BY id
SELECT id, date_format(joined, 'yyyy') FROM people ORDER BY id
SELECT id, year(joined) FROM people ORDER BY id
SELECT id, month(ts) FROM people ORDER BY id
SELECT id, hour(ts) FROM people ORDER BY id
SELECT id, datediff(CAST(ts AS DATE), joined) FROM people ORDER BY id
SELECT id, date_add(joined, 10) FROM people ORDER BY id
SELECT id, add_months(joined, 1) FROM people ORDER BY id
SELECT id, last_day(joined) FROM people ORDER BY id
SELECT id, dayofweek(joined) FROM people ORDER BY id
SELECT id, to_date(ts) FROM people ORDER BY id
SELECT id, unix_timestamp(ts) FROM people ORDER BY id
SELECT id, joined + 1 FROM people ORDER BY id
SELECT id, CAST(ts AS DATE) - joined FROM people ORDER BY id
SELECT id, trunc(joined, 'MM') FROM people ORDER BY id
SELECT id, date_trunc('YEAR', ts) FROM people ORDER BY id
SELECT id, weekofyear(joined) FROM people ORDER BY id
SELECT id, quarter(ts) FROM people ORDER BY id
SELECT id, second(ts) FROM people ORDER BY id
SELECT id, ts + INTERVAL 1 HOUR FROM people ORDER BY id
SELECT day, count(*) FROM events GROUP BY day ORDER BY day
SELECT id FROM events WHERE at >= '2024-03-02' ORDER BY id
SELECT id FROM events WHERE day = '2024-03-03' ORDER BY id
SELECT date_format(at, 'HH:mm') FROM events ORDER BY id
SELECT max(at), min(day) FROM events
SELECT id FROM events WHERE at BETWEEN TIMESTAMP '2024-03-01 00:00:00' AND TIMESTAMP '2024-03-02 00:00:00' ORDER BY id
-- family: arrays
SELECT array(1, 2, 3)
SELECT array(1, 2, 3)[0]
SELECT array(1, 2, 3)[2]
SELECT array(1, 2, 3)[3]
SELECT array(1, 2, 3)[-1]
SELECT array('a', NULL)
SELECT array(1, 2.5)
SELECT array()
SELECT size(array(1, 2))
SELECT size(array())
SELECT size(NULL)
SELECT cardinality(array(1))
SELECT array_contains(array(1, 2), 2)
SELECT array_contains(array(1, NULL), 3)
SELECT array_contains(array(1, 2), NULL)
SELECT array_position(array(3, 4, 3), 3)
SELECT array_position(array(3), 5)
SELECT element_at(array(1, 2, 3), 1)
SELECT element_at(array(1, 2, 3), -1)
SELECT element_at(array(1, 2, 3), 5)
SELECT element_at(array(1, 2), 0)
SELECT try_element_at(array(1, 2, 3), 5)
SELECT array_distinct(array(3, 1, 3, NULL, 1, NULL))
SELECT array_max(array(1, 5, NULL))
SELECT array_min(array(4, 2))
SELECT array_join(array('a', NULL, 'b'), ',')
SELECT array_join(array('a', NULL, 'b'), ',', '?')
SELECT array_join(array(1, 2), '-')
SELECT array_remove(array(1, 2, 1, NULL), 1)
SELECT array_repeat('x', 3)
SELECT array_repeat(1, 0)
SELECT array_union(array(1, 2), array(2, 3))
SELECT array_intersect(array(1, 2, 2), array(2, 3))
SELECT array_except(array(1, 2, 3), array(2))
SELECT arrays_overlap(array(1, 2), array(2, 3))
SELECT slice(array(1, 2, 3, 4), 2, 2)
SELECT slice(array(1, 2, 3, 4), -2, 2)
SELECT slice(array(1, 2, 3), 5, 1)
SELECT sequence(1, 5)
SELECT sequence(5, 1)
SELECT sequence(1, 10, 3)
SELECT flatten(array(array(1, 2), array(3)))
SELECT reverse(array(1, 2, 3))
SELECT transform(array(1, 2, 3), x -> x * 2)
SELECT transform(array(1, 2, 3), (x, i) -> x + i)
SELECT filter(array(1, 2, 3, 4), x -> x % 2 = 0)
SELECT filter(array(1, 2, 3), (x, i) -> i > 0)
SELECT exists(array(1, 2), x -> x > 1)
SELECT exists(array(1, NULL), x -> x > 1)
SELECT forall(array(1, 2), x -> x > 0)
SELECT forall(array(1, NULL), x -> x > 0)
SELECT aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x)
SELECT aggregate(array(1, 2, 3), 0, (acc, x) -> acc + x, acc -> acc * 10)
SELECT aggregate(array(1.5, 2.5), 0.0, (a, x) -> a + x)
SELECT reduce(array(1, 2, 3), 1, (a, x) -> a * x)
SELECT zip_with(array(1, 2), array(10, 20), (x, y) -> x + y)
SELECT zip_with(array(1, 2, 3), array('a'), (x, y) -> concat(y, x))
SELECT concat(array(1), array(2, 3))
SELECT array(1, 2) || array(3)
SELECT array_compact(array(1, NULL, 2))
SELECT array_append(array(1), 2)
SELECT array_prepend(array(1), 0)
SELECT typeof(array(1, 2.5))
SELECT array(array(1), array(2, 3))[1][0]
SELECT transform(array(array(1, 2)), a -> size(a))
SELECT explode(array(1, 2, 3))
SELECT id, a FROM arrs ORDER BY id
SELECT id, a[0] FROM arrs ORDER BY id
SELECT id, a[1] FROM arrs ORDER BY id
SELECT id, size(a) FROM arrs ORDER BY id
SELECT id, array_contains(a, 5) FROM arrs ORDER BY id
SELECT id, array_max(a) FROM arrs ORDER BY id
SELECT id, array_distinct(a) FROM arrs ORDER BY id
SELECT id, sort_array(a, false) FROM arrs ORDER BY id
SELECT id, transform(a, x -> x + 1) FROM arrs ORDER BY id
SELECT id, filter(a, x -> x > 1) FROM arrs ORDER BY id
SELECT id, aggregate(a, 0, (acc, x) -> acc + coalesce(x, 0)) FROM arrs ORDER BY id
SELECT id, element_at(a, 1) FROM arrs ORDER BY id
SELECT id, array_join(s, '|') FROM arrs ORDER BY id
SELECT id, size(s) FROM arrs ORDER BY id
SELECT id, s[0] FROM arrs ORDER BY id
SELECT id, exists(a, x -> x IS NULL) FROM arrs ORDER BY id
SELECT id, array_position(a, 5) FROM arrs ORDER BY id
SELECT id, slice(a, 1, 2) FROM arrs ORDER BY id
SELECT id, array_remove(a, 5) FROM arrs ORDER BY id
SELECT id, concat(a, array(0)) FROM arrs ORDER BY id
SELECT id, x FROM arrs LATERAL VIEW explode(a) t AS x ORDER BY id, x
SELECT id, pos, x FROM arrs LATERAL VIEW posexplode(a) t AS pos, x ORDER BY id, pos
SELECT id, x FROM arrs LATERAL VIEW OUTER explode(a) t AS x ORDER BY id, x
SELECT id, k, v FROM arrs LATERAL VIEW explode(m) t AS k, v ORDER BY id, k
SELECT explode(a) FROM arrs WHERE id = 1
SELECT col FROM explode(array(1, 2))
SELECT id FROM range(3) ORDER BY id
SELECT sum(id) FROM range(1, 11)
SELECT id FROM range(0, 10, 3) ORDER BY id
-- family: maps_structs
SELECT map('a', 1, 'b', 2)
SELECT map('a', 1)['a']
SELECT map('a', 1)['z']
SELECT map_keys(map('a', 1, 'b', 2))
SELECT map_values(map('a', 1, 'b', 2))
SELECT element_at(map('a', 1), 'a')
SELECT size(map('a', 1, 'b', 2))
SELECT map_contains_key(map('a', 1), 'a')
SELECT map_from_arrays(array('x', 'y'), array(1, 2))
SELECT named_struct('a', 1, 'b', 'x')
SELECT named_struct('a', 1, 'b', 'x').b
SELECT struct(1, 'a')
SELECT typeof(named_struct('a', 1))
SELECT typeof(map('a', 1))
SELECT map()
SELECT map(1, 'x')[1]
SELECT id, m FROM arrs ORDER BY id
SELECT id, m['k1'] FROM arrs ORDER BY id
SELECT id, map_keys(m) FROM arrs ORDER BY id
SELECT id, size(m) FROM arrs ORDER BY id
SELECT id, st FROM arrs ORDER BY id
SELECT id, st.x FROM arrs ORDER BY id
SELECT id, st.y FROM arrs ORDER BY id
SELECT id, element_at(m, 'k2') FROM arrs ORDER BY id
SELECT id, map_values(m) FROM arrs ORDER BY id
SELECT id, st.x + 1 FROM arrs ORDER BY id
-- family: aggregates
SELECT count(*) FROM people
SELECT count(age) FROM people
SELECT count(DISTINCT city) FROM people
SELECT sum(age) FROM people
SELECT avg(age) FROM people
SELECT min(age) FROM people
SELECT max(age) FROM people
SELECT sum(salary) FROM people
SELECT avg(salary) FROM people
SELECT min(name) FROM people
SELECT max(joined) FROM people
SELECT min(ts) FROM people
SELECT sum(score) FROM people
SELECT avg(score) FROM people
SELECT every(active) FROM people
SELECT some(active) FROM people
SELECT any(active) FROM people
SELECT bool_and(age > 20) FROM people
SELECT bool_or(age > 50) FROM people
SELECT count_if(age > 30) FROM people
SELECT stddev(age) FROM people
SELECT stddev_pop(age) FROM people
SELECT variance(age) FROM people
SELECT var_pop(age) FROM people
SELECT corr(age, score) FROM people
SELECT covar_pop(age, score) FROM people
SELECT percentile(age, 0.5) FROM people
SELECT median(age) FROM people
SELECT max_by(name, age) FROM people
SELECT min_by(name, age) FROM people
SELECT sort_array(collect_list(city)) FROM people
SELECT sort_array(collect_set(city)) FROM people
SELECT size(collect_list(age)) FROM people
SELECT sum(DISTINCT age) FROM people
SELECT count(DISTINCT age, city) FROM people
SELECT count(age, city) FROM people
SELECT typeof(sum(age)) FROM people
SELECT typeof(avg(salary)) FROM people
SELECT typeof(sum(salary)) FROM people
SELECT bit_and(age) FROM people
SELECT bit_or(age) FROM people
SELECT skewness(age) FROM people
SELECT kurtosis(age) FROM people
SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY age) FROM people
SELECT sum(age) FILTER (WHERE city = 'Paris') FROM people
SELECT count(*) FILTER (WHERE age > 30) FROM people
SELECT mode(city) FROM people
SELECT first(name) FROM people
SELECT max(age) - min(age) FROM people
SELECT sum(age) / count(age) FROM people
SELECT city, count(*), sum(age), avg(salary) FROM people GROUP BY city ORDER BY city
SELECT city, max(age) FROM people GROUP BY city HAVING max(age) > 30 ORDER BY city
SELECT city, active, count(*) FROM people GROUP BY city, active ORDER BY city, active
SELECT city, count(*) FROM people GROUP BY ROLLUP (city) ORDER BY city, 2
SELECT city, active, count(*) FROM people GROUP BY CUBE (city, active) ORDER BY city, active, 3
SELECT city, active, count(*) FROM people GROUP BY GROUPING SETS ((city), (active), ()) ORDER BY city, active, 3
SELECT city, grouping(city), count(*) FROM people GROUP BY ROLLUP (city) ORDER BY city, 2
SELECT city, count(*) FROM people GROUP BY city WITH ROLLUP ORDER BY city, 2
SELECT kind, sum(amount), avg(amount) FROM events GROUP BY kind ORDER BY kind
SELECT count(*), sum(i), avg(d), min(s), max(m) FROM nums
SELECT sum(l), avg(l) FROM nums
SELECT avg(m), sum(m) FROM nums
SELECT sum(f), avg(f) FROM nums
SELECT count(*) FROM nums WHERE i > 100
SELECT sum(i) FROM nums WHERE i > 100
SELECT sort_array(collect_list(i)) FROM nums WHERE i > 100
SELECT kind, count(DISTINCT day) FROM events GROUP BY kind ORDER BY kind
SELECT day, max_by(kind, amount) FROM events GROUP BY day ORDER BY day
SELECT city, sort_array(collect_list(name)) FROM people GROUP BY city ORDER BY city
SELECT active, every(age > 25) FROM people GROUP BY active ORDER BY active
SELECT city, count(*) AS n FROM people GROUP BY ALL ORDER BY city
-- family: windows
SELECT id, row_number() OVER (PARTITION BY city ORDER BY age) AS w FROM people ORDER BY id
SELECT id, rank() OVER (ORDER BY age) AS w FROM people ORDER BY id
SELECT id, dense_rank() OVER (ORDER BY age) AS w FROM people ORDER BY id
SELECT id, percent_rank() OVER (ORDER BY age) AS w FROM people ORDER BY id
SELECT id, cume_dist() OVER (ORDER BY age) AS w FROM people ORDER BY id
SELECT id, ntile(3) OVER (ORDER BY id) AS w FROM people ORDER BY id
SELECT id, lag(age, 1, 0) OVER (ORDER BY id) AS w FROM people ORDER BY id
SELECT id, lead(name) OVER (ORDER BY id) AS w FROM people ORDER BY id
SELECT id, sum(age) OVER (PARTITION BY city) AS w FROM people ORDER BY id
SELECT id, avg(age) OVER (PARTITION BY city) AS w FROM people ORDER BY id
SELECT id, count(*) OVER () AS w FROM people ORDER BY id
SELECT id, max(score) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS w FROM people ORDER BY id
SELECT id, sum(age) OVER (ORDER BY age) AS w FROM people ORDER BY id
SELECT id, sum(age) OVER (ORDER BY age DESC) AS w FROM people ORDER BY id
SELECT id, first_value(name) OVER (PARTITION BY city ORDER BY id) AS w FROM people ORDER BY id
SELECT id, last_value(name) OVER (PARTITION BY city ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS w FROM people ORDER BY id
SELECT id, nth_value(name, 2) OVER (ORDER BY id) AS w FROM people ORDER BY id
SELECT id, min(age) OVER (PARTITION BY active ORDER BY id) AS w FROM people ORDER BY id
SELECT id, row_number() OVER (ORDER BY city, id) AS w FROM people ORDER BY id
SELECT id, rank() OVER (PARTITION BY city ORDER BY score DESC) AS w FROM people ORDER BY id
SELECT id, lag(score) OVER (PARTITION BY city ORDER BY score) AS w FROM people ORDER BY id
SELECT id, sum(salary) OVER (PARTITION BY city ORDER BY id ROWS UNBOUNDED PRECEDING) AS w FROM people ORDER BY id
SELECT id, count(age) OVER (ORDER BY age RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS w FROM people ORDER BY id
SELECT id, dense_rank() OVER (ORDER BY city DESC) AS w FROM people ORDER BY id
SELECT id, avg(score) OVER (ORDER BY joined) AS w FROM people ORDER BY id
SELECT id, row_number() OVER w AS rn FROM people WINDOW w AS (ORDER BY age) ORDER BY id
SELECT * FROM (SELECT id, city, row_number() OVER (PARTITION BY city ORDER BY age DESC) AS rn FROM people) WHERE rn = 1 ORDER BY id
SELECT id, sum(amount) OVER (ORDER BY at) AS run FROM events ORDER BY id
SELECT kind, id, rank() OVER (PARTITION BY kind ORDER BY amount) AS r FROM events ORDER BY id
-- family: queries
SELECT p.name, e.kind FROM people p JOIN events e ON p.id = e.id ORDER BY p.id
SELECT p.id, e.kind FROM people p LEFT JOIN events e ON p.id = e.id ORDER BY p.id
SELECT p.id FROM people p LEFT SEMI JOIN events e ON p.id = e.id ORDER BY p.id
SELECT p.id FROM people p LEFT ANTI JOIN events e ON p.id = e.id ORDER BY p.id
SELECT e.id, p.name FROM events e RIGHT JOIN people p ON p.id = e.id ORDER BY p.id
SELECT count(*) FROM people p FULL OUTER JOIN events e ON p.id = e.id
SELECT count(*) FROM people CROSS JOIN events
SELECT count(*) FROM people, events WHERE people.id = events.id
SELECT id, name FROM people JOIN events USING (id) ORDER BY id
SELECT id FROM people WHERE id IN (SELECT id FROM events WHERE kind = 'click') ORDER BY id
SELECT id FROM people WHERE id NOT IN (SELECT id FROM events WHERE kind IS NOT NULL) ORDER BY id
SELECT id FROM people p WHERE EXISTS (SELECT 1 FROM events e WHERE e.id = p.id AND e.amount > 2) ORDER BY id
SELECT name, (SELECT max(amount) FROM events) AS m FROM people WHERE id = 1
WITH c AS (SELECT city, count(*) AS n FROM people GROUP BY city) SELECT * FROM c WHERE n > 1 ORDER BY city
WITH a AS (SELECT 1 AS x), b AS (SELECT x + 1 AS y FROM a) SELECT y FROM b
SELECT city FROM people UNION SELECT kind FROM events ORDER BY city
SELECT city FROM people UNION ALL SELECT city FROM people ORDER BY city
SELECT city FROM people INTERSECT SELECT city FROM people WHERE age > 30 ORDER BY city
SELECT city FROM people EXCEPT SELECT city FROM people WHERE age > 40 ORDER BY city
SELECT * FROM VALUES (1, 'a'), (2, 'b') AS t(x, y) ORDER BY x
VALUES (1, 2), (3, 4)
SELECT DISTINCT city FROM people ORDER BY city
SELECT * FROM (SELECT id, age * 2 AS a2 FROM people) t WHERE a2 > 60 ORDER BY id
SELECT max(id) FROM people LIMIT 1
SELECT 1 AS x UNION ALL SELECT 2 ORDER BY x DESC
SELECT id FROM people WHERE age > (SELECT avg(age) FROM people) ORDER BY id
SELECT t.* FROM people t WHERE t.id = 2
SELECT count(*) FROM people WHERE city IN ('Paris', 'Rome')
SELECT count(*) FROM people WHERE age BETWEEN 28 AND 40
SELECT count(*) FROM people WHERE name IS NOT NULL AND city IS NOT NULL
TABLE nums
SELECT id, CASE WHEN age IS NULL THEN 'unknown' WHEN age >= 40 THEN 'senior' ELSE 'junior' END AS band FROM people ORDER BY id
-- family: ansi_off
SET spark.sql.ansi.enabled = false
SELECT 5 / 0
SELECT 5 % 0
SELECT 7 div 0
SELECT CAST('abc' AS INT)
SELECT CAST('12' AS INT)
SELECT CAST('-4.56' AS INT)
SELECT size(NULL)
SELECT array(1, 2)[5]
SELECT element_at(array(1, 2), 5)
SELECT CAST('maybe' AS BOOLEAN)
SELECT to_date('bad')
SELECT CAST('2024-13-45' AS DATE)
SELECT 1 / 0.0
SELECT CAST(300 AS TINYINT)
SELECT CAST(1e10 AS INT)
SELECT 2147483647 + 1
SELECT CAST('x' AS DOUBLE)
SELECT pmod(5, 0)
SELECT CAST(s AS INT) FROM nums ORDER BY i
SELECT i / 0 FROM nums ORDER BY i
SET spark.sql.ansi.enabled = true
-- family: timezone
SET spark.sql.session.timeZone = America/New_York
SELECT hour(TIMESTAMP '2024-01-05 08:30:00')
SELECT CAST(TIMESTAMP '2024-01-05 08:30:00' AS STRING)
SELECT date_format(TIMESTAMP '2024-07-01 00:30:00', 'yyyy-MM-dd HH:mm')
SELECT unix_timestamp(TIMESTAMP '2024-01-01 00:00:00')
SELECT CAST(TIMESTAMP '2024-01-01 02:00:00' AS DATE)
SELECT from_unixtime(0)
SELECT to_timestamp('2024-03-10 12:00:00')
SELECT unix_timestamp('2024-01-01 00:00:00')
SELECT current_timezone()
SELECT id, hour(ts), CAST(ts AS DATE), date_format(ts, 'yyyy-MM-dd HH:mm') FROM people ORDER BY id
SELECT id, CAST(ts AS STRING) FROM people ORDER BY id
SELECT id FROM people WHERE ts < TIMESTAMP '2024-01-05 08:30:00' ORDER BY id
SET spark.sql.session.timeZone = UTC
-- family: math
SELECT round(2.5D)
SELECT round(-2.5D)
SELECT round(2.675D, 2)
SELECT round(1.5)
SELECT round(-1.5)
SELECT round(123.456, -1)
SELECT round(1234, -2)
SELECT bround(2.5)
SELECT bround(3.5)
SELECT bround(2.5D)
SELECT ceil(1.2)
SELECT ceil(-1.2D)
SELECT floor(-1.2)
SELECT floor(1.9D)
SELECT typeof(ceil(1.2D))
SELECT typeof(round(1.25, 1))
SELECT round(1.25, 1)
SELECT sqrt(16)
SELECT pow(2, 10)
SELECT power(2.0, 0.5)
SELECT exp(0)
SELECT ln(1)
SELECT log(10, 100)
SELECT log10(1000)
SELECT log2(8)
SELECT log(0)
SELECT sign(-3)
SELECT signum(2.5)
SELECT greatest(1, 3, 2)
SELECT least(1.5, 0.5)
SELECT greatest(1, NULL, 3)
SELECT abs(-2147483647)
SELECT degrees(pi())
SELECT radians(180)
SELECT cbrt(27)
SELECT factorial(5)
SELECT width_bucket(-1, 0, 10, 5)
SELECT width_bucket(11, 0, 10, 5)
SELECT width_bucket(5, 10, 0, 5)
SELECT hex(-1)
SELECT bin(5)
SELECT e()
SELECT pi()
SELECT mod(7.5, 2)
SELECT round(d) FROM nums ORDER BY i
SELECT round(m, 1) FROM nums ORDER BY i
SELECT ceil(d) FROM nums ORDER BY i
SELECT floor(m) FROM nums ORDER BY i
SELECT abs(i) FROM nums ORDER BY i
SELECT sqrt(abs(d)) FROM nums ORDER BY i
SELECT greatest(i, l) FROM nums ORDER BY i
SELECT pmod(i, 4) FROM nums ORDER BY i
SELECT sign(d) FROM nums ORDER BY i
SELECT bround(m, 2) FROM nums ORDER BY i
