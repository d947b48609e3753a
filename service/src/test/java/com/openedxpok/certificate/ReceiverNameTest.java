package com.openedxpok.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ReceiverNameTest {

    @ParameterizedTest(name = "[{index}] \"{0}\" -> \"{1}\" / \"{2}\"")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "Ana García López|Ana|García López",
            "Madonna|Madonna|''",
            "García López, Ana|Ana|García López",
            "'  Ana   María  '|Ana|María",
            "Jean Claude Van Damme|Jean|Claude Van Damme",
            "Anna Maria de la Cruz|Anna|Maria de la Cruz",
            "毛泽东|毛泽东|''",
            "山田 太郎|山田|太郎",
            "Zoë 🎓 Smith|Zoë|🎓 Smith",
            "a, b, c|a|b c",
            "', Ana'|Ana|''",
            "'Ana\u00a0García'|Ana|García",
            "'Ana\u3000García'|Ana|García"})
    void splitsTheProfileName(String full, String first, String last) {
        ReceiverName name = ReceiverName.split(full, "ana42");
        assertThat(name.firstName()).isEqualTo(first);
        assertThat(name.lastName()).isEqualTo(last);
    }

    @Test
    void anEmptyNameFallsBackToTheUsername() {
        assertThat(ReceiverName.split("   ", "ana42")).isEqualTo(new ReceiverName("ana42", ""));
        assertThat(ReceiverName.split(null, "ana42")).isEqualTo(new ReceiverName("ana42", ""));
        assertThat(ReceiverName.split(null, null)).isEqualTo(new ReceiverName("Learner", ""));
    }

    @Test
    void decomposedAccentsAreComposed() {
        String decomposed = "Jose\u0301 Nun\u0303ez";
        assertThat(ReceiverName.split(decomposed, "x")).isEqualTo(new ReceiverName("José", "Nuñez"));
    }

    @Test
    void aThreeHundredCharacterNameIsCappedWithoutBreakingAnEmoji() {
        String longLast = "🎓".repeat(300);
        ReceiverName name = ReceiverName.split("Ana " + longLast, "x");
        assertThat(name.firstName()).isEqualTo("Ana");
        assertThat(name.lastName().codePointCount(0, name.lastName().length())).isEqualTo(ReceiverName.MAX_PART);
        assertThat(name.lastName()).isEqualTo("🎓".repeat(ReceiverName.MAX_PART));

        String oneLongWord = "x".repeat(300);
        assertThat(ReceiverName.split(oneLongWord, "u").firstName()).hasSize(ReceiverName.MAX_PART);
    }
}
