/* Unit tests: sweep files (tests/sweeps/load-*.yaml) -> grid, values, sets,
 * seeds and id; every file of tests/bad_sweeps/ refused with its message. */
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

#include "rng.h"
#include "sweep.h"

static void source_path(char *buf, size_t len, const char *rel)
{
  const char *src = getenv("OGSIM_SOURCE_DIR");
  snprintf(buf, len, "%s/%s", src ? src : ".", rel);
}

static struct og_sweep *load(const char *rel, const char *const *sets, size_t n,
                             const uint64_t *seed)
{
  char path[4096];
  struct og_sweep *sw = NULL;
  struct og_error err = {{0}};
  source_path(path, sizeof path, rel);
  enum og_status st = og_sweep_load(path, sets, n, seed, &sw, &err);
  if (st != OG_OK)
    fail_msg("%s: %s", og_strerror(st), err.msg);
  assert_non_null(sw);
  return sw;
}

static void expect_values(const struct og_sweep_axis *ax, const char *const *texts, size_t n)
{
  assert_int_equal(ax->n_values, n);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(ax->values[i], texts[i]);
}

static void grid_values(void **state)
{
  (void)state;
  struct og_sweep *sw = load("tests/sweeps/load-grid.yaml", NULL, 0, NULL);
  assert_string_equal(sw->name, "grid");
  assert_non_null(strstr(sw->base, "tests/sweeps/../scenarios/sweep-base.yaml"));
  assert_int_equal(sw->n_axes, 3);
  assert_int_equal(sw->n_dims, 3);
  assert_int_equal(sw->dim_len[0], 3);
  assert_int_equal(sw->dim_len[1], 5);
  assert_int_equal(sw->dim_len[2], 3);
  assert_int_equal(sw->n_points, 45);
  assert_int_equal(og_sweep_n_tasks(sw), 135);
  assert_int_equal(sw->replications, 3);
  assert_int_equal(sw->crn, 1);
  assert_int_equal(sw->seed, 42);
  for (size_t a = 0; a < 3; a++)
    assert_int_equal(sw->axes[a].dim, a);
  expect_values(&sw->axes[0], (const char *const[]){"0.05", "0.1", "0.2"}, 3);
  assert_true(sw->axes[0].numbers[0] == 0.05 && sw->axes[0].numbers[2] == 0.2);
  og_sweep_free(sw);
}

/* Generated values: ends exact, texts that read back as the numbers. */
static void grid_ranges(void **state)
{
  (void)state;
  struct og_sweep *sw = load("tests/sweeps/load-grid.yaml", NULL, 0, NULL);
  const struct og_sweep_axis *lin = &sw->axes[1], *lg = &sw->axes[2];
  expect_values(lin, (const char *const[]){"0.1", "0.2", "0.3", "0.4", "0.5"}, 5);
  assert_true(lin->numbers[0] == 0.1 && lin->numbers[4] == 0.5);
  for (size_t i = 0; i < 5; i++) {
    assert_true(lin->numbers[i] == strtod(lin->values[i], NULL));
    assert_true(fabs(lin->numbers[i] - (0.1 + 0.1 * (double)i)) < 1e-15);
  }
  expect_values(lg, (const char *const[]){"1000/s", "10000/s", "100000/s"}, 3);
  assert_non_null(lg->numbers);
  assert_true(fabs(lg->numbers[0] - 1000) <= nextafter(1000, 2000) - 1000);
  assert_true(fabs(lg->numbers[2] - 1e5) <= nextafter(1e5, 2e5) - 1e5);
  assert_true(fabs(lg->numbers[1] / sqrt(lg->numbers[0] * lg->numbers[2]) - 1) < 1e-14);
  og_sweep_free(sw);
}

