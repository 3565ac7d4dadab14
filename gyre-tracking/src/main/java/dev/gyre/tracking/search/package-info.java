/**
 * Search over experiments and runs with MLflow's filter and order-by grammar: a hand-written tokenizer
 * and parser produce a small AST, which is checked against what each entity allows and translated to
 * parameterised SQL (user values are always bound, never spliced into the statement).
 */
package dev.gyre.tracking.search;
