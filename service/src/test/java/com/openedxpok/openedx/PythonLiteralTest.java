package com.openedxpok.openedx;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import tools.jackson.databind.json.JsonMapper;

class PythonLiteralTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void readsTheSignatoryListAsTheFormEncodingSendsIt() {
        assertThat(PythonLiteral.parse("[{'id': 1, 'name': 'Dra. Lucía Rivera', 'title': 'Profesora titular', "
                + "'organization': 'Universidad de Ejemplo', 'signature_image_path': "
                + "'/asset-v1:ExampleU+CS101+2026_T2+type@asset+block@firma_rivera.png'}, {'id': 2, 'name': \"O'Brien\"}]"))
                .isEqualTo(JSON.readTree("""
                        [{"id": 1, "name": "Dra. Lucía Rivera", "title": "Profesora titular",
                          "organization": "Universidad de Ejemplo",
                          "signature_image_path": "/asset-v1:ExampleU+CS101+2026_T2+type@asset+block@firma_rivera.png"},
                         {"id": 2, "name": "O'Brien"}]"""));
    }

    @Test
    void readsEveryLiteralStrProducesForSuchData() {
        assertThat(PythonLiteral.parse("(11, 2, 0)")).isEqualTo(JSON.readTree("[11, 2, 0]"));
        assertThat(PythonLiteral.parse("{'a': None, 'b': True, 'c': False, 'd': -0.5, 'e': []}"))
                .isEqualTo(JSON.readTree("{\"a\": null, \"b\": true, \"c\": false, \"d\": -0.5, \"e\": []}"));
        assertThat(PythonLiteral.parse("['it\\'s', 'tab\\there', '\\xe9', '\\u674e', '\\U0001f600', 'a\\\\b']"))
                .isEqualTo(JSON.readTree("[\"it's\", \"tab\\there\", \"é\", \"李\", \"😀\", \"a\\\\b\"]"));
        assertThat(PythonLiteral.parse("[]")).isEqualTo(JSON.readTree("[]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[", "[1, 2", "{'a' 1}", "[1 2]", "[x]", "__import__('os')", "[1],", "'open",
            "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]"})
    void anythingElseIsNotALiteral(String text) {
        assertThat(PythonLiteral.parse(text)).isNull();
    }
}
