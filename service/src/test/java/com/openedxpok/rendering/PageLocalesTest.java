package com.openedxpok.rendering;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageLocalesTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "es, en-US, es",
            "es-419, en-US, es-419",
            "es_AR, en-US, es-AR",
            "pt-br, en-US, pt-BR",
            "pt, en-US, pt-BR",
            "pt-PT, en-US, pt-BR",
            "en, es-ES, en",
            "fr, es-ES, es-ES",
            "null, pt-BR, pt-BR",
            "'', en-US, en-US",
            "'!!', de-DE, en",
            "zh-cn, fr-FR, en"})
    void theLearnersLanguageThenTheDefaultTagThenEnglish(String userLanguage, String defaultTag, String expected) {
        assertThat(PageLocales.resolve(userLanguage, defaultTag).toLanguageTag()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
            "'fr-FR,fr;q=0.9,es;q=0.8', en-US, es",
            "'pt-BR,pt;q=0.9', en-US, pt-BR",
            "'*', es-ES, es-ES",
            "null, es-ES, es-ES",
            "'de', en-US, en-US",
            "';;;garbage', en-US, en-US"})
    void theStandalonePageFollowsAcceptLanguage(String header, String defaultTag, String expected) {
        assertThat(PageLocales.fromAcceptLanguage(header, defaultTag).toLanguageTag()).isEqualTo(expected);
    }
}
