/* Unit tests: a sweep's results store and statistics, its results file
 * (/points, /stats, attributes) read back, refusals, and merging shard
 * files into a file equal to the whole sweep's. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <hdf5.h>

#include "sweep.h"

/* Relative comparison that prints both values. */
static void near(double got, double want, double rel)
{
  if (!(fabs(got - want) <= rel * fmax(1, fabs(want))))
    fail_msg("got %.17g, want %.17g", got, want);
}

static void same_bits(double got, double want)
{
  if (memcmp(&got, &want, sizeof got))
    fail_msg("got %.17g, want %.17g (bit for bit)", got, want);
}

/* ---- statistics ---------------------------------------------------------- */

static void stats_by_hand(void **state)
{
  (void)state;
  const double x[] = {1, 2, 3, 4};
  double mean, sd, ci;
  size_t n;
  og_sweep_stats(x, 4, 1, &mean, &sd, &ci, &n);
  assert_int_equal(n, 4);
  same_bits(mean, 2.5);
  near(sd, 1.2909944487358056, 1e-15);               /* sqrt(5/3) */
  near(ci, 3.182446305284263 * 1.2909944487358056 / 2, 1e-12); /* t_{0.975,3} */
}

static void stats_skip_nan_and_stride(void **state)
{
  (void)state;
  /* every second value: 1, 2, NaN, 3 -> {1, 2, 3}: mean 2, sd 1,
   * ci = t_{0.975,2} / sqrt(3) */
  const double x[] = {1, -9, 2, -9, NAN, -9, 3, -9};
  double mean, sd, ci;
  size_t n;
  og_sweep_stats(x, 4, 2, &mean, &sd, &ci, &n);
  assert_int_equal(n, 3);
  near(mean, 2, 1e-15);
  near(sd, 1, 1e-15);
  near(ci, 0.95 / sqrt(2 * 0.975 * 0.025) / sqrt(3), 1e-12); /* t_{0.975,2} = (2p-1)/sqrt(2p(1-p)) */
}

static void stats_too_few(void **state)
{
  (void)state;
  const double one[] = {NAN, 7.25}, none[] = {NAN, NAN};
  double mean, sd, ci;
  size_t n;
  og_sweep_stats(one, 2, 1, &mean, &sd, &ci, &n);
  assert_int_equal(n, 1);
  same_bits(mean, 7.25);
  assert_true(isnan(sd));
  assert_true(isnan(ci));
  og_sweep_stats(none, 2, 1, &mean, &sd, &ci, &n);
  assert_int_equal(n, 0);
  assert_true(isnan(mean) && isnan(sd) && isnan(ci));
  og_sweep_stats(none, 0, 1, &mean, &sd, &ci, &n);
  assert_int_equal(n, 0);
}

/* ---- the results store --------------------------------------------------- */

enum { N_METRICS = 3, N_POINTS = 3, N_REPS = 2, N_TASKS = N_POINTS * N_REPS };

static const char *const metric_name[N_METRICS] = {"throughput", "latency_p99", "detections"};
static const char *const metric_unit[N_METRICS] = {"req/s", "s", ""};

/* Fake scalars of task t: detections of task 3 is NaN (a replicate that
 * produced none), the others a function of (point, replicate). */
static double metric_value(size_t t, size_t m)
{
  size_t p = t / N_REPS, r = t % N_REPS;
  switch (m) {
  case 0: return 100.0 * (double)(p + 1) + 3.0 * (double)r + 0.1;
  case 1: return 0.001 * (double)(t + 1) / 3.0;
  default: return t == 3 ? NAN : (double)(t * t);
  }
}

static void task_scalars(size_t t, struct og_scalar *s)
{
  for (size_t m = 0; m < N_METRICS; m++)
    s[m] = (struct og_scalar){metric_name[m], metric_unit[m], "a fake metric",
                              metric_value(t, m)};
}

