package com.openedxpok.admin;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's chart of certificates requested and emitted per day, drawn by the server as SVG: no charting
 * library, nothing fetched from elsewhere, and readable without JavaScript. This record holds the geometry; the
 * template only places it. The numbers are also listed as a table for screen readers and copying.
 */
public record IssuanceChart(int width, int height, List<Bar> bars, List<Tick> ticks, List<DayLabel> dayLabels,
        List<Day> days, long requestedTotal, long emittedTotal, Line baseline) {

    static final int WIDTH = 760;
    static final int HEIGHT = 220;
    private static final int LEFT = 44;
    private static final int RIGHT = 8;
    private static final int TOP = 10;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter SHORT = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    /** One day's numbers. */
    public record Day(LocalDate day, long requested, long emitted) {
    }

    /** @param series {@code requested} or {@code emitted} (the CSS class that colours it) */
    public record Bar(String x, String y, String width, String height, String series, String tooltip) {
    }

    public record Tick(String y, String labelY, String label) {
    }

    public record DayLabel(String x, String label) {
    }

    public record Line(String x1, String y1, String x2, String y2) {
    }

    /** @param days consecutive days, oldest first */
    public static IssuanceChart of(List<Day> days) {
        long max = days.stream().mapToLong(d -> Math.max(d.requested(), d.emitted())).max().orElse(0);
        long top = niceCeiling(max);
        double plotWidth = WIDTH - LEFT - RIGHT;
        double plotHeight = HEIGHT - TOP - BOTTOM;
        double slot = plotWidth / Math.max(1, days.size());
        double barWidth = slot * 0.38;
        List<Bar> bars = new ArrayList<>();
        List<DayLabel> labels = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            Day day = days.get(i);
            double x = LEFT + i * slot + slot * 0.1;
            bars.add(bar(x, barWidth, day.requested(), top, plotHeight, "requested",
                    day.day() + ": " + day.requested() + " requested"));
            bars.add(bar(x + barWidth, barWidth, day.emitted(), top, plotHeight, "emitted",
                    day.day() + ": " + day.emitted() + " emitted"));
            if ((days.size() - 1 - i) % 5 == 0) {
                labels.add(new DayLabel(num(LEFT + i * slot + slot / 2), SHORT.format(day.day())));
            }
        }
        List<Tick> ticks = new ArrayList<>();
        for (long value : new long[] {0, top / 2, top}) {
            double y = TOP + plotHeight - plotHeight * value / top;
            ticks.add(new Tick(num(y), num(y + 4), String.valueOf(value)));
        }
        long requested = days.stream().mapToLong(Day::requested).sum();
        long emitted = days.stream().mapToLong(Day::emitted).sum();
        Line baseline = new Line(num(LEFT), num(TOP + plotHeight), num(WIDTH - RIGHT), num(TOP + plotHeight));
        return new IssuanceChart(WIDTH, HEIGHT, bars, ticks, labels, days, requested, emitted, baseline);
    }

    /** Fills the days without events with zeros, so that the chart always shows {@code count} days to {@code last}. */
    public static List<Day> everyDay(LocalDate last, int count, Map<LocalDate, long[]> byDay) {
        List<Day> days = new ArrayList<>();
        for (int i = count - 1; i >= 0; i--) {
            LocalDate day = last.minusDays(i);
            long[] values = byDay.getOrDefault(day, new long[2]);
            days.add(new Day(day, values[0], values[1]));
        }
        return days;
    }

    private static Bar bar(double x, double width, long value, long top, double plotHeight, String series,
            String tooltip) {
        double height = plotHeight * value / top;
        // A day with some issuance stays visible even next to a day with thousands.
        if (value > 0 && height < 1.5) {
            height = 1.5;
        }
        return new Bar(num(x), num(TOP + plotHeight - height), num(width), num(height), series, tooltip);
    }

    /**
     * 4, 6, 8, 10, 20, 40, 60, 80, 100 … at or above {@code value} (at least 4, so an empty chart has a scale): always
     * even, so that the middle tick is a whole number of certificates too (never 0 / 2 / 5).
     */
    static long niceCeiling(long value) {
        long step = 1;
        while (true) {
            for (long factor : new long[] {1, 2, 4, 6, 8}) {
                if (step * factor >= Math.max(4, value) && (step * factor) % 2 == 0) {
                    return step * factor;
                }
            }
            step *= 10;
        }
    }

    private static String num(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
