/**
 * The reader's Python front end (internal to {@code io.medic.doctor.migration}): a CPython-compatible
 * {@link io.medic.doctor.migration.python.Tokenizer} and a lenient {@link io.medic.doctor.migration.python.Parser}
 * producing an {@link io.medic.doctor.migration.python.Ast}. Hand-written, no regular expressions, no recursion
 * without a depth limit; errors are {@link io.medic.doctor.migration.python.PythonSyntaxError}s with CPython's line.
 */
package io.medic.doctor.migration.python;
