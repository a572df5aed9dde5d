/**
 * A small seeded mutation fuzzer: byte-level mutations (bit flips, inserts, deletes, truncation,
 * splicing two corpus inputs), protobuf-aware ones (varint, length, fixed64 and tag tweaks) and
 * text ones for JSON and YAML (huge numbers, NaN, deep nesting, long strings, alias bombs). Every
 * input is derived from the run's seed and its index alone, so any failure is reproduced from the
 * two numbers; failing inputs are kept as regression files that every test run replays.
 */
package io.prescale.fuzz;
