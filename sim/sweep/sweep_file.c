/* Writing a sweep results file from its in-memory form: /points, /axes and
 * /metrics as they are, /stats over every point whose replicates are all
 * there, /summary counts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_file.h"

void *og__sweep_own(struct og__sweep_file *f, size_t size)
{
  void *p;
  if (f->n_owned == f->cap_owned) {
    size_t cap = f->cap_owned ? 2 * f->cap_owned : 32;
    void **grown = realloc(f->owned, cap * sizeof *grown);
    if (!grown)
      return NULL;
    f->owned = grown;
    f->cap_owned = cap;
  }
  p = calloc(1, size ? size : 1);
  if (p)
    f->owned[f->n_owned++] = p;
  return p;
}

char *og__sweep_own_str(struct og__sweep_file *f, const char *s)
{
  size_t n = strlen(s ? s : "") + 1;
  char *p = og__sweep_own(f, n);
  return p ? memcpy(p, s ? s : "", n) : NULL;
}

void og__sweep_file_fini(struct og__sweep_file *f)
{
  if (!f)
    return;
  for (size_t i = 0; i < f->n_owned; i++)
    free(f->owned[i]);
  free(f->owned);
  *f = (struct og__sweep_file){0};
}

/* /stats: point, the axes, n, then NAME_mean, NAME_sd, NAME_ci95 per metric;
 * one row per point with all its replicates (rows of a point are adjacent,
 * /points being in task order). Allocations are owned by the scratch s. */
struct stats {
  struct og_column *cols;
  size_t n_cols, n_rows;
};

static enum og_status stats_columns(struct og__sweep_file *s, const struct og__sweep_file *f,
                                    struct stats *out)
{
  static const char *const suffix[] = {"mean", "sd", "ci95"};
  const size_t na = f->n_axes, nm = f->n_metrics, rows = f->n_rows;
  const char *const *units = f->meta[1].data;
  struct og_column *c = og__sweep_own(s, (2 + na + 3 * nm) * sizeof *c);
  if (!c)
    return OG_ENOMEM;
  c[0] = (struct og_column){.name = "point", .unit = "", .desc = f->points[1].desc,
                            .type = OG_COL_I64, .data = og__sweep_own(s, rows * sizeof(int64_t))};
  for (size_t a = 0; a < na; a++) {
    const struct og_column *pc = &f->points[OG__SWEEP_KEY_COLS + a];
    size_t w = pc->type == OG_COL_STR ? sizeof(char *) : sizeof(double);
    c[1 + a] = (struct og_column){.name = pc->name, .unit = pc->unit, .desc = pc->desc,
                                  .type = pc->type, .data = og__sweep_own(s, rows * w)};
  }
  c[1 + na] = (struct og_column){.name = "n", .unit = "",
                                 .desc = "replicates of the point the statistics are over",
                                 .type = OG_COL_I64,
                                 .data = og__sweep_own(s, rows * sizeof(int64_t))};
  for (size_t m = 0; m < nm; m++)
    for (size_t k = 0; k < 3; k++) {
      const struct og_column *pc = &f->points[OG__SWEEP_KEY_COLS + na + m];
      char *name = og__sweep_own(s, strlen(pc->name) + 8);
      if (name)
        sprintf(name, "%s_%s", pc->name, suffix[k]);
      c[2 + na + 3 * m + k] = (struct og_column){
        .name = name, .unit = units[m], .type = OG_COL_F64,
        .desc = og__sweep_stat_desc(s, (int)k, pc->name, pc->desc),
        .data = og__sweep_own(s, rows * sizeof(double))};
    }
  *out = (struct stats){c, 2 + na + 3 * nm, 0};
  for (size_t i = 0; i < out->n_cols; i++)
    if (!c[i].name || !c[i].data || !c[i].desc)
      return OG_ENOMEM;
  return OG_OK;
}

/* Append the stats row of the point whose rows are [r0, r0 + n). */
static void stats_row(const struct og__sweep_file *f, size_t r0, size_t n, struct stats *st)
{
  const size_t na = f->n_axes, row = st->n_rows++;
  ((int64_t *)st->cols[0].data)[row] = ((const int64_t *)f->points[1].data)[r0];
  for (size_t a = 0; a < na; a++) {
    const struct og_column *pc = &f->points[OG__SWEEP_KEY_COLS + a];
    if (pc->type == OG_COL_STR)
      ((const char **)st->cols[1 + a].data)[row] = ((const char *const *)pc->data)[r0];
    else
      ((double *)st->cols[1 + a].data)[row] = ((const double *)pc->data)[r0];
  }
  ((int64_t *)st->cols[1 + na].data)[row] = (int64_t)n;
  for (size_t m = 0; m < f->n_metrics; m++) {
    const double *x = (const double *)f->points[OG__SWEEP_KEY_COLS + na + m].data + r0;
    double *out[3];
    size_t count;
    for (size_t k = 0; k < 3; k++)
      out[k] = (double *)st->cols[2 + na + 3 * m + k].data + row;
    og_sweep_stats(x, n, 1, out[0], out[1], out[2], &count);
  }
}

static enum og_status build_stats(struct og__sweep_file *s, const struct og__sweep_file *f,
                                  struct stats *st)
{
  const int64_t *point = f->n_rows ? f->points[1].data : NULL;
  enum og_status rc = stats_columns(s, f, st);
  for (size_t r0 = 0, r1; !rc && r0 < f->n_rows; r0 = r1) {
    for (r1 = r0 + 1; r1 < f->n_rows && point[r1] == point[r0];)
      r1++;
    if (r1 - r0 == f->replications)
      stats_row(f, r0, r1 - r0, st);
  }
  return rc;
}

enum og_status og__sweep_file_write(const struct og__sweep_file *f, const struct og_scalar *perf,
                                    size_t n_perf, const char *path, struct og_error *err)
{
  struct og__sweep_file scratch = {0}, d;
  struct stats st;
  enum og_status rc = og__sweep_describe(&scratch, f, &d);
  if (!rc)
    rc = build_stats(&scratch, &d, &st);
  f = &d;
  if (rc) {
    og__sweep_file_fini(&scratch);
    return og_error_set(err, rc, "cannot write '%s': out of memory", path);
  }
  const struct og_scalar summary[] = {
    {"n_points", "", "grid points of the sweep", (double)f->n_points},
    {"n_tasks", "", "tasks: points x replications", (double)f->n_tasks},
    {"tasks_done", "", "tasks whose results this file holds (rows of /points)",
     (double)f->n_rows},
  };
  const struct og_table tables[] = {
    {"points", f->n_rows, og__sweep_n_cols(f), f->points, 1},
    {"stats", st.n_rows, st.n_cols, st.cols, 1},
    {"axes", f->n_axes, 4, f->axes, 1},
    {"metrics", f->n_metrics, 3, f->meta, 1},
  };
  const struct og_results_doc doc = {
    f->attrs, f->n_attrs, summary, sizeof summary / sizeof *summary,
    perf, perf ? n_perf : 0, tables, sizeof tables / sizeof *tables,
  };
  rc = og_results_write(path, &doc, err);
  og__sweep_file_fini(&scratch);
  return rc;
}