static void put_task(struct og_sweep_results *r, size_t t)
{
  struct og_scalar s[N_METRICS];
  struct og_error err = {{0}};
  task_scalars(t, s);
  if (og_sweep_results_put(r, t, s, N_METRICS, &err) != OG_OK)
    fail_msg("put task %zu: %s", t, err.msg);
}

static void put_and_refuse(void **state)
{
  (void)state;
  struct og_sweep_results *r = NULL;
  struct og_scalar s[N_METRICS];
  struct og_error err = {{0}};
  assert_int_equal(og_sweep_results_new(N_TASKS, &r), OG_OK);
  task_scalars(0, s);
  s[0].value = 0.1 + 0.2;
  assert_int_equal(og_sweep_results_put(r, 0, s, N_METRICS, &err), OG_OK);
  assert_int_equal(r->n_metrics, N_METRICS);
  assert_string_equal(r->names[1], "latency_p99");
  assert_string_equal(r->units[0], "req/s");
  same_bits(r->values[0], 0.1 + 0.2);
  /* again: replaced, still one task done */
  s[0].value = -1.5;
  assert_int_equal(og_sweep_results_put(r, 0, s, N_METRICS, &err), OG_OK);
  assert_int_equal(r->n_done, 1);
  same_bits(r->values[0], -1.5);
  /* other names: refused, naming the first that differs */
  s[1].name = "latency_p50";
  assert_int_equal(og_sweep_results_put(r, 1, s, N_METRICS, &err), OG_EINVAL);
  assert_non_null(strstr(err.msg, "latency_p50"));
  assert_non_null(strstr(err.msg, "latency_p99"));
  s[1].name = "latency_p99";
  assert_int_equal(og_sweep_results_put(r, 1, s, N_METRICS - 1, &err), OG_EINVAL);
  assert_non_null(strstr(err.msg, "detections"));
  assert_int_equal(og_sweep_results_put(r, N_TASKS, s, N_METRICS, &err), OG_EINVAL);
  assert_int_equal(r->n_done, 1);
  assert_false(r->done[1]);
  og_sweep_results_free(r);
  og_sweep_results_free(NULL);
}

/* ---- a hand-made sweep: two zipped axes (numeric, text), 3 x 2 tasks ------ */

struct fixture {
  char dir[256];
  char base[4096];
  char *rate_values[N_POINTS], *proto_values[N_POINTS];
  double rate_numbers[N_POINTS];
  char *sets[2];
  struct og_sweep_axis axes[2];
  size_t dim_len[1];
  struct og_sweep sw;
};

static struct fixture *F;

static int setup(void **state)
{
  (void)state;
  static char *rates[] = {"100/s", "200/s", "300/s"}, *protos[] = {"none", "spot_check", "zkml"};
  static char *sets[] = {"duration=2s", "workload.timeout=1s"};
  const char *tmp = getenv("TMPDIR"), *src = getenv("OGSIM_SOURCE_DIR");
  if (!(F = calloc(1, sizeof *F)))
    return -1;
  snprintf(F->dir, sizeof F->dir, "%s/og_sweep_XXXXXX", tmp ? tmp : "/tmp");
  if (!mkdtemp(F->dir))
    return -1;
  snprintf(F->base, sizeof F->base, "%s/tests/scenarios/spotcheck.yaml", src ? src : ".");
  for (size_t i = 0; i < N_POINTS; i++) {
    F->rate_values[i] = rates[i];
    F->proto_values[i] = protos[i];
    F->rate_numbers[i] = 100.0 * (double)(i + 1);
  }
  F->axes[0] = (struct og_sweep_axis){"workload.rate", F->rate_values, F->rate_numbers, N_POINTS, 0, NULL};
  F->axes[1] = (struct og_sweep_axis){"verification.protocol", F->proto_values, NULL, N_POINTS, 0, NULL};
  F->dim_len[0] = N_POINTS;
  F->sw = (struct og_sweep){
    .path = "sweeps/test.yaml", .text = "name: test\nbase: spotcheck.yaml\n", .name = "test",
    .base = F->base, .sets = sets, .n_sets = 2, .axes = F->axes, .n_axes = 2,
    .dim_len = F->dim_len, .n_dims = 1, .n_points = N_POINTS, .replications = N_REPS,
    .crn = 0, .seed = 42, .id = 0x0123456789abcdefULL,
  };
  gsl_set_error_handler_off();
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  return 0;
}

