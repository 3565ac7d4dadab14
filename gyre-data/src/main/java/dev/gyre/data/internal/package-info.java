/** Helpers shared by the data stage's packages; not a public API. */
package dev.gyre.data.internal;