/* Point 0 holds every axis's first value; the last axis varies fastest. */
static void grid_order(void **state)
{
  (void)state;
  struct og_sweep *sw = load("tests/sweeps/load-grid.yaml", NULL, 0, NULL);
  for (size_t a = 0; a < 3; a++)
    assert_int_equal(og_sweep_value_index(sw, 0, a), 0);
  for (size_t p = 0; p < sw->n_points; p++) {
    assert_int_equal(og_sweep_value_index(sw, p, 0), p / 15);
    assert_int_equal(og_sweep_value_index(sw, p, 1), p / 3 % 5);
    assert_int_equal(og_sweep_value_index(sw, p, 2), p % 3);
  }
  char **v;
  size_t n;
  assert_int_equal(og_sweep_point_sets(sw, 44, &v, &n), OG_OK);
  const char *want[] = {"duration=1s", "verification.on_detect=eject", "verification.rate=0.2",
                        "economics.slash=0.5", "workload.rate=100000/s"};
  assert_int_equal(n, 5);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(v[i], want[i]);
  og_sweep_strings_free(v, n);
  assert_int_equal(og_sweep_point_sets(sw, 4, &v, &n), OG_OK);
  assert_string_equal(v[2], "verification.rate=0.05");
  assert_string_equal(v[3], "economics.slash=0.2");
  assert_string_equal(v[4], "workload.rate=10000/s");
  og_sweep_strings_free(v, n);
  og_sweep_free(sw);
}

/* crn: a replicate's seed is the same at every point, replicates differ. */
static void seeds_crn(void **state)
{
  (void)state;
  struct og_sweep *sw = load("tests/sweeps/load-grid.yaml", NULL, 0, NULL);
  for (size_t r = 0; r < sw->replications; r++) {
    assert_int_equal(og_sweep_seed(sw, 0, r), og_rng_stream_seed(42, OG_RNG_SWEEP, r));
    for (size_t p = 1; p < sw->n_points; p++)
      assert_int_equal(og_sweep_seed(sw, p, r), og_sweep_seed(sw, 0, r));
  }
  assert_int_not_equal(og_sweep_seed(sw, 0, 0), og_sweep_seed(sw, 0, 1));
  assert_int_not_equal(og_sweep_seed(sw, 0, 1), og_sweep_seed(sw, 0, 2));
  assert_int_not_equal(og_sweep_seed(sw, 0, 0), og_sweep_seed(sw, 0, 2));
  og_sweep_free(sw);
}

/* A zip group is one dimension; text values have no numbers; file sets,
 * then command-line sets, then the axes; the seed from the file's set:. */
static void zip_and_sets(void **state)
{
  (void)state;
  const char *cli[] = {"workload.timeout=5s"};
  struct og_sweep *sw = load("tests/sweeps/load-zip.yaml", cli, 1, NULL);
  assert_string_equal(sw->name, "load-zip");
  assert_int_equal(sw->n_axes, 3);
  assert_int_equal(sw->n_dims, 2);
  assert_int_equal(sw->dim_len[0], 2);
  assert_int_equal(sw->dim_len[1], 3);
  assert_int_equal(sw->axes[1].dim, 1);
  assert_int_equal(sw->axes[2].dim, 1);
  assert_int_equal(sw->n_points, 6);
  assert_null(sw->axes[0].numbers);
  assert_null(sw->axes[2].numbers);
  assert_non_null(sw->axes[1].numbers);
  assert_true(sw->axes[1].numbers[1] == 0.25 && sw->axes[1].numbers[2] == 0);
  assert_int_equal(sw->seed, 11);
  assert_int_equal(sw->n_sets, 3);
  assert_string_equal(sw->sets[0], "seed=11");
  assert_string_equal(sw->sets[1], "economics.slash=0.3");
  assert_string_equal(sw->sets[2], "workload.timeout=5s");
  char **v;
  size_t n;
  assert_int_equal(og_sweep_point_sets(sw, 4, &v, &n), OG_OK);
  const char *want[] = {"seed=11", "economics.slash=0.3", "workload.timeout=5s",
                        "gateway.routing=least_loaded", "economics.whistleblower=0.25",
                        "workload.rate=600/s"};
  assert_int_equal(n, 6);
  for (size_t i = 0; i < n; i++)
    assert_string_equal(v[i], want[i]);
  og_sweep_strings_free(v, n);
  og_sweep_free(sw);
}