static int teardown(void **state)
{
  (void)state;
  DIR *d = opendir(F->dir);
  struct dirent *e;
  char p[512];
  while (d && (e = readdir(d))) {
    if (e->d_name[0] == '.')
      continue;
    snprintf(p, sizeof p, "%s/%s", F->dir, e->d_name);
    unlink(p);
  }
  if (d)
    closedir(d);
  rmdir(F->dir);
  free(F);
  return 0;
}

static const char *in_dir(char *buf, const char *name)
{
  snprintf(buf, 512, "%s/%s", F->dir, name);
  return buf;
}

/* How many entries of the scratch directory start with prefix. */
static int count_files(const char *prefix)
{
  DIR *d = opendir(F->dir);
  struct dirent *e;
  int n = 0;
  while (d && (e = readdir(d)))
    n += !strncmp(e->d_name, prefix, strlen(prefix));
  if (d)
    closedir(d);
  return n;
}

/* Results of the tasks `keep` says yes to. */
static struct og_sweep_results *results_of(int (*keep)(size_t t, void *ud), void *ud)
{
  struct og_sweep_results *r = NULL;
  assert_int_equal(og_sweep_results_new(N_TASKS, &r), OG_OK);
  for (size_t t = 0; t < N_TASKS; t++)
    if (!keep || keep(t, ud))
      put_task(r, t);
  return r;
}

static int in_shard(size_t t, void *ud)
{
  return t % 2 == *(size_t *)ud;
}

static int not_task3(size_t t, void *ud)
{
  (void)ud;
  return t != 3;
}

static void write_file(const struct og_sweep *sw, int (*keep)(size_t, void *), void *ud,
                       struct og_sweep_shard shard, double wall, const char *path)
{
  struct og_sweep_results *r = results_of(keep, ud);
  const struct og_scalar perf[] = {{"wall_time", "s", "wall-clock time", wall}};
  struct og_error err = {{0}};
  if (og_sweep_write(sw, r, shard, perf, 1, path, &err) != OG_OK)
    fail_msg("og_sweep_write '%s': %s", path, err.msg);
  og_sweep_results_free(r);
}

static struct og_table *table(const char *path, const char *name)
{
  struct og_table *t = NULL;
  struct og_error err = {{0}};
  if (og_results_read_table(path, name, &t, &err) != OG_OK)
    fail_msg("read /%s: %s", name, err.msg);
  return t;
}

static const struct og_column *col(const struct og_table *t, size_t c, const char *name,
                                   enum og_coltype type)
{
  assert_true(c < t->n_cols);
  assert_string_equal(t->cols[c].name, name);
  assert_int_equal(t->cols[c].type, type);
  return &t->cols[c];
}

static const char *attr_text(const struct og_results_summary *s, const char *name)
{
  for (size_t i = 0; i < s->n_attrs; i++)
    if (!strcmp(s->attrs[i].name, name)) {
      assert_non_null(s->attrs[i].text);
      return s->attrs[i].text;
    }
  fail_msg("no attribute %s", name);
  return NULL;
}

static double attr_num(const struct og_results_summary *s, const char *name)
{
  for (size_t i = 0; i < s->n_attrs; i++)
    if (!strcmp(s->attrs[i].name, name)) {
      assert_null(s->attrs[i].text);
      return s->attrs[i].value;
    }
  fail_msg("no attribute %s", name);
  return NAN;
}

