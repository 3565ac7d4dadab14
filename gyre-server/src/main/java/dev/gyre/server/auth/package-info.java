/**
 * Authentication and authorisation of the platform: password hashing, API tokens, and the rules
 * for users and tokens on top of the stores. Which route needs which permission is declared in
 * {@code dev.gyre.server.http.Routes}.
 */
package dev.gyre.server.auth;
