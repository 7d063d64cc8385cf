package dev.toolgate.proxy.jsonrpc;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class Utf8Test {
    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "41, true", "7F, true", "C280, true", "DFBF, true", "E0A080, true", "ED9FBF, true", "EE8080, true",
            "EFBFBF, true", "F0908080, true", "F48FBFBF, true", "'', true",
            // overlong forms
            "C0AF, false", "C1BF, false", "E080AF, false", "F08080AF, false",
            // surrogates, past U+10FFFF, bytes UTF-8 never has
            "EDA080, false", "EDBFBF, false", "F4908080, false", "F5808080, false", "FF, false",
            // continuation bytes where a lead belongs, cut-off sequences, a lead where a continuation belongs
            "80, false", "BF, false", "C2, false", "E282, false", "F09F98, false", "E241AC, false", "C241, false"})
    void readsStrictUtf8Only(String hex, boolean valid) {
        byte[] bytes = HexFormat.of().parseHex(hex);
        assertThat(Utf8.isValid(bytes, 0, bytes.length)).isEqualTo(valid);
        // the same inside other bytes: offsets and lengths are honoured
        byte[] framed = new byte[bytes.length + 2];
        framed[0] = 'x';
        System.arraycopy(bytes, 0, framed, 1, bytes.length);
        framed[framed.length - 1] = 'y';
        assertThat(Utf8.isValid(framed, 1, bytes.length)).isEqualTo(valid);
    }
}
