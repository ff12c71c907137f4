/* A sweep's results file from the sweep and its tasks' results.
 *
 * Layout (every attribute and dataset but /perf depends only on the sweep
 * and its results, so two runs of one sweep give equal files):
 * - root attributes: kind "sweep", ogsim_version, git_revision, sweep_name,
 *   sweep_path, sweep_text, base_path, base_text, sets (one per line), seed
 *   (decimal text: a uint64), crn, replications, n_points, n_tasks,
 *   sweep_id (16 hex digits), shard_index, shard_count;
 * - /points: task, point, replicate, seed (int64 holding the uint64 seed's
 *   bits: read it as uint64), one column per axis named by its path (float64
 *   when every value is a number, in the axis's unit, else the value's
 *   text), one float64 column per metric; one row per task done, in task
 *   order; every column described (sweep_describe.c);
 * - /stats (see sweep_file.c), /axes (path, dim, n_values, values joined by
 *   ", "), /metrics (name, unit, description of each metric);
 * - /summary: n_points, n_tasks, tasks_done; /perf: what the caller gives. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_file.h"
#include "version.h"

enum { N_ATTRS = 17, CELL = 8 /* bytes of an int64, a double or a pointer */ };
_Static_assert(sizeof(char *) <= CELL, "a /points cell holds a pointer");

/* The whole of file `path` as a string owned by f; NULL with err set. */
static char *read_text(struct og__sweep_file *f, const char *path, struct og_error *err)
{
  FILE *in = fopen(path, "rb");
  char *text = NULL;
  long len = -1;
  if (in && fseek(in, 0, SEEK_END) == 0 && (len = ftell(in)) >= 0 && fseek(in, 0, SEEK_SET) == 0)
    text = og__sweep_own(f, (size_t)len + 1);
  if (text && fread(text, 1, (size_t)len, in) != (size_t)len)
    text = NULL;
  if (!text)
    og_error_set(err, OG_EIO, "cannot read base scenario '%s': %s", path,
                 in && len >= 0 ? "read failed" : strerror(errno));
  if (in)
    fclose(in);
  return text;
}

/* s[0..n) joined by sep, owned by f. */
static char *join(struct og__sweep_file *f, char *const *s, size_t n, const char *sep)
{
  size_t len = 1;
  for (size_t i = 0; i < n; i++)
    len += strlen(s[i]) + strlen(sep);
  char *out = og__sweep_own(f, len);
  for (size_t i = 0; out && i < n; i++) {
    if (i)
      strcat(out, sep);
    strcat(out, s[i]);
  }
  return out;
}

/* v in decimal, or as 16 hex digits, owned by f. */
static char *u64_text(struct og__sweep_file *f, uint64_t v, int hex)
{
  char buf[32];
  if (hex)
    snprintf(buf, sizeof buf, "%016" PRIx64, v);
  else
    snprintf(buf, sizeof buf, "%" PRIu64, v);
  return og__sweep_own_str(f, buf);
}

static enum og_status fill_attrs(struct og__sweep_file *f, const struct og_sweep *sw,
                                 struct og_sweep_shard shard, struct og_error *err)
{
  char *base_text = sw->base ? read_text(f, sw->base, err) : og__sweep_own_str(f, "");
  if (!base_text)
    return sw->base ? OG_EIO : OG_ENOMEM;
  const struct og_attr a[N_ATTRS] = {
    {"kind", "sweep", 0},
    {"ogsim_version", OGSIM_VERSION, 0},
    {"git_revision", OGSIM_GIT_REV, 0},
    {"sweep_name", sw->name ? sw->name : "", 0},
    {"sweep_path", sw->path ? sw->path : "", 0},
    {"sweep_text", sw->text ? sw->text : "", 0},
    {"base_path", sw->base ? sw->base : "", 0},
    {"base_text", base_text, 0},
    {"sets", join(f, sw->sets, sw->n_sets, "\n"), 0},
    {"seed", u64_text(f, sw->seed, 0), 0},
    {"crn", NULL, sw->crn ? 1 : 0},
    {"replications", NULL, (double)sw->replications},
    {"n_points", NULL, (double)sw->n_points},
    {"n_tasks", NULL, (double)og_sweep_n_tasks(sw)},
    {"sweep_id", u64_text(f, sw->id, 1), 0},
    {"shard_index", NULL, (double)shard.index},
    {"shard_count", NULL, (double)shard.count},
  };
  f->attrs = og__sweep_own(f, sizeof a);
  if (!f->attrs || !a[8].text || !a[9].text || !a[14].text)
    return og_error_set(err, OG_ENOMEM, "sweep results: out of memory");
  memcpy(f->attrs, a, sizeof a);
  f->n_attrs = N_ATTRS;
  return OG_OK;
}