static void check_points(const char *path)
{
  struct og_table *t = table(path, "points");
  const char *key[] = {"task", "point", "replicate", "seed"};
  assert_int_equal(t->n_rows, N_TASKS);
  assert_int_equal(t->n_cols, 4 + 2 + N_METRICS);
  for (size_t c = 0; c < 4; c++)
    col(t, c, key[c], OG_COL_I64);
  const double *rate = col(t, 4, "workload.rate", OG_COL_F64)->data;
  char *const *proto = col(t, 5, "verification.protocol", OG_COL_STR)->data;
  for (size_t m = 0; m < N_METRICS; m++)
    col(t, 6 + m, metric_name[m], OG_COL_F64);
  for (size_t row = 0; row < N_TASKS; row++) {
    size_t p = row / N_REPS, rep = row % N_REPS;
    uint64_t seed, want = og_sweep_seed(&F->sw, p, rep);
    assert_int_equal(((const int64_t *)t->cols[0].data)[row], row);
    assert_int_equal(((const int64_t *)t->cols[1].data)[row], p);
    assert_int_equal(((const int64_t *)t->cols[2].data)[row], rep);
    memcpy(&seed, (const int64_t *)t->cols[3].data + row, sizeof seed);
    assert_int_equal(seed, want);
    same_bits(rate[row], 100.0 * (double)(p + 1));
    assert_string_equal(proto[row], F->proto_values[p]);
    for (size_t m = 0; m < N_METRICS; m++)
      same_bits(((const double *)t->cols[6 + m].data)[row], metric_value(row, m));
  }
  assert_true(og_sweep_seed(&F->sw, 0, 0) != og_sweep_seed(&F->sw, 1, 0));
  og_results_table_free(t);
}

/* Point 1's detections: replicate 0 (task 2) is 4, replicate 1 (task 3)
 * NaN: mean 4, no sd; points 0 and 2 have two values each. */
static void check_stats(const char *path)
{
  static const char *const suffix[] = {"mean", "sd", "ci95"};
  const double t1 = tan(acos(-1.0) * 0.475); /* t_{0.975,1}: Cauchy quantile tan(pi (p - 1/2)) */
  struct og_table *t = table(path, "stats");
  assert_int_equal(t->n_rows, N_POINTS);
  assert_int_equal(t->n_cols, 4 + 3 * N_METRICS);
  const int64_t *point = col(t, 0, "point", OG_COL_I64)->data;
  const double *rate = col(t, 1, "workload.rate", OG_COL_F64)->data;
  char *const *proto = col(t, 2, "verification.protocol", OG_COL_STR)->data;
  const int64_t *n = col(t, 3, "n", OG_COL_I64)->data;
  for (size_t m = 0; m < N_METRICS; m++)
    for (size_t k = 0; k < 3; k++) {
      char name[64];
      snprintf(name, sizeof name, "%s_%s", metric_name[m], suffix[k]);
      col(t, 4 + 3 * m + k, name, OG_COL_F64);
    }
  for (size_t p = 0; p < N_POINTS; p++) {
    const double *v = NULL;
    assert_int_equal(point[p], p);
    same_bits(rate[p], F->rate_numbers[p]);
    assert_string_equal(proto[p], F->proto_values[p]);
    assert_int_equal(n[p], N_REPS);
    /* throughput: (100 (p+1) + 0.1, 100 (p+1) + 3.1): mean +1.5, sd 3/sqrt2 */
    v = t->cols[4].data;
    near(v[p], 100.0 * (double)(p + 1) + 1.6, 1e-14);
    v = t->cols[5].data;
    near(v[p], 3 / sqrt(2), 1e-14);
    v = t->cols[6].data;
    near(v[p], t1 * (3 / sqrt(2)) / sqrt(2), 1e-12);
  }
  const double *dmean = t->cols[10].data, *dsd = t->cols[11].data, *dci = t->cols[12].data;
  near(dmean[0], 0.5, 1e-15);     /* tasks 0, 1: 0 and 1 */
  near(dsd[0], sqrt(0.5), 1e-15);
  near(dci[0], t1 * sqrt(0.5) / sqrt(2), 1e-12);
  same_bits(dmean[1], 4);         /* task 2: 4; task 3: NaN */
  assert_true(isnan(dsd[1]) && isnan(dci[1]));
  near(dmean[2], 20.5, 1e-15);    /* tasks 4, 5: 16, 25 */
  og_results_table_free(t);
}

