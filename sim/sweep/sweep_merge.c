/* Merging the shard files of one sweep into the whole sweep's file: the
 * shards' /points rows in task order, written by the same writer as
 * og_sweep_write (sweep_file.c), so the result equals a whole run's file
 * (all but /perf, which stays empty). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sweep_file.h"

static enum og_status nomem(struct og_error *err)
{
  return og_error_set(err, OG_ENOMEM, "sweep merge: out of memory");
}

/* One shard file read back. */
struct shard {
  const char *path;
  struct og_results_summary *sum;
  struct og_table *points, *axes, *metrics;
  const char *id;
  size_t index, count, n_tasks, n_points, replications;
};

/* Where task t lives: shard owner[t] - 1 (0: not seen), row row[t]. */
struct task_map {
  size_t *owner, *row;
};

static const struct og_attr *find_attr(const struct og_results_summary *s, const char *name)
{
  for (size_t i = 0; i < s->n_attrs; i++)
    if (!strcmp(s->attrs[i].name, name))
      return &s->attrs[i];
  return NULL;
}

/* Numeric attribute `name` as a count; -1 when missing or not one. */
static int attr_count(const struct og_results_summary *s, const char *name, size_t *out)
{
  const struct og_attr *a = find_attr(s, name);
  if (!a || a->text || !(a->value >= 0) || a->value > 1e15 || a->value != (double)(size_t)a->value)
    return -1;
  *out = (size_t)a->value;
  return 0;
}

static enum og_status read_attrs(struct shard *sh, struct og_error *err)
{
  const struct og_attr *kind = find_attr(sh->sum, "kind"), *id = find_attr(sh->sum, "sweep_id");
  if (!kind || !kind->text || strcmp(kind->text, "sweep"))
    return og_error_set(err, OG_EINVAL, "'%s': not a sweep results file", sh->path);
  if (!id || !id->text || attr_count(sh->sum, "shard_index", &sh->index) ||
      attr_count(sh->sum, "shard_count", &sh->count) ||
      attr_count(sh->sum, "n_tasks", &sh->n_tasks) ||
      attr_count(sh->sum, "n_points", &sh->n_points) ||
      attr_count(sh->sum, "replications", &sh->replications) || sh->count == 0 ||
      sh->index >= sh->count || sh->replications == 0 ||
      sh->n_tasks != sh->n_points * sh->replications)
    return og_error_set(err, OG_EPARSE, "'%s': sweep attributes missing or inconsistent "
                        "(sweep_id, shard_index, shard_count, n_tasks, n_points, replications)",
                        sh->path);
  sh->id = id->text;
  return OG_OK;
}

static enum og_status read_shard(struct shard *sh, struct og_error *err)
{
  enum og_status st = og_results_read_summary(sh->path, &sh->sum, err);
  if (!st)
    st = read_attrs(sh, err);
  if (!st)
    st = og_results_read_table(sh->path, "points", &sh->points, err);
  if (!st)
    st = og_results_read_table(sh->path, "axes", &sh->axes, err);
  if (!st)
    st = og_results_read_table(sh->path, "metrics", &sh->metrics, err);
  return st;
}

static int has_col(const struct og_table *t, size_t c, const char *name, enum og_coltype type)
{
  return c < t->n_cols && (!name || !strcmp(t->cols[c].name, name)) && t->cols[c].type == type;
}

/* /axes, /metrics and the column list of /points agree with each other. */
static enum og_status check_layout(const struct shard *sh, struct og_error *err)
{
  static const char *const key[OG__SWEEP_KEY_COLS] = {"task", "point", "replicate", "seed"};
  const struct og_table *p = sh->points, *a = sh->axes, *m = sh->metrics;
  int ok = a->n_cols == 4 && has_col(a, 0, "path", OG_COL_STR) && has_col(a, 1, "dim", OG_COL_I64)
           && has_col(a, 2, "n_values", OG_COL_I64) && has_col(a, 3, "values", OG_COL_STR) &&
           m->n_cols == 3 && has_col(m, 0, "name", OG_COL_STR) &&
           has_col(m, 1, "unit", OG_COL_STR) && has_col(m, 2, "description", OG_COL_STR) &&
           p->n_cols == OG__SWEEP_KEY_COLS + a->n_rows + m->n_rows;
  for (size_t c = 0; ok && c < OG__SWEEP_KEY_COLS; c++)
    ok = has_col(p, c, key[c], OG_COL_I64);
  for (size_t i = 0; ok && i < a->n_rows; i++) {
    const struct og_column *col = &p->cols[OG__SWEEP_KEY_COLS + i];
    ok = !strcmp(col->name, ((char **)a->cols[0].data)[i]) &&
         (col->type == OG_COL_F64 || col->type == OG_COL_STR);
  }
  for (size_t i = 0; ok && i < m->n_rows; i++)
    ok = has_col(p, OG__SWEEP_KEY_COLS + a->n_rows + i, ((char **)m->cols[0].data)[i],
                 OG_COL_F64);
  if (ok)
    return OG_OK;
  return og_error_set(err, OG_EPARSE, "'%s': /points, /axes and /metrics do not match a sweep "
                      "results file's layout", sh->path);
}

