package com.openedxpok.backfill;

import java.util.List;

/**
 * The outcome of a CSV import.
 *
 * @param rows        data rows read (the header and blank lines aside)
 * @param queued      certificates queued
 * @param alreadyHad  valid rows whose learner already had a certificate for the course (nothing changed)
 * @param errorCount  rows refused; nothing of them was stored
 * @param errors      the first {@link #MAX_LISTED_ERRORS} of them, by line number
 * @param warnings    rows queued all the same that an operator should look at (a username or email our certificates
 *                    hold for another Open edX user id), the first {@link #MAX_LISTED_ERRORS} by line number
 */
public record CsvImportReport(int rows, int queued, int alreadyHad, int errorCount, List<RowError> errors,
        List<RowError> warnings) implements java.io.Serializable {

    public static final int MAX_LISTED_ERRORS = 1000;

    public CsvImportReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** A refused row: its line in the file and what is wrong, without echoing personal data. */
    public record RowError(int line, String message) implements java.io.Serializable {
    }
}