static void check_attrs(const char *path)
{
  struct og_results_summary *s = NULL;
  struct og_error err = {{0}};
  char base_text[8192];
  FILE *in = fopen(F->base, "rb");
  size_t len = in ? fread(base_text, 1, sizeof base_text - 1, in) : 0;
  if (in)
    fclose(in);
  base_text[len] = 0;
  assert_true(len > 0);
  if (og_results_read_summary(path, &s, &err) != OG_OK)
    fail_msg("read summary: %s", err.msg);
  assert_string_equal(s->attrs[0].name, "kind");
  assert_string_equal(attr_text(s, "kind"), "sweep");
  assert_string_equal(attr_text(s, "sweep_name"), "test");
  assert_string_equal(attr_text(s, "sweep_path"), "sweeps/test.yaml");
  assert_string_equal(attr_text(s, "sweep_text"), F->sw.text);
  assert_string_equal(attr_text(s, "base_path"), F->base);
  assert_string_equal(attr_text(s, "base_text"), base_text);
  assert_string_equal(attr_text(s, "sets"), "duration=2s\nworkload.timeout=1s");
  assert_string_equal(attr_text(s, "seed"), "42");
  assert_string_equal(attr_text(s, "sweep_id"), "0123456789abcdef");
  assert_true(attr_num(s, "crn") == 0);
  assert_true(attr_num(s, "replications") == N_REPS);
  assert_true(attr_num(s, "n_points") == N_POINTS);
  assert_true(attr_num(s, "n_tasks") == N_TASKS);
  assert_true(attr_num(s, "shard_index") == 0);
  assert_true(attr_num(s, "shard_count") == 1);
  assert_int_equal(s->n_summary, 3);
  assert_string_equal(s->summary[2].name, "tasks_done");
  assert_true(s->summary[2].value == N_TASKS);
  assert_int_equal(s->n_perf, 1);
  assert_string_equal(s->perf[0].name, "wall_time");
  og_results_summary_free(s);
}

/* Entry i of the `units` attribute of table `name` (a static copy). */
static const char *unit_of(const char *path, const char *name, int i)
{
  static char out[64];
  char *u[64] = {0};
  hid_t f = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT), d = H5Dopen2(f, name, H5P_DEFAULT);
  hid_t a = H5Aopen(d, "units", H5P_DEFAULT), t = H5Aget_type(a), sp = H5Aget_space(a);
  assert_true(a >= 0 && H5Sget_simple_extent_npoints(sp) <= 64);
  assert_true(H5Aread(a, t, u) >= 0);
  snprintf(out, sizeof out, "%s", u[i] ? u[i] : "(none)");
  for (int k = 0; k < 64; k++)
    H5free_memory(u[k]);
  H5Sclose(sp), H5Tclose(t), H5Aclose(a), H5Dclose(d), H5Fclose(f);
  return out;
}

