/**
 * The controllers of the native API: each handler parses, validates, calls a service and answers
 * with a response record. Which route reaches which handler, with which permission, is declared in
 * {@code dev.gyre.server.http.Routes}.
 */
package dev.gyre.server.api;
