package com.openedxpok.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageTagsTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(nullValues = "NULL", value = {
            "en,en-US", "es,es-ES", "pt,pt-BR", "zh-hans,zh-CN", "zh-Hant,zh-TW", "zh_hans,zh-CN",
            "es_419,es-419", "es-419,es-419", "pt-br,pt-BR", "pt_BR,pt-BR", "EN-gb,en-GB", "fr,fr-FR", "ar,ar-SA",
            "'  es  ',es-ES",
            // Unknown or unusable codes fall back to the default tag.
            "xx,fr-CA", "'',fr-CA", "NULL,fr-CA", "123,fr-CA", "en-,fr-CA", "🎓,fr-CA"})
    void normalizesOpenEdxCodesToBcp47WithRegion(String code, String expected) {
        assertThat(LanguageTags.normalizeOrDefault(code, "fr-CA")).isEqualTo(expected);
    }
}
