/**
 * Helpers of the pipelines room: the line-keeping YAML reader, canonical JSON and the condition language's
 * tokenizer, parser and syntax tree. Not a public API; use the types of {@code dev.gyre.pipelines}.
 */
package dev.gyre.pipelines.internal;