static enum og_status fill_axes(struct og__sweep_file *f, const struct og_sweep *sw)
{
  const size_t n = sw->n_axes;
  const char **path = og__sweep_own(f, n * sizeof *path);
  const char **values = og__sweep_own(f, n * sizeof *values);
  int64_t *dim = og__sweep_own(f, n * sizeof *dim), *n_values = og__sweep_own(f, n * sizeof *dim);
  if (!path || !values || !dim || !n_values)
    return OG_ENOMEM;
  for (size_t a = 0; a < n; a++) {
    path[a] = sw->axes[a].path;
    dim[a] = (int64_t)sw->axes[a].dim;
    n_values[a] = (int64_t)sw->axes[a].n_values;
    if (!(values[a] = join(f, sw->axes[a].values, sw->axes[a].n_values, ", ")))
      return OG_ENOMEM;
  }
  f->axes[0] = (struct og_column){.name = "path", .unit = "", .type = OG_COL_STR, .data = path};
  f->axes[1] = (struct og_column){.name = "dim", .unit = "", .type = OG_COL_I64, .data = dim};
  f->axes[2] = (struct og_column){.name = "n_values", .unit = "",
                                  .type = OG_COL_I64, .data = n_values};
  f->axes[3] = (struct og_column){.name = "values", .unit = "", .type = OG_COL_STR, .data = values};
  f->n_axes = n;
  return OG_OK;
}

static enum og_status fill_metrics(struct og__sweep_file *f, const struct og_sweep_results *r)
{
  const size_t n = r->names ? r->n_metrics : 0;
  void *none = og__sweep_own(f, sizeof(char *)); /* no metrics yet: an empty column */
  if (!none)
    return OG_ENOMEM;
  f->meta[0] = (struct og_column){.name = "name", .unit = "",
                                  .type = OG_COL_STR, .data = n ? (void *)r->names : none};
  f->meta[1] = (struct og_column){.name = "unit", .unit = "",
                                  .type = OG_COL_STR, .data = n ? (void *)r->units : none};
  f->meta[2] = (struct og_column){.name = "description", .unit = "",
                                  .type = OG_COL_STR, .data = n ? (void *)r->descs : none};
  f->n_metrics = n;
  return OG_OK;
}

/* The unit of axis ax's column, owned by f: its `unit:` as written, a
 * rate's "/s" as the results' "1/s"; "" when it has none (or its values are
 * text, which carry their units); NULL when out of memory. */
static const char *axis_unit(struct og__sweep_file *f, const struct og_sweep_axis *ax)
{
  const char *u = ax->numbers && ax->unit ? ax->unit : "";
  char *out = og__sweep_own(f, strlen(u) + 2);
  if (out)
    sprintf(out, "%s%s", u[0] == '/' ? "1" : "", u);
  return out;
}

/* Key and axis columns of row `row`, which holds task t. */
static void point_row(struct og__sweep_file *f, const struct og_sweep *sw, size_t row, size_t t)
{
  const size_t p = t / sw->replications, rep = t % sw->replications;
  uint64_t seed = og_sweep_seed(sw, p, rep);
  ((int64_t *)f->points[0].data)[row] = (int64_t)t;
  ((int64_t *)f->points[1].data)[row] = (int64_t)p;
  ((int64_t *)f->points[2].data)[row] = (int64_t)rep;
  memcpy((int64_t *)f->points[3].data + row, &seed, sizeof seed);
  for (size_t a = 0; a < sw->n_axes; a++) {
    const struct og_sweep_axis *ax = &sw->axes[a];
    size_t v = og_sweep_value_index(sw, p, a);
    if (ax->numbers)
      ((double *)f->points[OG__SWEEP_KEY_COLS + a].data)[row] = ax->numbers[v];
    else
      ((const char **)f->points[OG__SWEEP_KEY_COLS + a].data)[row] = ax->values[v];
  }
}

