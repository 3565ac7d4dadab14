/**
 * The HTTP layer: the route table with each route's permission, authentication before every
 * handler, request ids, JSON bodies, the OpenAPI document, and the single mapping of Gyre's errors
 * to {@code {"error_code", "message"}} responses.
 */
package dev.gyre.server.http;
