package com.openedxpok.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** What the private helpers these replace did, kept: the same blank semantics and the same lengths. */
class TextsTest {

    /** U+1F393 (graduation cap): two chars, a surrogate pair. */
    private static final String CAP = "\uD83C\uDF93";

    @Test
    void blankToNullGivesNullForNothingAndTheStrippedTextOtherwise() {
        assertThat(Texts.blankToNull(null)).isNull();
        assertThat(Texts.blankToNull("")).isNull();
        assertThat(Texts.blankToNull(" \t\n\u2003")).as("Unicode spaces are blank too").isNull();
        assertThat(Texts.blankToNull("  Ana García \n")).isEqualTo("Ana García");
        assertThat(Texts.blankToNull("\u00A0x\u00A0")).as("a no-break space is not whitespace for String.strip")
                .isEqualTo("\u00A0x\u00A0");
    }

    @Test
    void cutKeepsAtMostMaxCharsAndNeverHalfASurrogatePair() {
        assertThat(Texts.cut(null, 3)).isNull();
        assertThat(Texts.cut("abc", 3)).isSameAs("abc");
        assertThat(Texts.cut("abcd", 3)).isEqualTo("abc");
        assertThat(Texts.cut("ab" + CAP, 3)).as("the pair would be split: it goes whole").isEqualTo("ab");
        assertThat(Texts.cut("a" + CAP + "b", 3)).isEqualTo("a" + CAP);
    }

    @Test
    void shortenEndsWithAnEllipsisWithinMaxChars() {
        assertThat(Texts.shorten(null, 5)).isNull();
        assertThat(Texts.shorten("abcde", 5)).isSameAs("abcde");
        assertThat(Texts.shorten("abcdef", 5)).isEqualTo("abcd…").hasSize(5);
        assertThat(Texts.shorten("abc" + CAP + "xyz", 5)).isEqualTo("abc…");
        assertThat(Texts.shorten("ab" + CAP + "xyz", 5)).isEqualTo("ab" + CAP + "…").hasSize(5);
    }

    @Test
    void excerptKeepsMaxCharsThenAnEllipsis() {
        assertThat(Texts.excerpt(null, 4)).isNull();
        assertThat(Texts.excerpt("abcd", 4)).isSameAs("abcd");
        assertThat(Texts.excerpt("abcdef", 4)).isEqualTo("abcd…");
        assertThat(Texts.excerpt("abc" + CAP + "z", 4)).isEqualTo("abc…");
    }
}
