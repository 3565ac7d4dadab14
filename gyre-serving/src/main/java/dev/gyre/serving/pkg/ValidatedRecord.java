package dev.gyre.serving.pkg;

import java.util.List;
import java.util.Map;

/**
 * A record that passed {@link InputValidator}: its values normalised for the fitted features, and notes about
 * what was accepted but worth knowing (ignored unknown fields, unseen categories).
 *
 * @param values one entry per input field the record sent (absent and null fields are left out): numbers as
 *               {@link Double}, texts as {@link String}, booleans as {@link Boolean}, timestamps as
 *               {@link java.time.Instant}
 * @param notes  human-readable notes, possibly empty
 */
public record ValidatedRecord(Map<String, Object> values, List<String> notes) {
    public ValidatedRecord {
        values = Map.copyOf(values);
        notes = List.copyOf(notes);
    }
}
