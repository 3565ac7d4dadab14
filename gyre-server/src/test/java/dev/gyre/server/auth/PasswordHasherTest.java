package dev.gyre.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void hashesInPhcFormatWithAFreshSaltEachTime() {
        String first = hasher.hash("correct horse battery");
        String second = hasher.hash("correct horse battery");
        assertThat(first).startsWith("$argon2id$v=19$m=19456,t=2,p=1$");
        assertThat(first).isNotEqualTo(second);
        assertThat(first).doesNotContain("correct horse");
    }

    @Test
    void verifiesTheRightPasswordOnly() {
        String hash = hasher.hash("s3cret-pass");
        assertThat(hasher.verify("s3cret-pass", hash)).isTrue();
        assertThat(hasher.verify("s3cret-pasS", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
        assertThat(hasher.verify(null, hash)).isFalse();
    }

    @Test
    void malformedHashesNeverVerifyAndNeverThrow() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "")).isFalse();
        assertThat(hasher.verify("x", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=abc,t=2,p=1$c2FsdA$aGFzaA")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=19456,t=2,p=1$!!!$aGFzaA")).isFalse();
        assertThat(hasher.verify("x", "plaintext")).isFalse();
    }

    @Test
    void readsItsParametersFromTheStoredHash() {
        // the same salt and hash under other parameters must not verify: verify() derives with the
        // parameters written in the hash (so raising the defaults later keeps old hashes usable),
        // not with the current defaults, which would accept this string
        String hash = hasher.hash("pw-12345678");
        String cheaper = hash.replace("m=19456,t=2,p=1", "m=8192,t=1,p=1");
        assertThat(hasher.verify("pw-12345678", cheaper)).isFalse();
    }
}
