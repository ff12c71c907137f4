/* ogsim report --format csv|json: a results file's summary, attributes,
 * tables and a sweep's points for spreadsheets and other tools. */
#ifndef OG_CLI_EXPORT_H
#define OG_CLI_EXPORT_H

#include <stdio.h>

#include "cli.h"

/* The options' combination before the file is read: 0, or the exit code
 * having said why (an unknown format; --table or -o without csv or json). */
int og_cli_export_check(const struct og_cli_args *a);
/* Whether a asks for csv or json rather than the text for people. */
int og_cli_exporting(const struct og_cli_args *a);
/* Write results file `file` (s: what og_results_read_summary read of it;
 * sweep: whether it is a sweep's) in a's format to a->out or stdout: a
 * run's /summary, a sweep's points, or a->table. Returns an exit code,
 * having said why on stderr; a failed -o file is removed. */
int og_cli_export(const struct og_cli_args *a, const char *file,
                  const struct og_results_summary *s, int sweep);

/* Values (export_fmt.c): doubles to 17 significant digits; non-finite
 * ones as CSV nan, inf, -inf and JSON null; strings quoted as each needs. */
void og__csv_num(FILE *f, double x);
void og__csv_str(FILE *f, const char *s);
void og__json_num(FILE *f, double x);
void og__json_str(FILE *f, const char *s);
/* Row r of column c as a CSV field (json 0) or a JSON value. */
void og__export_cell(FILE *f, const struct og_column *c, size_t r, int json);

#endif
