package dev.toolgate.policy;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one way JSON that the policy evaluates (a tool call's arguments) is read, by {@code explain} and by the proxy
 * alike: numbers exactly, never through a double. Integers of any size stay integers and every other number is a
 * {@link java.math.BigDecimal}, so {@code lte 100} refuses {@code 100.0000000000000001} and {@code eq} tells
 * {@code 9007199254740993} from {@code 9007199254740992}, where doubles would round both. Duplicate keys are refused:
 * another reader could take the other value.
 */
public final class JsonReading {
    private static final ObjectMapper MAPPER = builder().build();

    private JsonReading() {
    }

    /** A mapper builder that reads this way; add what else a reader needs (it must not change how numbers read). */
    public static JsonMapper.Builder builder() {
        return JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
    }

    /**
     * Reads JSON text (a call's arguments) this way. A number with no exact reading (an exponent past what
     * {@code BigDecimal} holds, which the JSON library reports as a {@link NumberFormatException}) is refused like
     * any text that is not JSON.
     */
    public static JsonNode read(String json) throws JsonProcessingException {
        try {
            return MAPPER.readTree(json);
        } catch (NumberFormatException e) {
            throw new JsonParseException(null, "a number that cannot be read exactly: " + e.getMessage(), e);
        }
    }
}
