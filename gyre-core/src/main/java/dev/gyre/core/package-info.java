/**
 * Gyre's core: value types, the error hierarchy and the interfaces of the stores. Everything else
 * depends on this package and it depends on nothing but the JDK.
 */
package dev.gyre.core;
