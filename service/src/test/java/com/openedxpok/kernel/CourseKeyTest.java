package com.openedxpok.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CourseKeyTest {

    @Test
    void parsesTheCurrentForm() {
        CourseKey key = CourseKey.parse("course-v1:Org+CS101+2025_T1");
        assertThat(key.org()).isEqualTo("Org");
        assertThat(key.number()).isEqualTo("CS101");
        assertThat(key.run()).isEqualTo("2025_T1");
        assertThat(key.value()).isEqualTo("course-v1:Org+CS101+2025_T1");
    }

    @Test
    void parsesTheOldSlashForm() {
        CourseKey key = CourseKey.parse("MITx/6.002x/2012_Fall");
        assertThat(key.org()).isEqualTo("MITx");
        assertThat(key.number()).isEqualTo("6.002x");
        assertThat(key.run()).isEqualTo("2012_Fall");
    }

    @Test
    void acceptsUnicodeWordCharactersAndTrimsSpaces() {
        assertThat(CourseKey.parse("  course-v1:Universidad+Año1+2025  ").value())
                .isEqualTo("course-v1:Universidad+Año1+2025");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "course-v1:Org+CS101", "course-v1:Org+CS101+2025+extra",
            "course-v1:Org+CS 101+2025", "Org/CS101", "<script>alert(1)</script>", "course-v1:Org+CS101+2025/x",
            "block-v1:Org+CS101+2025+type@problem+block@x", "course-v1:+CS101+2025"})
    void rejectsAnythingElseWithAClearMessage(String text) {
        assertThatThrownBy(() -> CourseKey.parse(text))
                .isInstanceOf(InvalidCourseKeyException.class)
                .hasMessageStartingWith("Course key '");
    }

    @Test
    void rejectsKeysLongerThanTheColumn() {
        String tooLong = "course-v1:Org+" + "x".repeat(300) + "+2025";
        assertThatThrownBy(() -> CourseKey.parse(tooLong)).hasMessageContaining("longer than 255");
        assertThat(CourseKey.isValid(null)).isFalse();
    }
}
