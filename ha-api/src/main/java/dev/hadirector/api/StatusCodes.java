package dev.hadirector.api;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A set of HTTP status codes written as keepalived's status_code: single codes and ranges,
 * e.g. {@code "200-299 400-499 503"}.
 */
public record StatusCodes(List<Range> ranges) {

    /** keepalived's default: any 2xx status. */
    public static final StatusCodes DEFAULT = new StatusCodes(List.of(new Range(200, 299)));

    /** An inclusive range of status codes. */
    public record Range(int from, int to) {
        public Range {
            SpecRules.range("statusCode", from, 100, 599);
            SpecRules.range("statusCode", to, 100, 599);
            if (to < from) {
                throw new IllegalArgumentException("statusCode range " + from + "-" + to
                        + " invalid: the end must not be below the start");
            }
        }

        boolean contains(int status) {
            return status >= from && status <= to;
        }

        @Override
        public String toString() {
            return from == to ? Integer.toString(from) : from + "-" + to;
        }
    }

    public StatusCodes {
        SpecRules.notNull("statusCodes", ranges);
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("statusCodes empty: must name at least one code or range");
        }
        ranges = List.copyOf(ranges);
    }

    /** Single codes, e.g. {@code of(200, 204)}. */
    public static StatusCodes of(int... codes) {
        List<Range> ranges = new ArrayList<>();
        for (int code : codes) {
            ranges.add(new Range(code, code));
        }
        return new StatusCodes(ranges);
    }

    /** Parses {@code "200 204 300-399"} (spaces or commas between items). */
    public static StatusCodes parse(String text) {
        SpecRules.notBlank("statusCodes", text);
        List<Range> ranges = new ArrayList<>();
        for (String item : text.trim().split("[\\s,]+")) {
            int dash = item.indexOf('-', 1);
            try {
                if (dash < 0) {
                    int code = Integer.parseInt(item);
                    ranges.add(new Range(code, code));
                } else {
                    ranges.add(new Range(Integer.parseInt(item.substring(0, dash)),
                            Integer.parseInt(item.substring(dash + 1))));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("statusCodes item \"" + item + "\" in \"" + text
                        + "\" invalid: must be a code like 200 or a range like 200-299", e);
            }
        }
        return new StatusCodes(ranges);
    }

    public boolean contains(int status) {
        for (Range range : ranges) {
            if (range.contains(status)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return ranges.stream().map(Range::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