static void write_whole(void **state)
{
  (void)state;
  char path[512];
  write_file(&F->sw, NULL, NULL, (struct og_sweep_shard){0, 1}, 1.0, in_dir(path, "whole.h5"));
  check_attrs(path);
  check_points(path);
  check_stats(path);
  assert_string_equal(unit_of(path, "points", 3), "");
  assert_string_equal(unit_of(path, "points", 6), "req/s");
  assert_string_equal(unit_of(path, "points", 7), "s");
  assert_string_equal(unit_of(path, "stats", 3), "");
  assert_string_equal(unit_of(path, "stats", 4), "req/s");
  assert_string_equal(unit_of(path, "stats", 9), "s");
  struct og_table *m = table(path, "metrics"), *a = table(path, "axes");
  assert_int_equal(m->n_rows, N_METRICS);
  assert_string_equal(((char **)col(m, 1, "unit", OG_COL_STR)->data)[0], "req/s");
  assert_int_equal(a->n_rows, 2);
  assert_string_equal(((char **)col(a, 3, "values", OG_COL_STR)->data)[1],
                      "none, spot_check, zkml");
  assert_int_equal(((int64_t *)col(a, 2, "n_values", OG_COL_I64)->data)[0], N_POINTS);
  og_results_table_free(m);
  og_results_table_free(a);
}

static void write_refuses_missing_task(void **state)
{
  (void)state;
  char path[512];
  struct og_sweep_results *r = results_of(not_task3, NULL);
  struct og_error err = {{0}};
  assert_int_equal(og_sweep_write(&F->sw, r, (struct og_sweep_shard){0, 1}, NULL, 0,
                                  in_dir(path, "partial.h5"), &err), OG_EINVAL);
  assert_non_null(strstr(err.msg, "1 of 6 tasks missing"));
  assert_int_equal(count_files("partial.h5"), 0);
  /* the same tasks as a shard: written, holding the five */
  assert_int_equal(og_sweep_write(&F->sw, r, (struct og_sweep_shard){1, 3}, NULL, 0, path, &err),
                   OG_OK);
  struct og_table *t = table(path, "points"), *st = table(path, "stats");
  assert_int_equal(t->n_rows, N_TASKS - 1);
  assert_int_equal(((const int64_t *)t->cols[0].data)[3], 4);
  assert_int_equal(st->n_rows, N_POINTS - 1); /* point 1 lacks a replicate */
  assert_int_equal(((const int64_t *)st->cols[0].data)[1], 2);
  og_results_table_free(t);
  og_results_table_free(st);
  og_sweep_results_free(r);
}

/* ---- merging ------------------------------------------------------------- */

/* Two files' dataset `name`: same type, same bytes, same units. */
static void same_dataset(hid_t fa, hid_t fb, const char *name)
{
  hid_t da = H5Dopen2(fa, name, H5P_DEFAULT), db = H5Dopen2(fb, name, H5P_DEFAULT);
  assert_true(da >= 0 && db >= 0);
  hid_t ta = H5Dget_type(da), tb = H5Dget_type(db), pa = H5Dget_space(da), pb = H5Dget_space(db);
  hssize_t na = H5Sget_simple_extent_npoints(pa), nb = H5Sget_simple_extent_npoints(pb);
  H5Sclose(pa), H5Sclose(pb);
  if (H5Tequal(ta, tb) <= 0 || na != nb)
    fail_msg("/%s: types or sizes differ (%lld, %lld rows)", name, (long long)na, (long long)nb);
  size_t bytes = (size_t)na * H5Tget_size(ta) + 1;
  unsigned char *ba = calloc(1, bytes), *bb = calloc(1, bytes);
  assert_true(H5Dread(da, ta, H5S_ALL, H5S_ALL, H5P_DEFAULT, ba) >= 0);
  assert_true(H5Dread(db, tb, H5S_ALL, H5S_ALL, H5P_DEFAULT, bb) >= 0);
  if (memcmp(ba, bb, bytes))
    fail_msg("/%s: contents differ", name);
  hid_t aa = H5Aopen(da, "units", H5P_DEFAULT), ab = H5Aopen(db, "units", H5P_DEFAULT);
  hid_t ua = H5Aget_type(aa);
  char *sa[64] = {0}, *sb[64] = {0};
  assert_true(H5Aread(aa, ua, sa) >= 0 && H5Aread(ab, ua, sb) >= 0);
  for (int i = 0; i < 64 && (sa[i] || sb[i]); i++)
    if (!sa[i] || !sb[i] || strcmp(sa[i], sb[i]))
      fail_msg("/%s: unit %d differs", name, i);
  for (int i = 0; i < 64; i++)
    H5free_memory(sa[i]), H5free_memory(sb[i]);
  free(ba);
  free(bb);
  H5Tclose(ua), H5Aclose(aa), H5Aclose(ab), H5Tclose(ta), H5Tclose(tb), H5Dclose(da), H5Dclose(db);
}

