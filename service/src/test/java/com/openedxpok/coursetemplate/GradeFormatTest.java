package com.openedxpok.coursetemplate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GradeFormatTest {

    @ParameterizedTest
    @CsvSource({"0.87,87%,87", "0.875,88%,88", "0.8749,87%,87", "1,100%,100", "0,0%,0", "0.005,1%,1"})
    void aWholePercentageRoundedHalfUpWithOrWithoutTheSign(String grade, String percent, String number) {
        assertThat(GradeFormat.PERCENT.format(new BigDecimal(grade))).isEqualTo(percent);
        assertThat(GradeFormat.NUMBER.format(new BigDecimal(grade))).isEqualTo(number);
    }

    @Test
    void aMappingWithoutAFormatKeepsThePercentageItAlwaysSent() {
        assertThat(new ParameterMapping("grade", "Grade", null, ParameterSource.GRADE, null).gradeFormat())
                .isEqualTo(GradeFormat.PERCENT);
        assertThat(new ParameterMapping("grade", "Grade", null, ParameterSource.GRADE, null, null).gradeFormat())
                .isEqualTo(GradeFormat.PERCENT);
    }

    @Test
    void keysAreReadWhateverTheirCase() {
        assertThat(GradeFormat.fromKey(" Number ")).contains(GradeFormat.NUMBER);
        assertThat(GradeFormat.fromKey("87")).isEmpty();
        assertThat(GradeFormat.fromKey(null)).isEmpty();
    }
}
