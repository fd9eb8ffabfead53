package io.kopf4j.internal.model;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timestamps of progress records as Kopf writes and reads them.
 *
 * <p>Written: Python's {@code datetime.isoformat(timespec='microseconds')} of an aware UTC datetime, e.g.
 * {@code 2020-12-31T23:59:59.123456+00:00} (always six fraction digits, a {@code +00:00} offset, never {@code Z};
 * Kopf 1.40 and later). Read leniently, as Kopf's {@code iso8601.parse_date}: {@code T} or a space between date and
 * time, a fraction of any length after {@code .} or {@code ,} (or none), seconds optional, an offset of {@code Z},
 * {@code ±HH}, {@code ±HHMM} or {@code ±HH:MM}, or none. Naive timestamps (written by Kopf before 1.40) are taken as
 * UTC, which they were.
 *
 * <p>Kopf: {@code kopf/_core/actions/progression.py} ({@code format_iso8601}, {@code parse_iso8601}).
 */
public final class Timestamps {

    private static final DateTimeFormatter WRITTEN = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'+00:00'");

    private static final Pattern READ = Pattern.compile(
            "(\\d{4})-?(\\d{2})-?(\\d{2})"
                    + "(?:[T ](\\d{2}):?(\\d{2})(?::?(\\d{2})(?:[.,](\\d+))?)?)?"
                    + "\\s*(Z|z|[+-]\\d{2}(?::?\\d{2})?)?");

    private Timestamps() {
    }

    /** Kopf's written form, truncated to microseconds: {@code 2020-12-31T23:59:59.123456+00:00}. */
    public static String format(Instant instant) {
        return WRITTEN.format(LocalDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
    }

    /**
     * Parses any form Kopf reads (see the class comment).
     *
     * @throws IllegalArgumentException when the text is not an ISO-8601 timestamp
     */
    public static Instant parse(String text) {
        Matcher m = READ.matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Unable to parse the ISO-8601 timestamp: " + text);
        }
        int nanos = 0;
        if (m.group(7) != null) {
            String fraction = (m.group(7) + "000000000").substring(0, 9);
            nanos = Integer.parseInt(fraction);
        }
        try {
            LocalDateTime local = LocalDateTime.of(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                    m.group(5) == null ? 0 : Integer.parseInt(m.group(5)),
                    m.group(6) == null ? 0 : Integer.parseInt(m.group(6)),
                    nanos);
            return local.toInstant(offset(m.group(8)));
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("Unable to parse the ISO-8601 timestamp: " + text, e);
        }
    }

    private static ZoneOffset offset(String text) {
        if (text == null || text.equalsIgnoreCase("Z")) {
            return ZoneOffset.UTC;
        }
        String digits = text.substring(1).replace(":", "");
        int hours = Integer.parseInt(digits.substring(0, 2));
        int minutes = digits.length() > 2 ? Integer.parseInt(digits.substring(2)) : 0;
        int sign = text.charAt(0) == '-' ? -1 : 1;
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }
}
