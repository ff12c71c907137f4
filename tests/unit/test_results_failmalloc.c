/* The results writer and readers under allocation failure (failmalloc.h):
 * failing each of their allocations in turn, every call must fail cleanly
 * (OG_ENOMEM and a message, no result), a write must leave no file under
 * the final or the temporary name and keep an older file intact, and
 * nothing may stay open or allocated (run it under the ASan build for
 * leaks). */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <hdf5.h>

#include "failmalloc.h"
#include "results_io.h"

enum { ROWS = 5 };

static char dir[256];
static const char *names[ROWS] = {"a", "bb", "", "dddd", "e"};
static const double xs[ROWS] = {0.5, 1.5, 2.5, 3.5, 4.5};
static const int64_t ns[ROWS] = {1, -2, 3, -4, 5};
static const uint32_t us[ROWS] = {10, 20, 30, 40, 50};
static const struct og_column cols[] = {
    {"name", "", OG_COL_STR, names, NULL, NULL, 0}, {"x", "s", OG_COL_F64, xs, NULL, NULL, 0},
    {"n", "", OG_COL_I64, ns, NULL, NULL, 0},       {"u", "requests", OG_COL_U32, us, NULL, NULL, 0}};
static const struct og_table tables[] = {{"compound", ROWS, 4, cols, 1},
                                         {"group/nested", ROWS, 4, cols, 0}};
static const struct og_scalar scalars[] = {{"throughput", "1/s", "served per second", 12.5},
                                           {"latency", "s", "mean latency", 0.25}};
static const struct og_attr attrs[] = {{"scenario", "name: x\n", 0}, {"seed", NULL, 7}};
static const struct og_results_doc doc = {attrs, 2, scalars, 2, scalars + 1, 1, tables, 2};

static int setup(void **state)
{
  (void)state;
  const char *t = getenv("TMPDIR");
  snprintf(dir, sizeof dir, "%s/og_failmalloc_XXXXXX", t && *t ? t : "/tmp");
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
  (void)state;
  DIR *d = opendir(dir);
  struct dirent *e;
  char p[512];
  while (d && (e = readdir(d))) {
    snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
    if (e->d_name[0] != '.')
      unlink(p);
  }
  if (d)
    closedir(d);
  return rmdir(dir);
}

/* The names in dir, sorted and joined with ' ' ("" when empty). */
static void listing(char *buf, size_t size)
{
  struct dirent **list;
  int n = scandir(dir, &list, NULL, alphasort);
  buf[0] = '\0';
  for (int i = 0; i < n; i++) {
    if (list[i]->d_name[0] != '.')
      snprintf(buf + strlen(buf), size - strlen(buf), "%s ", list[i]->d_name);
    free(list[i]);
  }
  free(list);
}

/* How many /summary scalars the file at path has (-1: none readable). */
static long n_summary(const char *path)
{
  struct og_results_summary *s = NULL;
  struct og_error err = {""};
  long n = og_results_read_summary(path, &s, &err) == OG_OK ? (long)s->n_summary : -1;
  og_results_summary_free(s);
  return n;
}

/* Fail allocation n = 1, 2, ... of a write to `name` until one passes with
 * no failure; each failure must leave dir as it was. Returns how many
 * allocations a whole write makes. */
static long fail_each(const char *name)
{
  char path[512], before[1024], after[1024];
  long n, old;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  listing(before, sizeof before);
  old = n_summary(path);
  for (n = 1;; n++) {
    struct og_error err = {""};
    og_failmalloc_arm(n);
    enum og_status st = og_results_write(path, &doc, &err);
    int fired = og_failmalloc_fired();
    og_failmalloc_arm(0);
    if (!fired) {
      if (st != OG_OK)
        fail_msg("with no failure injected: %s", err.msg);
      break;
    }
    if (st == OG_OK)
      fail_msg("allocation %ld failed, yet the write succeeded", n);
    if (st != OG_ENOMEM || !strstr(err.msg, "out of memory") || !strstr(err.msg, path))
      fail_msg("allocation %ld failed: status %d, '%s'", n, (int)st, err.msg);
    assert_int_equal(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
    listing(after, sizeof after);
    assert_string_equal(after, before);
    assert_int_equal(n_summary(path), old);
  }
  return n - 1;
}

static void test_new_file(void **state)
{
  (void)state;
  long n = fail_each("new.h5");
  assert_true(n >= 5); /* the test reaches the writer's allocations */
  printf("# %ld allocations per write, each failed in turn\n", n);
}

/* Over an older file: each failure keeps it as it was. */
static void test_over_old_file(void **state)
{
  (void)state;
  char path[512];
  struct og_results_summary *s = NULL;
  struct og_error err = {""};
  struct og_results_doc old = {attrs, 1, scalars, 1, NULL, 0, NULL, 0};
  snprintf(path, sizeof path, "%s/old.h5", dir);
  assert_int_equal(og_results_write(path, &old, &err), OG_OK);
  fail_each("old.h5");
  assert_int_equal(og_results_read_summary(path, &s, &err), OG_OK);
  assert_int_equal(s->n_summary, 2); /* the last, successful write's */
  og_results_summary_free(s);
}

/* Fail each allocation of a read of what test_new_file wrote. */
static void test_readers(void **state)
{
  (void)state;
  char path[512];
  long n;
  snprintf(path, sizeof path, "%s/read.h5", dir);
  struct og_error err = {""};
  assert_int_equal(og_results_write(path, &doc, &err), OG_OK);
  for (int which = 0; which < 2; which++) {
    for (n = 1;; n++) {
      struct og_results_summary *s = NULL;
      struct og_table *t = NULL;
      og_failmalloc_arm(n);
      enum og_status st = which ? og_results_read_table(path, "compound", &t, &err)
                                : og_results_read_summary(path, &s, &err);
      int fired = og_failmalloc_fired();
      og_failmalloc_arm(0);
      assert_int_equal(H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL), 0);
      if (!fired) {
        assert_int_equal(st, OG_OK);
        assert_true(which ? t->n_rows == ROWS : s->n_summary == 2);
      } else if (st != OG_ENOMEM || !strstr(err.msg, "out of memory") || s || t) {
        fail_msg("reader %d, allocation %ld failed: status %d, '%s'", which, n, (int)st,
                 err.msg);
      }
      og_results_summary_free(s);
      og_results_table_free(t);
      if (!fired)
        break;
    }
    printf("# reader %d: %ld allocations, each failed in turn\n", which, n - 1);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_new_file),
      cmocka_unit_test(test_over_old_file),
      cmocka_unit_test(test_readers),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
