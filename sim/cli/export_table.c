/* A table as CSV (a header line of names, a line of units, the rows) or as
 * the members "columns" and "rows" of a JSON object, or only its columns
 * (name, unit, description, labels); a sweep's points (the axes, n and
 * each metric's mean and CI half-width, from /stats) as one. */
#include <stdlib.h>
#include <string.h>

#include "export_int.h"

void og__table_csv(FILE *f, const struct og_table *t)
{
  for (int line = 0; line < 2; line++)
    for (size_t c = 0; c < t->n_cols; c++) {
      const char *s = line ? t->cols[c].unit : t->cols[c].name;
      og__csv_str(f, s ? s : "");
      fputc(c + 1 < t->n_cols ? ',' : '\n', f);
    }
  for (size_t r = 0; r < t->n_rows; r++)
    for (size_t c = 0; c < t->n_cols; c++) {
      og__export_cell(f, &t->cols[c], r, 0);
      fputc(c + 1 < t->n_cols ? ',' : '\n', f);
    }
}

/* Column c's description: desc[c] where given, else the file's ("" none). */
static const char *col_desc(const struct og_table *t, char *const *desc, size_t c)
{
  if (desc && desc[c])
    return desc[c];
  return t->cols[c].desc ? t->cols[c].desc : "";
}

/* Labels v[0..n) as one CSV field, joined by '|' (quoted as og__csv_str
 * quotes; no copy, so nothing can fail but the stream). */
static void csv_labels(FILE *f, const char *const *v, size_t n)
{
  int quote = n && (v[0][0] == ' ' || (v[n - 1][0] && v[n - 1][strlen(v[n - 1]) - 1] == ' '));
  for (size_t i = 0; i < n; i++)
    quote |= v[i][strcspn(v[i], ",\"\r\n")] != 0;
  if (quote)
    fputc('"', f);
  for (size_t i = 0; i < n; i++) {
    if (i)
      fputc('|', f);
    for (const char *p = v[i]; *p; p++) {
      if (*p == '"')
        fputc('"', f);
      fputc(*p, f);
    }
  }
  if (quote)
    fputc('"', f);
}

void og__columns_csv(FILE *f, const struct og_table *t, char *const *desc)
{
  fputs("name,unit,description,labels\n", f);
  for (size_t c = 0; c < t->n_cols; c++) {
    const struct og_column *col = &t->cols[c];
    og__csv_str(f, col->name);
    fputc(',', f);
    og__csv_str(f, col->unit ? col->unit : "");
    fputc(',', f);
    og__csv_str(f, col_desc(t, desc, c));
    fputc(',', f);
    csv_labels(f, col->labels, col->n_labels);
    fputc('\n', f);
  }
}

void og__columns_json(FILE *f, const struct og_table *t, char *const *desc)
{
  fputs("  \"columns\": [", f);
  for (size_t c = 0; c < t->n_cols; c++) {
    const struct og_column *col = &t->cols[c];
    fputs(c ? ",\n    {\"name\": " : "\n    {\"name\": ", f);
    og__json_str(f, col->name);
    fputs(", \"unit\": ", f);
    og__json_str(f, col->unit ? col->unit : "");
    fputs(", \"description\": ", f);
    og__json_str(f, col_desc(t, desc, c));
    if (col->n_labels) {
      fputs(", \"labels\": [", f);
      for (size_t i = 0; i < col->n_labels; i++) {
        fputs(i ? ", " : "", f);
        og__json_str(f, col->labels[i]);
      }
      fputc(']', f);
    }
    fputc('}', f);
  }
  fputs(t->n_cols ? "\n  ]" : "]", f);
}

void og__table_json(FILE *f, const struct og_table *t, char *const *desc)
{
  og__columns_json(f, t, desc);
  fputs(",\n  \"rows\": [", f);
  for (size_t r = 0; r < t->n_rows; r++) {
    fputs(r ? ",\n    {" : "\n    {", f);
    for (size_t c = 0; c < t->n_cols; c++) {
      og__json_str(f, t->cols[c].name);
      fputs(": ", f);
      og__export_cell(f, &t->cols[c], r, 1);
      fputs(c + 1 < t->n_cols ? ", " : "", f);
    }
    fputc('}', f);
  }
  fputs(t->n_rows ? "\n  ]" : "]", f);
}

void og__points_fini(struct og__points *p)
{
  for (size_t c = 0; p->desc && c < p->t.n_cols; c++)
    free(p->desc[c]);
  free(p->desc);
  free((void *)p->t.cols);
  og_results_table_free(p->meta);
  og_results_table_free(p->axes);
  og_results_table_free(p->stats);
  *p = (struct og__points){0};
}

static const struct og_column *column(const struct og_table *t, const char *name)
{
  for (size_t c = 0; c < t->n_cols; c++)
    if (!strcmp(t->cols[c].name, name))
      return &t->cols[c];
  return NULL;
}

/* Append /stats column `name` to the view, with its description in the
 * file, or where it has none (files before 2026-12) printf of fmt, what;
 * -1 when /stats lacks it or memory is short. */
static int add(struct og__points *p, const char *name, const char *fmt, const char *what)
{
  const struct og_column *c = column(p->stats, name);
  struct og_column *cols = (struct og_column *)p->t.cols;
  if (!c)
    return -1;
  if (c->desc && c->desc[0]) { /* the file's; an older file's have none */
    fmt = "%s", what = c->desc;
  }
  int len = snprintf(NULL, 0, fmt, what);
  if (!(p->desc[p->t.n_cols] = malloc((size_t)len + 1)))
    return -1;
  snprintf(p->desc[p->t.n_cols], (size_t)len + 1, fmt, what);
  cols[p->t.n_cols++] = *c;
  return 0;
}

/* Metric i of /metrics: its mean and CI columns. */
static int add_metric(struct og__points *p, size_t i)
{
  const char *name = ((char *const *)p->meta->cols[0].data)[i];
  const char *desc = ((char *const *)p->meta->cols[2].data)[i];
  char col[512];
  snprintf(col, sizeof col, "%s_mean", name);
  if (add(p, col, "%s: mean over the point's replicates", desc))
    return -1;
  snprintf(col, sizeof col, "%s_ci95", name);
  return add(p, col, "half-width of the 95%% confidence interval of %s_mean", name);
}

int og__points_build(struct og__points *p, const size_t *sel, size_t n_sel)
{
  size_t cap = 2 + p->axes->n_rows + 2 * n_sel;
  const char *const *paths = p->axes->cols[0].data;
  p->t = (struct og_table){.name = "by_point", .n_rows = p->stats->n_rows,
                           .cols = calloc(cap, sizeof(struct og_column))};
  p->desc = calloc(cap, sizeof *p->desc);
  if (!p->t.cols || !p->desc || add(p, "point", "%s", "the point's index in the grid"))
    return -1;
  for (size_t a = 0; a < p->axes->n_rows; a++)
    if (add(p, paths[a], "%s", "the value of this sweep axis"))
      return -1;
  if (add(p, "n", "%s", "replicates of the point in this file"))
    return -1;
  for (size_t i = 0; i < n_sel; i++)
    if (add_metric(p, sel[i]))
      return -1;
  return 0;
}