/* Two shards' /points have the same columns (a shard that holds no task
 * may lack the metrics, which the first task fixes). */
static int same_columns(const struct og_table *a, const struct og_table *b)
{
  if (a->n_cols != b->n_cols)
    return 0;
  for (size_t c = 0; c < a->n_cols; c++)
    if (strcmp(a->cols[c].name, b->cols[c].name) || a->cols[c].type != b->cols[c].type)
      return 0;
  return 1;
}

/* The identity attributes in which a and b differ, into buf ("seed (1,
 * 7), sets"); empty when none does. */
static void differences(const struct shard *a, const struct shard *b, char *buf, size_t len)
{
  static const char *const names[] = {"sweep_text", "base_text", "sets", "seed",
                                      "replications", "crn"};
  size_t k = 0;
  buf[0] = 0;
  for (size_t i = 0; i < sizeof names / sizeof names[0] && k < len; i++) {
    const struct og_attr *x = find_attr(a->sum, names[i]), *y = find_attr(b->sum, names[i]);
    int same = x && y && (x->text && y->text ? !strcmp(x->text, y->text)
                                             : !x->text && !y->text && x->value == y->value);
    if (same)
      continue;
    k += (size_t)snprintf(buf + k, len - k, "%s%s", k ? ", " : "", names[i]);
    if (k < len && !strcmp(names[i], "seed") && x && y && x->text && y->text)
      k += (size_t)snprintf(buf + k, len - k, " (%s, %s)", x->text, y->text);
  }
}

/* sh[k] belongs with sh[0] (the reference ref for the columns). */
static enum og_status check_pair(const struct shard *sh, size_t k, const struct shard *ref,
                                 struct og_error *err)
{
  char why[256];
  if (strcmp(sh[k].id, sh[0].id)) {
    differences(&sh[0], &sh[k], why, sizeof why);
    return og_error_set(err, OG_EINVAL, "'%s' and '%s' are of different sweeps (ids %s, %s)%s%s",
                        sh[0].path, sh[k].path, sh[0].id, sh[k].id, why[0] ? ": they differ in "
                        : "", why);
  }
  if (sh[k].count != sh[0].count || sh[k].n_tasks != sh[0].n_tasks)
    return og_error_set(err, OG_EINVAL, "'%s' is shard %zu of %zu but '%s' of %zu", sh[0].path,
                        sh[0].index, sh[0].count, sh[k].path, sh[k].count);
  for (size_t j = 0; j < k; j++)
    if (sh[j].index == sh[k].index)
      return og_error_set(err, OG_EINVAL, "'%s' and '%s' are both shard %zu of %zu", sh[j].path,
                          sh[k].path, sh[k].index, sh[k].count);
  if (sh[k].points->n_rows && !same_columns(sh[k].points, ref->points))
    return og_error_set(err, OG_EINVAL, "'%s' and '%s' have different /points columns",
                        ref->path, sh[k].path);
  return OG_OK;
}

static enum og_status check_shards(const struct shard *sh, size_t n, const struct shard *ref,
                                   struct og_error *err)
{
  enum og_status st = OG_OK;
  for (size_t k = 0; k < n && !st; k++)
    st = check_layout(&sh[k], err);
  for (size_t k = 1; k < n && !st; k++)
    st = check_pair(sh, k, ref, err);
  for (size_t i = 0; i < sh[0].count && !st && n < sh[0].count; i++) {
    size_t k = 0;
    while (k < n && sh[k].index != i)
      k++;
    if (k == n)
      st = og_error_set(err, OG_EINVAL, "shard %zu of %zu missing (%zu files given)", i,
                        sh[0].count, n);
  }
  return st;
}

/* Fill m from every shard's task column: each task once, none missing. */
static enum og_status map_tasks(const struct shard *sh, size_t n, struct task_map *m,
                                struct og_error *err)
{
  const size_t nt = sh[0].n_tasks;
  size_t missing = 0, first = 0;
  for (size_t k = 0; k < n; k++)
    for (size_t r = 0; r < sh[k].points->n_rows; r++) {
      int64_t t = ((const int64_t *)sh[k].points->cols[0].data)[r];
      if (t < 0 || (uint64_t)t >= nt)
        return og_error_set(err, OG_EPARSE, "'%s': task %lld out of range (%zu tasks)",
                            sh[k].path, (long long)t, nt);
      if (m->owner[t])
        return og_error_set(err, OG_EINVAL, "task %lld is in both '%s' and '%s'", (long long)t,
                            sh[m->owner[t] - 1].path, sh[k].path);
      m->owner[t] = k + 1;
      m->row[t] = r;
    }
  for (size_t t = nt; t-- > 0;)
    if (!m->owner[t])
      missing++, first = t;
  if (missing)
    return og_error_set(err, OG_EINVAL, "%zu of %zu tasks missing (first: task %zu)", missing, nt,
                        first);
  return OG_OK;
}