/* Without crn every (point, replicate) has its own seed. */
static void seeds_no_crn(void **state)
{
  (void)state;
  struct og_sweep *sw = load("tests/sweeps/load-zip.yaml", NULL, 0, NULL);
  assert_int_equal(sw->crn, 0);
  uint64_t seen[6 * 3];
  size_t k = 0;
  for (size_t p = 0; p < sw->n_points; p++)
    for (size_t r = 0; r < 3; r++) {
      uint64_t s = og_sweep_seed(sw, p, r);
      for (size_t j = 0; j < k; j++)
        if (seen[j] == s)
          fail_msg("point %zu replicate %zu: seed %llu seen before", p, r,
                   (unsigned long long)s);
      seen[k++] = s;
    }
  uint64_t per_point = og_rng_stream_seed(11, OG_RNG_SWEEP, UINT64_MAX - 5);
  assert_int_equal(og_sweep_seed(sw, 5, 2), og_rng_stream_seed(per_point, OG_RNG_SWEEP, 2));
  og_sweep_free(sw);
}

/* No axes: one point; the seed is the base scenario's unless --seed or a
 * set: of the seed says otherwise; `seed:` beaten by --seed. */
static void plain_and_seed_sources(void **state)
{
  (void)state;
  struct og_sweep *sw = load("tests/sweeps/load-plain.yaml", NULL, 0, NULL);
  assert_int_equal(sw->n_points, 1);
  assert_int_equal(sw->n_dims, 0);
  assert_int_equal(sw->n_axes, 0);
  assert_int_equal(sw->n_sets, 0);
  assert_int_equal(sw->seed, 7);
  char **v;
  size_t n = 9;
  assert_int_equal(og_sweep_point_sets(sw, 0, &v, &n), OG_OK);
  assert_int_equal(n, 0);
  og_sweep_strings_free(v, n);
  og_sweep_free(sw);
  const char *cli[] = {"seed=5"};
  sw = load("tests/sweeps/load-plain.yaml", cli, 1, NULL);
  assert_int_equal(sw->seed, 5);
  og_sweep_free(sw);
  uint64_t over = 99;
  sw = load("tests/sweeps/load-plain.yaml", cli, 1, &over);
  assert_int_equal(sw->seed, 99);
  og_sweep_free(sw);
  sw = load("tests/sweeps/load-grid.yaml", NULL, 0, &over);
  assert_int_equal(sw->seed, 99);
  assert_int_equal(og_sweep_seed(sw, 3, 1), og_rng_stream_seed(99, OG_RNG_SWEEP, 1));
  og_sweep_free(sw);
  og_sweep_free(NULL);
  og_sweep_strings_free(NULL, 0);
}

/* ---- id ------------------------------------------------------------------ */

static char tmpdir[] = "/tmp/og-sweep-XXXXXX";

static uint64_t id_of(const char *file, const char *values, int reps, const char *const *sets,
                      size_t n_sets, const uint64_t *seed)
{
  char path[4096], base[4096];
  snprintf(path, sizeof path, "%s/%s", tmpdir, file);
  source_path(base, sizeof base, "tests/scenarios/sweep-base.yaml");
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fprintf(f, "base: %s\naxes:\n  - {path: verification.rate, values: [%s]}\nreplications: %d\n",
          base, values, reps);
  assert_int_equal(fclose(f), 0);
  struct og_sweep *sw = NULL;
  struct og_error err = {{0}};
  if (og_sweep_load(path, sets, n_sets, seed, &sw, &err) != OG_OK)
    fail_msg("%s", err.msg);
  uint64_t id = sw->id;
  og_sweep_free(sw);
  return id;
}

static void id_changes(void **state)
{
  (void)state;
  assert_non_null(mkdtemp(tmpdir));
  uint64_t a = id_of("a.yaml", "0.1, 0.2", 2, NULL, 0, NULL);
  assert_int_equal(id_of("a.yaml", "0.1, 0.2", 2, NULL, 0, NULL), a);
  assert_int_equal(id_of("b.yaml", "0.1, 0.2", 2, NULL, 0, NULL), a);
  assert_int_not_equal(id_of("a.yaml", "0.1, 0.3", 2, NULL, 0, NULL), a);
  assert_int_not_equal(id_of("a.yaml", "0.1, 0.2", 3, NULL, 0, NULL), a);
  const char *cli[] = {"duration=1s"};
  assert_int_not_equal(id_of("a.yaml", "0.1, 0.2", 2, cli, 1, NULL), a);
  uint64_t seed = 7; /* the base scenario's own: the same tasks, the same id */
  assert_int_equal(id_of("a.yaml", "0.1, 0.2", 2, NULL, 0, &seed), a);
  seed = 8;
  assert_int_not_equal(id_of("a.yaml", "0.1, 0.2", 2, NULL, 0, &seed), a);
  char path[4096];
  snprintf(path, sizeof path, "%s/a.yaml", tmpdir);
  unlink(path);
  snprintf(path, sizeof path, "%s/b.yaml", tmpdir);
  unlink(path);
  rmdir(tmpdir);
}

