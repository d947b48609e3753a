package com.openedxpok.backfill;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.openedxpok.issuance.CertificateRequest;
import com.openedxpok.issuance.EligibilityPolicy;
import com.openedxpok.issuance.IssuanceService;
import com.openedxpok.certificate.LanguageTags;
import com.openedxpok.certificate.Learner;
import com.openedxpok.kernel.CourseKey;
import com.openedxpok.kernel.InvalidCourseKeyException;
import com.openedxpok.backfill.CsvImportReport.RowError;
import com.openedxpok.kernel.Texts;

/**
 * The backfill for operators without API access: a CSV of learners who hold an Open edX certificate,
 * {@code user_id,username,email,full_name,course_key[,grade,language]}, with or without that header line (with a
 * header the columns may come in any order, and an optional {@code mode} column is read too). Every row is checked
 * first; a row with an error is reported with its line number and nothing of it is stored; the valid rows are queued,
 * a few hundred per transaction.
 */
@Component
class CsvImporter {

    private static final Logger log = LoggerFactory.getLogger(CsvImporter.class);
    static final long MAX_BYTES = 32L * 1024 * 1024;
    static final int BATCH = 500;
    private static final List<String> POSITIONAL = List.of("user_id", "username", "email", "full_name", "course_key",
            "grade", "language");
    private static final List<String> REQUIRED = POSITIONAL.subList(0, 5);
    private static final List<String> KNOWN = List.of("user_id", "username", "email", "full_name", "course_key",
            "grade", "language", "mode");

    private final IssuanceService issuance;
    private final EligibilityPolicy eligibility;
    private final TransactionTemplate transaction;

    CsvImporter(IssuanceService issuance, EligibilityPolicy eligibility, TransactionTemplate transaction) {
        this.issuance = issuance;
        this.eligibility = eligibility;
        this.transaction = transaction;
    }

    /** A valid row, ready to be queued. */
    private record Row(int line, CertificateRequest request) {
    }

    CsvImportReport importCsv(InputStream input, String operator) {
        List<RowError> errors = new ArrayList<>();
        List<Row> valid = new ArrayList<>();
        int rows;
        try {
            rows = read(input, operator, valid, errors);
        } catch (FileProblem problem) {
            return new CsvImportReport(0, 0, 0, 1, List.of(new RowError(problem.line, problem.getMessage())),
                    List.of());
        }
        int queued = 0;
        int alreadyHad = 0;
        List<RowError> warnings = new ArrayList<>();
        for (int from = 0; from < valid.size(); from += BATCH) {
            List<Row> batch = valid.subList(from, Math.min(valid.size(), from + BATCH));
            warnings.addAll(otherLearnersData(batch));
            int[] counts = transaction.execute(status -> {
                int[] c = new int[2];
                for (Row row : batch) {
                    IssuanceService.Outcome outcome = issuance.request(row.request());
                    if (outcome instanceof IssuanceService.Recorded recorded) {
                        c[recorded.created() ? 0 : 1]++;
                    } else if (outcome instanceof IssuanceService.Ineligible ineligible) {
                        errors.add(new RowError(row.line(), "not eligible: " + ineligible.reason()));
                    }
                }
                return c;
            });
            queued += counts[0];
            alreadyHad += counts[1];
        }
        errors.sort(java.util.Comparator.comparingInt(RowError::line));
        log.info("CSV import by {}: {} rows, {} queued, {} already had a certificate, {} refused", operator, rows,
                queued, alreadyHad, errors.size());
        return new CsvImportReport(rows, queued, alreadyHad, errors.size(),
                errors.subList(0, Math.min(errors.size(), CsvImportReport.MAX_LISTED_ERRORS)),
                warnings.subList(0, Math.min(warnings.size(), CsvImportReport.MAX_LISTED_ERRORS)));
    }