static enum og_status fill_points(struct og__sweep_file *f, const struct og_sweep *sw,
                                  const struct og_sweep_results *r)
{
  static const char *const key[OG__SWEEP_KEY_COLS] = {"task", "point", "replicate", "seed"};
  const size_t rows = r->n_done, nc = og__sweep_n_cols(f), na = sw->n_axes;
  if (!(f->points = og__sweep_own(f, nc * sizeof *f->points)))
    return OG_ENOMEM;
  for (size_t c = 0; c < nc; c++) {
    struct og_column *col = &f->points[c];
    size_t m = c - OG__SWEEP_KEY_COLS - na;
    if (c < OG__SWEEP_KEY_COLS)
      *col = (struct og_column){.name = key[c], .unit = "", .type = OG_COL_I64, .data = NULL};
    else if (c < OG__SWEEP_KEY_COLS + na)
      *col = (struct og_column){
        .name = sw->axes[c - OG__SWEEP_KEY_COLS].path,
        .unit = axis_unit(f, &sw->axes[c - OG__SWEEP_KEY_COLS]),
        .type = sw->axes[c - OG__SWEEP_KEY_COLS].numbers ? OG_COL_F64 : OG_COL_STR};
    else
      *col = (struct og_column){.name = r->names[m], .unit = r->units[m],
                                .type = OG_COL_F64, .data = NULL};
    if (!col->unit || !(col->data = og__sweep_own(f, rows * CELL)))
      return OG_ENOMEM;
  }
  for (size_t t = 0, row = 0; t < r->n_tasks; t++) {
    if (!r->done[t])
      continue;
    point_row(f, sw, row, t);
    for (size_t m = 0; m < f->n_metrics; m++)
      ((double *)f->points[OG__SWEEP_KEY_COLS + na + m].data)[row] = r->values[t * r->n_metrics + m];
    row++;
  }
  f->n_rows = rows;
  return OG_OK;
}

static enum og_status check_args(const struct og_sweep *sw, const struct og_sweep_results *r,
                                 struct og_sweep_shard shard, const char *path,
                                 struct og_error *err)
{
  size_t first = 0;
  if (!sw || !r || !path || !path[0])
    return og_error_set(err, OG_EINVAL, "sweep results: no %s given",
                        !sw ? "sweep" : !r ? "results" : "path");
  if (r->n_tasks != og_sweep_n_tasks(sw))
    return og_error_set(err, OG_EINVAL, "cannot write '%s': results hold %zu tasks, the sweep "
                        "has %zu", path, r->n_tasks, og_sweep_n_tasks(sw));
  if (shard.count == 0 || shard.index >= shard.count)
    return og_error_set(err, OG_EINVAL, "cannot write '%s': bad shard %zu of %zu", path,
                        shard.index, shard.count);
  if (shard.count > 1 || r->n_done == r->n_tasks)
    return OG_OK;
  while (r->done[first])
    first++;
  return og_error_set(err, OG_EINVAL, "cannot write '%s': %zu of %zu tasks missing (first: "
                      "task %zu)", path, r->n_tasks - r->n_done, r->n_tasks, first);
}

enum og_status og_sweep_write(const struct og_sweep *sw, const struct og_sweep_results *r,
                              struct og_sweep_shard shard, const struct og_scalar *perf,
                              size_t n_perf, const char *path, struct og_error *err)
{
  struct og__sweep_file f = {0};
  enum og_status st = check_args(sw, r, shard, path, err);
  if (st)
    return st;
  f.n_points = sw->n_points;
  f.replications = sw->replications;
  f.n_tasks = r->n_tasks;
  st = fill_attrs(&f, sw, shard, err);
  if (st)
    goto fail;
  if ((st = fill_axes(&f, sw)) || (st = fill_metrics(&f, r)) || (st = fill_points(&f, sw, r))) {
    og_error_set(err, st, "cannot write '%s': out of memory", path);
    goto fail;
  }
  st = og__sweep_file_write(&f, perf, n_perf, path, err);
fail:
  og__sweep_file_fini(&f);
  return st;
}
