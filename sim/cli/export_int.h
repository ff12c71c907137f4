/* Internal to `ogsim report --format csv|json` (export*.c): one export's
 * state, the tables' writers and a sweep's points. */
#ifndef OG_CLI_EXPORT_INT_H
#define OG_CLI_EXPORT_INT_H

#include "export.h"

/* t as CSV: a line of column names, a line of their units ("" where
 * dimensionless), one line per row. */
void og__table_csv(FILE *f, const struct og_table *t);
/* t as the JSON members "columns" (og__columns_json) and "rows" (one
 * object per row), without the enclosing braces. */
void og__table_json(FILE *f, const struct og_table *t, char *const *desc);
/* t's columns as the JSON member "columns": name, unit, description (desc[c]
 * where desc, NULL or one per column, has one, else the file's) and, for a
 * coded column, "labels" (code i is element i). */
void og__columns_json(FILE *f, const struct og_table *t, char *const *desc);
/* t's columns as CSV: the header name,unit,description,labels, then a line
 * per column, its labels joined by '|'. */
void og__columns_csv(FILE *f, const struct og_table *t, char *const *desc);

/* A sweep's points: /stats, /axes and /metrics as read (owned), and the
 * view of them that is exported (t: columns borrowed from stats). */
struct og__points {
  struct og_table *stats, *axes, *meta;
  struct og_table t;
  char **desc; /* one per column of t */
};
/* Build p->t from p's tables: point, the axes, n, then for each metric of
 * sel (indices into /metrics) its _mean and _ci95. -1 when /stats lacks one
 * of them or memory is short. */
int og__points_build(struct og__points *p, const size_t *sel, size_t n_sel);
/* Free what p owns; p is left empty. */
void og__points_fini(struct og__points *p);

enum og__export_what { OG__SCALARS, OG__ATTRS, OG__TABLE, OG__POINTS };

/* One export: what the command line asked for and what was read for it. */
struct og__export {
  const struct og_cli_args *a;
  const char *file;
  const struct og_results_summary *s;
  int json, sweep;
  enum og__export_what what;
  const char *name;        /* summary, perf, attributes, a table's name, points */
  struct og_table *t;      /* OG__TABLE */
  struct og__points p;     /* OG__POINTS */
  char **tables;           /* the file's tables */
  size_t n_tables;
};

/* Write e's part of the file (export_write.c). */
void og__export_csv(FILE *f, const struct og__export *e);
void og__export_json(FILE *f, const struct og__export *e);

#endif