    /**
     * Lines whose username or email our certificates hold for another Open edX user id: a shifted column or a copy
     * error would send that learner's certificate to someone else. They are queued all the same (the user id is what
     * identifies a learner), with a warning naming the other user id, never the learner's data.
     */
    private List<RowError> otherLearnersData(List<Row> batch) {
        java.util.Set<String> usernames = new java.util.HashSet<>();
        java.util.Set<String> emails = new java.util.HashSet<>();
        for (Row row : batch) {
            if (row.request().learner().username() != null) {
                usernames.add(row.request().learner().username());
            }
            if (row.request().learner().email() != null) {
                emails.add(row.request().learner().email());
            }
        }
        List<Learner> known = issuance.learnersWithUsernameOrEmail(usernames, emails);
        List<RowError> warnings = new ArrayList<>();
        for (Row row : batch) {
            Learner learner = row.request().learner();
            for (Learner other : known) {
                if (other.userId() == learner.userId()) {
                    continue;
                }
                if (learner.username() != null && learner.username().equals(other.username())) {
                    warnings.add(new RowError(row.line(), "queued, but its username belongs to Open edX user id "
                            + other.userId() + " in this service's certificates: check the line"));
                    break;
                }
                if (learner.email() != null && learner.email().equals(other.email())) {
                    warnings.add(new RowError(row.line(), "queued, but its email belongs to Open edX user id "
                            + other.userId() + " in this service's certificates: check the line"));
                    break;
                }
            }
        }
        return warnings;
    }

    /** A problem with the whole file (too large, not UTF-8, a bad header): nothing of it is stored. */
    private static final class FileProblem extends Exception {
        private final int line;

        FileProblem(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private int read(InputStream input, String operator, List<Row> valid, List<RowError> errors) throws FileProblem {
        Reader reader = reader(input);
        CsvRecords records = new CsvRecords(reader, 2000);
        Map<String, Integer> columns = null;
        Map<String, Integer> firstLineOf = new HashMap<>();
        Map<CourseKey, Optional<String>> courseProblems = new HashMap<>();
        int rows = 0;
        while (true) {
            CsvRecords.Record record;
            try {
                record = records.next();
            } catch (CsvRecords.MalformedCsvException e) {
                // The rest of the file cannot be split into rows reliably: everything after is unread.
                errors.add(new RowError(e.line(), e.getMessage() + "; the file is not read beyond this line"));
                break;
            } catch (IOException e) {
                throw new FileProblem(0, "The file could not be read: " + e.getClass().getSimpleName());
            }
            if (record == null) {
                break;
            }
            if (record.fields().size() == 1 && record.fields().get(0).isBlank()) {
                continue;
            }
            if (columns == null) {
                columns = header(record);
                if (!columns.isEmpty()) {
                    continue;
                }
            }
            rows++;
            String problem = validate(record, columns, operator, valid, firstLineOf, courseProblems);
            if (problem != null) {
                errors.add(new RowError(record.line(), problem));
            }
        }
        return rows;
    }

    private static Reader reader(InputStream input) throws FileProblem {
        byte[] bytes;
        try {
            bytes = input.readNBytes((int) MAX_BYTES + 1);
        } catch (IOException e) {
            throw new FileProblem(0, "The file could not be read: " + e.getClass().getSimpleName());
        }
        if (bytes.length > MAX_BYTES) {
            throw new FileProblem(0, "The file is larger than " + MAX_BYTES / (1024 * 1024) + " MiB: split it");
        }
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB
                && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        try {
            // Strict UTF-8: a file saved as Latin-1 would silently garble every accented name.
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
            return new java.io.StringReader(text);
        } catch (CharacterCodingException e) {
            throw new FileProblem(0, "The file is not UTF-8 text: save it as \"CSV UTF-8\"");
        }
    }

    /** The column positions from a header line, or an empty map when the first line is data. */
    private static Map<String, Integer> header(CsvRecords.Record record) throws FileProblem {
        String first = record.fields().get(0).strip().toLowerCase(Locale.ROOT);
        if (!first.equals("user_id") && !KNOWN.contains(first)) {
            return Map.of();
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < record.fields().size(); i++) {
            String name = record.fields().get(i).strip().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new FileProblem(record.line(), "Unknown column '" + Texts.excerpt(name, 40)
                        + "' in the header; the columns are " + String.join(",", KNOWN));
            }
            if (columns.put(name, i) != null) {
                throw new FileProblem(record.line(), "Column '" + name + "' appears twice in the header");
            }
        }
        for (String required : REQUIRED) {
            if (!columns.containsKey(required)) {
                throw new FileProblem(record.line(), "The header has no '" + required + "' column");
            }
        }
        return columns;
    }

