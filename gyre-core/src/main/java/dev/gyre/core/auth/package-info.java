/**
 * Who may do what: users, platform roles, the permissions routes require, API tokens, and the
 * interfaces of the stores that keep them.
 */
package dev.gyre.core.auth;
