/* ogsim report --format csv|json: what to write (a run's summary, a sweep's
 * points, or the table --table names) is read first, then written to -o's
 * file or stdout; formats are described in docs/export.md. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "export_int.h"

int og_cli_exporting(const struct og_cli_args *a)
{
  return a->format && strcmp(a->format, "text") != 0;
}

int og_cli_export_check(const struct og_cli_args *a)
{
  const char *f = a->format ? a->format : "text";
  if (strcmp(f, "text") && strcmp(f, "csv") && strcmp(f, "json"))
    return og_cli_usage_error(OG_CLI_REPORT, "--format needs text, csv or json: %s", f);
  if (!og_cli_exporting(a) && (a->table || a->out || a->columns))
    return og_cli_usage_error(OG_CLI_REPORT, "%s applies to --format csv or json",
                              a->table ? "--table" : a->out ? "-o" : "--columns");
  if (a->table && a->metrics)
    return og_cli_usage_error(OG_CLI_REPORT, "--metrics selects the metrics of a sweep's "
                              "points; it does not apply with --table");
  return OG_EXIT_OK;
}

static int unknown_table(const struct og__export *j)
{
  fprintf(stderr, "ogsim: report: no table '%s' in '%s'; tables: summary, perf, attributes",
          j->a->table, j->file);
  for (size_t i = 0; i < j->n_tables; i++)
    fprintf(stderr, ", %s", j->tables[i]);
  fputc('\n', stderr);
  return OG_EXIT_USAGE;
}

/* The table --table names: a pseudo-table (summary, perf, attributes) or
 * one of the file's, read. */
static int named_table(struct og__export *j)
{
  struct og_error err = {{0}};
  j->name = j->a->table;
  if (!strcmp(j->name, "summary") || !strcmp(j->name, "perf"))
    return j->what = OG__SCALARS, OG_EXIT_OK;
  if (!strcmp(j->name, "attributes"))
    return j->what = OG__ATTRS, OG_EXIT_OK;
  size_t i = 0;
  while (i < j->n_tables && strcmp(j->tables[i], j->name))
    i++;
  if (i == j->n_tables)
    return unknown_table(j);
  if (og_results_read_table(j->file, j->name, &j->t, &err) != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    return OG_EXIT_USAGE;
  }
  j->what = OG__TABLE;
  return OG_EXIT_OK;
}

/* The metrics of the comma-separated list (NULL: every one of /metrics)
 * as indices into /metrics, into sel (room for the list's items). */
static int select_metrics(const struct og_table *meta, const char *list, size_t *sel, size_t *n)
{
  const char *const *names = meta->cols[0].data;
  *n = 0;
  for (size_t i = 0; !list && i < meta->n_rows; i++)
    sel[(*n)++] = i;
  for (const char *p = list; p && *p;) {
    size_t len = strcspn(p, ","), k = 0;
    while (k < meta->n_rows && (strlen(names[k]) != len || strncmp(names[k], p, len)))
      k++;
    if (len == 0 || k == meta->n_rows)
      return og_cli_unknown_metric(meta, p, len);
    sel[(*n)++] = k;
    p += len + (p[len] == ',');
  }
  return OG_EXIT_OK;
}

static int read_points(struct og__export *j)
{
  struct og__points *p = &j->p;
  struct og_error err = {{0}};
  size_t *sel = NULL, n_sel = 0, cap = 1;
  int rc = OG_EXIT_USAGE;
  j->what = OG__POINTS, j->name = "by_point";
  if (og_results_read_table(j->file, "stats", &p->stats, &err) ||
      og_results_read_table(j->file, "axes", &p->axes, &err) ||
      og_results_read_table(j->file, "metrics", &p->meta, &err)) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    return rc;
  }
  if (p->axes->n_cols < 1 || p->meta->n_cols < 3 || p->axes->cols[0].type != OG_COL_STR ||
      p->meta->cols[0].type != OG_COL_STR || p->meta->cols[2].type != OG_COL_STR) {
    fprintf(stderr, "ogsim: report: '%s': /axes or /metrics is malformed\n", j->file);
    return rc;
  }
  for (const char *c = j->a->metrics; c && *c; c++)
    cap += *c == ',';
  cap += p->meta->n_rows;
  if (!(sel = malloc(cap * sizeof *sel)))
    fprintf(stderr, "ogsim: out of memory\n");
  else if ((rc = select_metrics(p->meta, j->a->metrics, sel, &n_sel)) == OG_EXIT_OK &&
           og__points_build(p, sel, n_sel)) {
    fprintf(stderr, "ogsim: report: '%s': /stats does not match /axes and /metrics\n", j->file);
    rc = OG_EXIT_USAGE;
  }
  free(sel);
  return rc;
}

/* Decide and read what to write. */
static int prepare(struct og__export *j)
{
  struct og_error err = {{0}};
  if (og_results_list_tables(j->file, &j->tables, &j->n_tables, &err) != OG_OK) {
    fprintf(stderr, "ogsim: %s\n", err.msg);
    return OG_EXIT_USAGE;
  }
  if (j->a->table && j->a->columns && (!strcmp(j->a->table, "summary") ||
                                       !strcmp(j->a->table, "perf") ||
                                       !strcmp(j->a->table, "attributes"))) {
    fprintf(stderr, "ogsim: report: --columns lists a table's columns; --table %s has none "
                    "(its csv and json already give each entry's unit and description)\n",
            j->a->table);
    return OG_EXIT_USAGE;
  }
  if (j->a->table)
    return named_table(j);
  if (j->sweep)
    return read_points(j);
  if (j->a->metrics || j->a->columns) {
    fprintf(stderr, "ogsim: report: %s applies to sweep results files and tables (--table); "
                    "'%s' is a run's\n", j->a->metrics ? "--metrics" : "--columns", j->file);
    return OG_EXIT_USAGE;
  }
  j->what = OG__SCALARS, j->name = "summary";
  return OG_EXIT_OK;
}

int og_cli_export(const struct og_cli_args *a, const char *file,
                  const struct og_results_summary *s, int sweep)
{
  struct og__export j = {.a = a, .file = file, .s = s, .json = !strcmp(a->format, "json"),
                  .sweep = sweep};
  int rc = prepare(&j);
  FILE *f = stdout;
  if (rc == OG_EXIT_OK && a->out && !(f = fopen(a->out, "w"))) {
    fprintf(stderr, "ogsim: report: cannot write '%s': %s\n", a->out, strerror(errno));
    rc = OG_EXIT_USAGE;
  }
  if (rc == OG_EXIT_OK) {
    (j.json ? og__export_json : og__export_csv)(f, &j);
    int bad = ferror(f);
    bad |= f == stdout ? fflush(f) : fclose(f);
    if (bad) {
      fprintf(stderr, "ogsim: report: cannot write '%s': %s\n", a->out ? a->out : "stdout",
              strerror(errno));
      rc = OG_EXIT_USAGE;
      if (a->out)
        remove(a->out);
    }
  }
  og_results_names_free(j.tables, j.n_tables);
  og_results_table_free(j.t);
  og__points_fini(&j.p);
  return rc;
}