/* ---- bad input ----------------------------------------------------------- */

static void expect_refused(const char *path, const char *name)
{
  char line[1024] = "";
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  if (!fgets(line, sizeof line, f) || strncmp(line, "# expect: ", 10))
    fail_msg("%s has no '# expect:' first line", name);
  fclose(f);
  line[strcspn(line, "\n")] = 0;
  const char *expect = line + 10;
  struct og_sweep *sw = NULL;
  struct og_error err = {{0}};
  enum og_status st = og_sweep_load(path, NULL, 0, NULL, &sw, &err);
  print_message("%s: %s\n", name, err.msg);
  assert_null(sw);
  if (st != OG_EINVAL && st != OG_EPARSE)
    fail_msg("%s: status %s, want invalid or parse error", name, og_strerror(st));
  if (!strstr(err.msg, expect))
    fail_msg("%s: message '%s' does not contain '%s'", name, err.msg, expect);
  if (strncmp(err.msg, path, strlen(path)))
    fail_msg("%s: message '%s' does not start with the file", name, err.msg);
}

static int by_name(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void bad_sweeps(void **state)
{
  (void)state;
  char dir[4096], path[8192];
  char *names[256];
  size_t n = 0;
  source_path(dir, sizeof dir, "tests/bad_sweeps");
  DIR *d = opendir(dir);
  assert_non_null(d);
  for (struct dirent *e; (e = readdir(d)) && n < 256;) {
    size_t len = strlen(e->d_name);
    if (len > 5 && !strcmp(e->d_name + len - 5, ".yaml"))
      assert_non_null(names[n++] = strdup(e->d_name));
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  assert_true(n >= 10);
  for (size_t i = 0; i < n; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    expect_refused(path, names[i]);
    free(names[i]);
  }
}

/* A missing file, and a command-line --set of an axis's path. */
static void other_refusals(void **state)
{
  (void)state;
  char path[4096];
  struct og_sweep *sw = NULL;
  struct og_error err = {{0}};
  source_path(path, sizeof path, "tests/sweeps/no-such-sweep.yaml");
  assert_int_equal(og_sweep_load(path, NULL, 0, NULL, &sw, &err), OG_EIO);
  assert_null(sw);
  assert_non_null(strstr(err.msg, "no-such-sweep.yaml: cannot read"));
  const char *cli[] = {"verification.rate=0.3"};
  source_path(path, sizeof path, "tests/sweeps/load-grid.yaml");
  assert_int_equal(og_sweep_load(path, cli, 1, NULL, &sw, &err), OG_EINVAL);
  assert_null(sw);
  if (!strstr(err.msg, "--set verification.rate=0.3: verification.rate: is an axis of sweep"))
    fail_msg("message: %s", err.msg);
  const char *bad[] = {"duration=never"};
  assert_int_equal(og_sweep_load(path, bad, 1, NULL, &sw, &err), OG_EINVAL);
  if (!strstr(err.msg, "base scenario with the sweep's sets: --set duration=never: duration:"))
    fail_msg("message: %s", err.msg);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(grid_values),  cmocka_unit_test(grid_ranges),
    cmocka_unit_test(grid_order),   cmocka_unit_test(seeds_crn),
    cmocka_unit_test(zip_and_sets), cmocka_unit_test(seeds_no_crn),
    cmocka_unit_test(plain_and_seed_sources), cmocka_unit_test(id_changes),
    cmocka_unit_test(bad_sweeps),   cmocka_unit_test(other_refusals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
