package com.openedxpok.issuance;

import com.openedxpok.certificate.LanguageTags;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every code openedx-pok 1.x mapped to a tag reaches POK as the same tag here (the original's table, 72 entries), so
 * that a learner moved from the original is not addressed in English where it wrote to them in Norwegian.
 */
class LanguageTableTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource({
            "es,es-ES", "es-es,es-ES", "es_es,es-ES", "en,en-US", "en-us,en-US", "en_us,en-US", "pt,pt-BR",
            "pt-br,pt-BR", "pt_br,pt-BR", "pt-pt,pt-PT", "pt_pt,pt-PT", "es-419,es-419", "es-ar,es-AR",
            "es-cl,es-CL", "es-co,es-CO", "es-mx,es-MX", "es-pe,es-PE", "es-uy,es-UY", "en-gb,en-GB", "en-ca,en-CA",
            "en-au,en-AU", "en-in,en-IN", "fr,fr-FR", "fr-ca,fr-CA", "de,de-DE", "it,it-IT", "nl,nl-NL", "tr,tr-TR",
            "ru,ru-RU", "zh,zh-CN", "zh-cn,zh-CN", "zh-tw,zh-TW", "zh-hans,zh-CN", "zh-hant,zh-TW", "ja,ja-JP",
            "ko,ko-KR", "ar,ar-SA", "he,he-IL", "sv,sv-SE", "fi,fi-FI", "da,da-DK", "no,no-NO", "nb,nb-NO",
            "pl,pl-PL", "cs,cs-CZ", "sk,sk-SK", "hu,hu-HU", "ro,ro-RO", "uk,uk-UA", "bg,bg-BG", "el,el-GR",
            "sr,sr-RS", "hr,hr-HR", "sl,sl-SI", "lt,lt-LT", "lv,lv-LV", "et,et-EE", "ca,ca-ES", "eu,eu-ES",
            "gl,gl-ES", "vi,vi-VN", "th,th-TH", "id,id-ID", "ms,ms-MY", "fa,fa-IR", "hi,hi-IN", "bn,bn-BD",
            "ta,ta-IN", "te,te-IN", "gu,gu-IN", "mr,mr-IN", "pa,pa-IN"})
    void everyCodeTheOriginalMappedGetsTheOriginalsTag(String code, String expected) {
        assertThat(LanguageTags.normalizeOrDefault(code, "en-US")).isEqualTo(expected);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource({"NB,nb-NO", "nb_NO,nb-NO", "sr-Latn,sr-RS", "sr_Latn_RS,sr-RS", "'  sk ',sk-SK", "nn,nn-NO"})
    void theNewLanguagesAreReadInEveryFormOpenEdxWritesThem(String code, String expected) {
        assertThat(LanguageTags.normalizeOrDefault(code, "en-US")).isEqualTo(expected);
    }

    /** The original also gave up on these: the default tag, never a guessed region. */
    @ParameterizedTest
    @ValueSource(strings = {"*", "xx", "tlh", "q1"})
    void aCodeNeitherMapsStillGetsTheDefault(String code) {
        assertThat(LanguageTags.normalizeOrDefault(code, "fr-CA")).isEqualTo("fr-CA");
    }
}