    /** @return what is wrong with the row, or null when it was added to {@code valid} */
    private String validate(CsvRecords.Record record, Map<String, Integer> columns, String operator, List<Row> valid,
            Map<String, Integer> firstLineOf, Map<CourseKey, Optional<String>> courseProblems) {
        List<String> fields = record.fields();
        Map<String, Integer> positions = columns;
        if (positions.isEmpty()) {
            if (fields.size() < 5 || fields.size() > 7) {
                return "has " + fields.size() + " field" + (fields.size() == 1 ? "" : "s")
                        + "; expected user_id,username,email,full_name,course_key[,grade,language]";
            }
            positions = new HashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                positions.put(POSITIONAL.get(i), i);
            }
        } else if (fields.size() != columns.size()) {
            return "has " + fields.size() + " fields; the header has " + columns.size();
        }
        Map<String, Integer> at = positions;
        java.util.function.Function<String, String> field = name -> at.containsKey(name)
                ? Texts.blankToNull(fields.get(at.get(name))) : null;

        String userIdText = field.apply("user_id");
        long userId;
        if (userIdText == null) {
            return "user_id is missing";
        }
        try {
            userId = Long.parseLong(userIdText);
        } catch (NumberFormatException e) {
            return "user_id is not a whole number";
        }
        if (userId <= 0) {
            return "user_id must be positive";
        }
        String username = field.apply("username");
        if (username == null) {
            return "username is missing";
        }
        if (username.length() > 150) {
            return "username is longer than 150 characters";
        }
        String email = field.apply("email");
        if (email == null) {
            return "email is missing";
        }
        if (email.length() > 254 || !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            return "email is not an email address";
        }
        String name = field.apply("full_name");
        if (name != null && name.length() > 500) {
            return "full_name is longer than 500 characters";
        }
        String courseText = field.apply("course_key");
        if (courseText == null) {
            return "course_key is missing";
        }
        CourseKey courseKey;
        try {
            courseKey = CourseKey.parse(courseText);
        } catch (InvalidCourseKeyException e) {
            return e.getMessage();
        }
        Optional<String> courseProblem = courseProblems.computeIfAbsent(courseKey, key ->
                eligibility.target(key).isPresent() ? Optional.empty()
                        : Optional.of("course " + key + " is not enabled for POK"));
        if (courseProblem.isPresent()) {
            return courseProblem.get();
        }
        BigDecimal grade = null;
        String gradeText = field.apply("grade");
        if (gradeText != null) {
            grade = grade(gradeText);
            if (grade == null) {
                return "grade must be a number between 0 and 1, or a percentage such as 87%";
            }
        }
        String language = field.apply("language");
        if (language != null && LanguageTags.normalize(language).isEmpty()) {
            return "language '" + Texts.excerpt(language, 40) + "' is not a language code such as es, pt-br or es_419";
        }
        String mode = field.apply("mode");
        if (mode != null && mode.length() > 50) {
            return "mode is longer than 50 characters";
        }
        String key = userId + " " + courseKey.value();
        Integer first = firstLineOf.putIfAbsent(key, record.line());
        if (first != null) {
            return "duplicates line " + first + " (same user_id and course_key)";
        }
        Learner learner = new Learner(userId, username, name, email, language, mode, grade);
        valid.add(new Row(record.line(), new CertificateRequest(learner, courseKey, null,
                "CSV import by " + operator)));
        return null;
    }

    static BigDecimal grade(String text) {
        String number = text.strip();
        boolean percent = number.endsWith("%");
        if (percent) {
            number = number.substring(0, number.length() - 1).strip();
        }
        try {
            BigDecimal value = new BigDecimal(number);
            if (percent || value.compareTo(BigDecimal.ONE) > 0) {
                value = value.movePointLeft(2);
            }
            if (value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
                return null;
            }
            return value.setScale(Math.min(Math.max(value.scale(), 0), 5), java.math.RoundingMode.HALF_UP);
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }
}
