package dev.toolgate.proxy.jsonrpc;

/**
 * Strict UTF-8 as RFC 3629 defines it: no overlong forms, no surrogates, nothing above U+10FFFF. The JSON library
 * reads some invalid sequences as other characters (an overlong {@code C0 AF} as {@code /}), where a strict upstream
 * refuses the body and a lenient one reads U+FFFD: the proxy would decide on text no upstream reads.
 */
final class Utf8 {
    private Utf8() {
    }

    /** True when {@code length} bytes of {@code bytes} from {@code offset} are well-formed UTF-8. */
    static boolean isValid(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        while (i < end) {
            int lead = bytes[i] & 0xFF;
            if (lead < 0x80) {
                i++;
                continue;
            }
            int continuations;
            if (lead >= 0xC2 && lead <= 0xDF) {
                continuations = 1;
            } else if (lead >= 0xE0 && lead <= 0xEF) {
                continuations = 2;
            } else if (lead >= 0xF0 && lead <= 0xF4) {
                continuations = 3;
            } else {
                return false; // a continuation byte first, C0/C1 (always overlong), or F5 and above (past U+10FFFF)
            }
            if (end - i <= continuations) {
                return false;
            }
            // the second byte's range is narrower after these leads: it rules out overlong forms (E0, F0),
            // surrogates (ED) and code points past U+10FFFF (F4)
            int second = bytes[i + 1] & 0xFF;
            int low = lead == 0xE0 ? 0xA0 : lead == 0xF0 ? 0x90 : 0x80;
            int high = lead == 0xED ? 0x9F : lead == 0xF4 ? 0x8F : 0xBF;
            if (second < low || second > high) {
                return false;
            }
            for (int k = 2; k <= continuations; k++) {
                if ((bytes[i + k] & 0xC0) != 0x80) {
                    return false;
                }
            }
            i += continuations + 1;
        }
        return true;
    }
}
