/* What each column of a sweep results file is: the descriptions the writer
 * puts on /points, /stats, /axes and /metrics (docs/sweep.md, "The results
 * file"), derived from the columns themselves so that a run's file and a
 * merge of shards get the same ones. */
#include <stdio.h>
#include <string.h>

#include "sweep_file.h"

static const char *const key_desc[OG__SWEEP_KEY_COLS] = {
  "task index: point x replications + replicate",
  "grid point index (the first axis varies slowest; docs/sweep.md)",
  "replicate of the point, 0 .. replications - 1",
  "the task's seed, a uint64 stored in the int64's bits (read it as uint64)",
};

static const char *const axes_desc[4] = {
  "scenario path the axis sets (a column of /points and /stats)",
  ("grid dimension of the axis (axes in file order, a zip group counting once; the first "
   "varies slowest)"),
  "number of values the axis takes",
  "the axis's values as --set takes them, joined by \", \"",
};

static const char *const metrics_desc[3] = {
  ("metric: a /summary entry of each task's run (a column of /points; NAME_mean, NAME_sd, "
   "NAME_ci95 in /stats)"),
  "the metric's unit (\"\": dimensionless)",
  "what the metric is",
};

/* printf of fmt into a string owned by s; NULL when out of memory. */
static char *own_printf(struct og__sweep_file *s, const char *fmt, const char *a, const char *b)
{
  int len = snprintf(NULL, 0, fmt, a, b);
  char *out = len >= 0 ? og__sweep_own(s, (size_t)len + 1) : NULL;
  if (out)
    snprintf(out, (size_t)len + 1, fmt, a, b);
  return out;
}

/* An axis column's: the path it sets and the unit of its numbers. */
static const char *axis_desc(struct og__sweep_file *s, const struct og_column *col)
{
  if (col->type == OG_COL_STR)
    return own_printf(s, "the point's value of the swept scenario path %s, as --set takes it%s",
                      col->name, "");
  if (col->unit && col->unit[0])
    return own_printf(s, "the point's value of the swept scenario path %s, in %s (the axis's "
                      "unit)", col->name, col->unit);
  return own_printf(s, "the point's value of the swept scenario path %s, a number as the sweep "
                    "file gives it%s", col->name, "");
}

const char *og__sweep_stat_desc(struct og__sweep_file *s, int kind, const char *metric,
                                const char *desc)
{
  static const char *const fmt[3] = {
    "mean over the point's replicates (NaN values left out) of %s: %s",
    "sample standard deviation over the point's replicates (NaN values left out; NaN below 2 "
    "values) of %s: %s",
    "half-width of the 95%% confidence interval of the mean over the point's replicates "
    "(Student t, n-1 degrees of freedom; NaN below 2 values) of %s: %s",
  };
  return own_printf(s, fmt[kind], metric, desc);
}

/* The description of metric m of f's /metrics ("" in an old file: its
 * name then says it). */
static const char *metric_desc(const struct og__sweep_file *f, size_t m)
{
  const char *d = ((const char *const *)f->meta[2].data)[m];
  return d && d[0] ? d : "an entry of the task's /summary";
}

enum og_status og__sweep_describe(struct og__sweep_file *s, const struct og__sweep_file *f,
                                  struct og__sweep_file *out)
{
  const size_t nc = og__sweep_n_cols(f), nk = OG__SWEEP_KEY_COLS + f->n_axes;
  struct og_column *p = og__sweep_own(s, nc * sizeof *p);
  *out = *f;
  out->owned = NULL, out->n_owned = out->cap_owned = 0; /* f owns what out points to */
  if (!p)
    return OG_ENOMEM;
  memcpy(p, f->points, nc * sizeof *p);
  for (size_t c = 0; c < nc; c++) {
    if (c < OG__SWEEP_KEY_COLS)
      p[c].desc = key_desc[c];
    else if (c < nk)
      p[c].desc = axis_desc(s, &p[c]);
    else
      p[c].desc = metric_desc(f, c - nk);
    if (!p[c].desc)
      return OG_ENOMEM;
  }
  out->points = p;
  for (size_t c = 0; c < 4; c++)
    out->axes[c].desc = axes_desc[c];
  for (size_t c = 0; c < 3; c++)
    out->meta[c].desc = metrics_desc[c];
  return OG_OK;
}
