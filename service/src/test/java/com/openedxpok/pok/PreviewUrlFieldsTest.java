package com.openedxpok.pok;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The template preview's image URL under each name POK (and the original plugin's reading of it) used. */
class PreviewUrlFieldsTest {

    @ParameterizedTest
    @ValueSource(strings = {"url", "previewUrl", "preview_url", "location"})
    void theImageUrlIsReadUnderEachName(String field) {
        assertThat(PokJson.templatePreview("{\"" + field + "\":\"https://cdn.pok.tech/p/1.png\"}").url())
                .isEqualTo("https://cdn.pok.tech/p/1.png");
    }

    @Test
    void urlWinsThenPreviewUrlThenPreviewUnderscoreUrlThenLocation() {
        assertThat(PokJson.templatePreview("{\"location\":\"https://h/4\",\"preview_url\":\"https://h/3\","
                + "\"previewUrl\":\"https://h/2\",\"url\":\"https://h/1\"}").url()).isEqualTo("https://h/1");
        assertThat(PokJson.templatePreview("{\"location\":\"https://h/4\",\"preview_url\":\"https://h/3\","
                + "\"previewUrl\":\"https://h/2\"}").url()).isEqualTo("https://h/2");
        assertThat(PokJson.templatePreview("{\"location\":\"https://h/4\",\"preview_url\":\"https://h/3\"}").url())
                .isEqualTo("https://h/3");
    }

    @Test
    void aBlankOrOddlyShapedEarlierFieldDoesNotHideALaterOne() {
        assertThat(PokJson.templatePreview("{\"url\":\"  \",\"previewUrl\":{\"href\":\"x\"},"
                + "\"location\":\"https://h/4\"}").url()).isEqualTo("https://h/4");
    }

    @Test
    void noneOfTheNamesGivesNoUrl() {
        assertThat(PokJson.templatePreview("{\"image\":\"https://h/1\"}").url()).isNull();
    }
}