/* Tables column by column through the reader. */
static void same_table(const char *a, const char *b, const char *name)
{
  struct og_table *ta = table(a, name), *tb = table(b, name);
  assert_int_equal(ta->n_rows, tb->n_rows);
  assert_int_equal(ta->n_cols, tb->n_cols);
  for (size_t c = 0; c < ta->n_cols; c++) {
    const struct og_column *x = &ta->cols[c], *y = &tb->cols[c];
    assert_string_equal(x->name, y->name);
    assert_int_equal(x->type, y->type);
    for (size_t r = 0; r < ta->n_rows; r++)
      if (x->type == OG_COL_STR)
        assert_string_equal(((char **)x->data)[r], ((char **)y->data)[r]);
      else if (memcmp((char *)x->data + 8 * r, (char *)y->data + 8 * r, 8))
        fail_msg("/%s column %s row %zu differs", name, x->name, r);
  }
  og_results_table_free(ta);
  og_results_table_free(tb);
}

/* Everything but /perf is equal. */
static void same_file(const char *a, const char *b)
{
  static const char *const tables[] = {"points", "stats", "axes", "metrics"};
  struct og_results_summary *sa = NULL, *sb = NULL;
  struct og_error err = {{0}};
  assert_int_equal(og_results_read_summary(a, &sa, &err), OG_OK);
  assert_int_equal(og_results_read_summary(b, &sb, &err), OG_OK);
  assert_int_equal(sa->n_attrs, sb->n_attrs);
  for (size_t i = 0; i < sa->n_attrs; i++) {
    assert_string_equal(sa->attrs[i].name, sb->attrs[i].name);
    if (sa->attrs[i].text)
      assert_string_equal(sa->attrs[i].text, sb->attrs[i].text ? sb->attrs[i].text : "(number)");
    else
      same_bits(sa->attrs[i].value, sb->attrs[i].text ? NAN : sb->attrs[i].value);
  }
  assert_int_equal(sa->n_summary, sb->n_summary);
  for (size_t i = 0; i < sa->n_summary; i++) {
    assert_string_equal(sa->summary[i].name, sb->summary[i].name);
    same_bits(sa->summary[i].value, sb->summary[i].value);
  }
  og_results_summary_free(sa);
  og_results_summary_free(sb);
  hid_t fa = H5Fopen(a, H5F_ACC_RDONLY, H5P_DEFAULT), fb = H5Fopen(b, H5F_ACC_RDONLY, H5P_DEFAULT);
  assert_true(fa >= 0 && fb >= 0);
  for (size_t i = 0; i < sizeof tables / sizeof *tables; i++) {
    same_table(a, b, tables[i]);
    same_dataset(fa, fb, tables[i]);
  }
  H5Fclose(fa);
  H5Fclose(fb);
}

static void merge_ok(const char *const *paths, size_t n, const char *out)
{
  struct og_error err = {{0}};
  if (og_sweep_merge(paths, n, out, &err) != OG_OK)
    fail_msg("merge: %s", err.msg);
}

