/* A small CSV reader for the files a scenario names (traces, token
 * histograms): a header row, then rows of comma-separated fields, fields
 * optionally in double quotes ("" for a quote), CRLF or LF line ends. */
#ifndef OG_CSV_H
#define OG_CSV_H

#include <stdint.h>
#include <stdio.h>

#include "status.h"

struct og_csv {
  FILE *f;
  const char *path;   /* for messages; not owned */
  size_t line;        /* of the row last read, from 1 */
  char *buf;          /* the line, split in place */
  size_t cap;
  char **field;       /* the row's fields (into buf) */
  size_t n, cap_field;
  char **header;      /* the header's names (owned copies) */
  size_t n_header;
};

/* Open path and read its header row. On failure err says why (file, line)
 * and csv holds nothing to free. */
OG_MUST_CHECK enum og_status og__csv_open(struct og_csv *csv, const char *path,
                                          struct og_error *err);
/* The next row (blank lines skipped) into csv->field[0..n), *more = 1; at
 * the end *more = 0. A row with another number of fields than the header
 * is an error. */
OG_MUST_CHECK enum og_status og__csv_next(struct og_csv *csv, int *more, struct og_error *err);
void og__csv_close(struct og_csv *csv);

/* Index of the header column named name, or -1. */
long og__csv_column(const struct og_csv *csv, const char *name);

/* Field col of the current row as a number (finite) or a count (a
 * non-negative integer up to max); on failure err says "file:line: column
 * 'NAME': ...". */
OG_MUST_CHECK enum og_status og__csv_number(struct og_csv *csv, long col, double *out,
                                            struct og_error *err);
OG_MUST_CHECK enum og_status og__csv_count(struct og_csv *csv, long col, uint64_t max,
                                           uint64_t *out, struct og_error *err);
/* A size in bytes: a number >= 0, not necessarily whole (on failure as
 * above). */
OG_MUST_CHECK enum og_status og__csv_bytes(struct og_csv *csv, long col, double *out,
                                           struct og_error *err);
/* The field is empty (blanks only). */
int og__csv_empty(const struct og_csv *csv, long col);

#endif
