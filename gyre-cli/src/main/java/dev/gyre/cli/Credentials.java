package dev.gyre.cli;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code gyre login} stores.
 *
 * @param url      the platform's URL
 * @param token    the API token
 * @param username who the token belongs to
 * @param tokenId  the token's id when {@code gyre login} created it (so {@code gyre logout} can revoke it), else {@code null}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
record Credentials(
        @JsonProperty("url") String url,
        @JsonProperty("token") String token,
        @JsonProperty("username") String username,
        @JsonProperty("token_id") Long tokenId) {

    @Override
    public String toString() {
        return "Credentials[url=" + url + ", username=" + username + ", tokenId=" + tokenId + ", token=***]";
    }
}