static void merge_equals_whole(void **state)
{
  (void)state;
  char whole[512], s0[512], s1[512], merged[512], all[512], none[512];
  size_t zero = 0, one = 1;
  write_file(&F->sw, NULL, NULL, (struct og_sweep_shard){0, 1}, 1.0, in_dir(whole, "w.h5"));
  write_file(&F->sw, in_shard, &zero, (struct og_sweep_shard){0, 2}, 2.0, in_dir(s0, "s0.h5"));
  write_file(&F->sw, in_shard, &one, (struct og_sweep_shard){1, 2}, 3.0, in_dir(s1, "s1.h5"));
  const char *shards[] = {s1, s0}; /* any order */
  merge_ok(shards, 2, in_dir(merged, "m.h5"));
  same_file(whole, merged);
  /* a shard that did nothing (no metrics yet) with one that did all */
  struct og_sweep_results *r = NULL;
  assert_int_equal(og_sweep_results_new(N_TASKS, &r), OG_OK);
  struct og_error err = {{0}};
  assert_int_equal(og_sweep_write(&F->sw, r, (struct og_sweep_shard){1, 2}, NULL, 0,
                                  in_dir(none, "none.h5"), &err), OG_OK);
  og_sweep_results_free(r);
  write_file(&F->sw, NULL, NULL, (struct og_sweep_shard){0, 2}, 4.0, in_dir(all, "all.h5"));
  const char *pair[] = {none, all};
  merge_ok(pair, 2, merged);
  same_file(whole, merged);
}

static void merge_refuse(const char *const *paths, size_t n, const char *want)
{
  char out[512];
  struct og_error err = {{0}};
  assert_int_equal(og_sweep_merge(paths, n, in_dir(out, "refused.h5"), &err), OG_EINVAL);
  if (!strstr(err.msg, want))
    fail_msg("message '%s' lacks '%s'", err.msg, want);
  assert_int_equal(count_files("refused.h5"), 0);
}

static void merge_refusals(void **state)
{
  (void)state;
  char s0[512], s1[512], s0all[512], other[512], s1part[512];
  size_t zero = 0, one = 1;
  write_file(&F->sw, in_shard, &zero, (struct og_sweep_shard){0, 2}, 2.0, in_dir(s0, "r0.h5"));
  write_file(&F->sw, in_shard, &one, (struct og_sweep_shard){1, 2}, 3.0, in_dir(s1, "r1.h5"));
  write_file(&F->sw, NULL, NULL, (struct og_sweep_shard){0, 2}, 2.0, in_dir(s0all, "r0all.h5"));
  size_t five = 5;
  write_file(&F->sw, in_shard, &five, (struct og_sweep_shard){1, 2}, 2.0,
             in_dir(s1part, "r1part.h5")); /* no task: 5 is neither 0 nor 1 */
  struct og_sweep sw2 = F->sw;
  sw2.id ^= 1;
  write_file(&sw2, in_shard, &one, (struct og_sweep_shard){1, 2}, 2.0, in_dir(other, "ro.h5"));

  const char *overlap[] = {s0all, s1};
  merge_refuse(overlap, 2, "task 1 is in both");
  const char *twice[] = {s0, s0};
  merge_refuse(twice, 2, "both shard 0 of 2");
  const char *alone[] = {s0};
  merge_refuse(alone, 1, "shard 1 of 2 missing");
  const char *mixed[] = {s0, other};
  merge_refuse(mixed, 2, "different sweeps");
  const char *short_[] = {s0, s1part};
  merge_refuse(short_, 2, "3 of 6 tasks missing");
  char out[512];
  struct og_error err = {{0}};
  const char *bad[] = {F->base, s1};
  assert_int_not_equal(og_sweep_merge(bad, 2, in_dir(out, "refused.h5"), &err), OG_OK);
  assert_int_equal(count_files("refused.h5"), 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(stats_by_hand),
    cmocka_unit_test(stats_skip_nan_and_stride),
    cmocka_unit_test(stats_too_few),
    cmocka_unit_test(put_and_refuse),
    cmocka_unit_test(write_whole),
    cmocka_unit_test(write_refuses_missing_task),
    cmocka_unit_test(merge_equals_whole),
    cmocka_unit_test(merge_refusals),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
