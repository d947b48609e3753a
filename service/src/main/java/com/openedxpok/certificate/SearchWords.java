package com.openedxpok.certificate;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.openedxpok.kernel.Texts;

/**
 * The words the console's search finds a certificate by, stored in {@code certificate_search_word} (one row per word)
 * with a b-tree index, so that a search is an index range scan {@code word LIKE 'term%'} on every database we support.
 *
 * <p>A word is folded: lower case, accents removed ({@code García} is stored as {@code garcia}), so that a search
 * finds it however it is typed. The words of a value are the value itself and every tail of it that starts after a
 * separator (anything not a letter or digit), per whitespace-separated part: {@code ana.garcia@example.org} gives
 * {@code ana.garcia@example.org}, {@code garcia@example.org}, {@code example.org}, {@code org}; the course key
 * {@code course-v1:DemoX+POK101+2026} gives {@code course-v1:demox+pok101+2026}, {@code v1:demox+pok101+2026},
 * {@code demox+pok101+2026}, {@code pok101+2026}, {@code 2026}. A search term then matches a certificate when it is
 * the start of one of its words: the start of any word, never the middle of one ({@code arcia} finds nothing).
 */
public final class SearchWords {

    /** The column's length; longer words are cut (and so are search terms, the same way). */
    public static final int MAX_WORD = 100;
    /** More terms than this in one search are ignored: each one is a condition of its own. */
    public static final int MAX_TERMS = 8;

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SearchWords() {
    }

    /** The words of a certificate's learner, course and POK credential id. */
    public static Set<String> of(Learner learner, String courseKey, String credentialId) {
        return of(learner.userId(), learner.name(), learner.username(), learner.email(), courseKey, credentialId);
    }

    /** The words of these values of a certificate (any of them null). */
    public static Set<String> of(long userId, String name, String username, String email, String courseKey,
            String credentialId) {
        Set<String> words = new LinkedHashSet<>();
        words.add(Long.toString(userId));
        for (String value : new String[] {name, username, email, courseKey, credentialId}) {
            addWordsOf(value, words);
        }
        return words;
    }

    /** A search as typed, split into folded terms (at most {@link #MAX_TERMS}); empty when there is nothing to find. */
    public static List<String> terms(String query) {
        if (query == null) {
            return List.of();
        }
        List<String> terms = new ArrayList<>();
        for (String part : SPACES.split(fold(query))) {
            if (!part.isEmpty() && !terms.contains(Texts.cut(part, MAX_WORD)) && terms.size() < MAX_TERMS) {
                terms.add(Texts.cut(part, MAX_WORD));
            }
        }
        return terms;
    }

    /** Lower case without accents: what both the stored words and the search terms are compared in. */
    static String fold(String text) {
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFKD);
        return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT);
    }

    private static void addWordsOf(String value, Set<String> words) {
        if (value == null || value.isBlank()) {
            return;
        }
        for (String part : SPACES.split(fold(value).strip())) {
            for (int i = 0; i < part.length(); i++) {
                boolean startsWord = Character.isLetterOrDigit(part.charAt(i))
                        && (i == 0 || !Character.isLetterOrDigit(part.charAt(i - 1)));
                if (startsWord || i == 0) {
                    words.add(Texts.cut(part.substring(i), MAX_WORD));
                }
            }
        }
    }
}