/* The root attributes of the first shard, as those of shard 0 of 1. */
static enum og_status merged_attrs(struct og__sweep_file *f, const struct shard *sh)
{
  const struct og_results_summary *s = sh->sum;
  if (!(f->attrs = og__sweep_own(f, s->n_attrs * sizeof *f->attrs)))
    return OG_ENOMEM;
  for (size_t i = 0; i < s->n_attrs; i++) {
    struct og_attr *a = &f->attrs[i];
    *a = s->attrs[i];
    if (!strcmp(a->name, "shard_index"))
      a->value = 0;
    if (!strcmp(a->name, "shard_count"))
      a->value = 1;
  }
  f->n_attrs = s->n_attrs;
  return OG_OK;
}

/* /points of every task in task order; axis units as the shards have
 * them, metric units from /metrics (descriptions: the writer's). */
static enum og_status merged_points(struct og__sweep_file *f, const struct shard *sh,
                                    const struct shard *ref, const struct task_map *m)
{
  const struct og_table *p = ref->points;
  const size_t nk = OG__SWEEP_KEY_COLS + f->n_axes;
  if (!(f->points = og__sweep_own(f, p->n_cols * sizeof *f->points)))
    return OG_ENOMEM;
  for (size_t c = 0; c < p->n_cols; c++) {
    const char *unit = c < OG__SWEEP_KEY_COLS ? ""
                       : c < nk ? p->cols[c].unit
                                : ((const char *const *)f->meta[1].data)[c - nk];
    size_t w = p->cols[c].type == OG_COL_STR ? sizeof(char *) : sizeof(double);
    unsigned char *data = og__sweep_own(f, f->n_tasks * w);
    if (!data)
      return OG_ENOMEM;
    for (size_t t = 0; t < f->n_tasks; t++) {
      const struct og_column *src = &sh[m->owner[t] - 1].points->cols[c];
      memcpy(data + t * w, (const unsigned char *)src->data + m->row[t] * w, w);
    }
    f->points[c] = (struct og_column){.name = p->cols[c].name, .unit = unit,
                                      .type = p->cols[c].type, .data = data};
  }
  f->n_rows = f->n_tasks;
  return OG_OK;
}

/* f from the checked shards (its strings point into theirs). */
static enum og_status merged_file(struct og__sweep_file *f, const struct shard *sh,
                                  const struct shard *ref, const struct task_map *m)
{
  f->n_points = sh->n_points;
  f->replications = sh->replications;
  f->n_tasks = sh->n_tasks;
  memcpy(f->axes, sh->axes->cols, sizeof f->axes);
  f->n_axes = sh->axes->n_rows;
  memcpy(f->meta, ref->metrics->cols, sizeof f->meta);
  f->n_metrics = ref->metrics->n_rows;
  enum og_status st = merged_attrs(f, sh);
  return st ? st : merged_points(f, sh, ref, m);
}

static void free_shards(struct shard *sh, size_t n)
{
  for (size_t k = 0; sh && k < n; k++) {
    og_results_summary_free(sh[k].sum);
    og_results_table_free(sh[k].points);
    og_results_table_free(sh[k].axes);
    og_results_table_free(sh[k].metrics);
  }
  free(sh);
}

/* The shard whose columns the merged file takes: the first holding tasks. */
static const struct shard *reference(const struct shard *sh, size_t n)
{
  for (size_t k = 0; k < n; k++)
    if (sh[k].points->n_rows)
      return &sh[k];
  return sh;
}

enum og_status og_sweep_merge(const char *const *paths, size_t n, const char *out,
                              struct og_error *err)
{
  struct shard *sh = NULL;
  struct task_map m = {NULL, NULL};
  struct og__sweep_file f = {0};
  enum og_status st = OG_OK;
  if (!paths || n == 0 || !out || !out[0])
    return og_error_set(err, OG_EINVAL, "sweep merge: no %s given", !out ? "output" : "files");
  if (!(sh = calloc(n, sizeof *sh)))
    return nomem(err);
  for (size_t k = 0; k < n; k++)
    sh[k].path = paths[k];
  for (size_t k = 0; k < n && !st; k++)
    st = read_shard(&sh[k], err);
  if (st || (st = check_shards(sh, n, reference(sh, n), err)))
    goto done;
  m.owner = calloc(sh[0].n_tasks ? sh[0].n_tasks : 1, sizeof *m.owner);
  m.row = calloc(sh[0].n_tasks ? sh[0].n_tasks : 1, sizeof *m.row);
  if (!m.owner || !m.row) {
    st = nomem(err);
    goto done;
  }
  if ((st = map_tasks(sh, n, &m, err)))
    goto done;
  if (merged_file(&f, sh, reference(sh, n), &m)) {
    st = nomem(err);
    goto done;
  }
  st = og__sweep_file_write(&f, NULL, 0, out, err);
done:
  og__sweep_file_fini(&f);
  free(m.owner);
  free(m.row);
  free_shards(sh, n);
  return st;
}
